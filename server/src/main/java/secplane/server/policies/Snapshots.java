package secplane.server.policies;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import secplane.server.store.Sql;

/** Which snapshot an agent should run, and whether to send it now. */
public final class Snapshots {
    private Snapshots() {
    }

    /** The agent fields targeting looks at. */
    public record AgentView(String agentId, String service, String instanceId, Map<String, String> labels) {
    }

    /** The newest version of the agent's service whose target includes the agent, or 0 if none. */
    public static long desiredVersion(Connection c, AgentView agent) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT s.version, s.target, r.stages, r.stage_index, r.state FROM snapshots s "
                + "LEFT JOIN rollouts r ON r.service = s.service AND r.version = s.version WHERE s.service = ? ORDER BY s.version DESC")) {
            ps.setString(1, agent.service());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Target target = Target.parse(rs.getString(2));
                    String stages = rs.getString(3);
                    if (stages != null) {
                        int pct = Rollouts.percentage(stages, rs.getLong(4), rs.getString(5));
                        if (pct < 0) {
                            continue;
                        }
                        target = target.withPercentage(pct);
                    }
                    if (target.matches(agent.agentId(), agent.instanceId(), agent.labels())) {
                        return rs.getLong(1);
                    }
                }
            }
        }
        return 0;
    }

    /**
     * The signed snapshot to answer a poll with: the desired version, if it is newer than what the
     * agent applied and the agent has not NACKed it (docs/protocol.md: a NACKed version is not resent).
     */
    public static Optional<String> toSend(Connection c, AgentView agent, long applied) throws SQLException {
        long desired = desiredVersion(c, agent);
        if (desired <= applied) {
            return Optional.empty();
        }
        boolean nacked = Sql.one(c, "SELECT state FROM agent_status WHERE agent_id = ? AND version = ?", rs -> rs.getString(1),
                agent.agentId(), desired).filter("failed"::equals).isPresent();
        if (nacked) {
            return Optional.empty();
        }
        return Sql.one(c, "SELECT signed FROM snapshots WHERE service = ? AND version = ?", rs -> rs.getString(1), agent.service(), desired);
    }
}
