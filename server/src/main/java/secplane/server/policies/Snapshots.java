package secplane.server.policies;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import secplane.server.store.Sql;

/** Which snapshot an agent should run, and whether to send it now. */
public final class Snapshots {
    private Snapshots() {
    }

    /** The agent fields targeting looks at. */
    public record AgentView(String agentId, String service, String instanceId, Map<String, String> labels) {
    }

    /** One version of a service and whom it may reach now; {@code target} is null when an aborted rollout lets it reach no one. */
    record Candidate(long version, Target target) {
    }

    /**
     * The versions of one service, newest first, each with the target its rollout allows at the
     * moment of loading: enough to tell any agent of the service its desired version without
     * another query. A plan is a picture of the database at one moment; {@code SnapshotPolls}
     * keeps one per service and drops it when a push, rollback or rollout change is seen.
     */
    public static final class Plan {
        private final String service;
        private final List<Candidate> candidates;

        private Plan(String service, List<Candidate> candidates) {
            this.service = service;
            this.candidates = candidates;
        }

        public String service() {
            return service;
        }

        /** The newest version whose target includes the agent, or 0 if none. */
        public long desired(AgentView agent) {
            for (Candidate cand : candidates) {
                if (cand.target() != null && cand.target().matches(agent.agentId(), agent.instanceId(), agent.labels())) {
                    return cand.version();
                }
            }
            return 0;
        }

        public boolean has(long version) {
            for (Candidate cand : candidates) {
                if (cand.version() == version) {
                    return true;
                }
            }
            return false;
        }

        public long newest() {
            return candidates.isEmpty() ? 0 : candidates.get(0).version();
        }
    }

    /** Loads the plan of {@code service}: one query. */
    public static Plan plan(Connection c, String service) throws SQLException {
        List<Candidate> list = Sql.query(c, "SELECT s.version, s.target, r.stages, r.stage_index, r.state FROM snapshots s "
                + "LEFT JOIN rollouts r ON r.service = s.service AND r.version = s.version WHERE s.service = ? ORDER BY s.version DESC", rs -> {
                    Target target = Target.parse(rs.getString(2));
                    String stages = rs.getString(3);
                    if (stages != null) {
                        int pct = Rollouts.percentage(stages, rs.getLong(4), rs.getString(5));
                        target = pct < 0 ? null : target.withPercentage(pct);
                    }
                    return new Candidate(rs.getLong(1), target);
                }, service);
        return new Plan(service, List.copyOf(list));
    }

    /** The newest version of the agent's service whose target includes the agent, or 0 if none. */
    public static long desiredVersion(Connection c, AgentView agent) throws SQLException {
        return plan(c, agent.service()).desired(agent);
    }

    /** Whether the agent has NACKed {@code version} (docs/protocol.md: a NACKed version is not resent). */
    public static boolean nacked(Connection c, String agentId, long version) throws SQLException {
        return Sql.one(c, "SELECT state FROM agent_status WHERE agent_id = ? AND version = ?", rs -> rs.getString(1), agentId, version)
                .filter("failed"::equals).isPresent();
    }

    /** The agents of {@code service} that NACKed a version of at least {@code fromVersion}, as "agentId/version". */
    public static Set<String> nacks(Connection c, String service, long fromVersion) throws SQLException {
        return Set.copyOf(Sql.query(c, "SELECT st.agent_id, st.version FROM agent_status st JOIN agents a ON a.id = st.agent_id "
                + "WHERE a.service = ? AND st.state = 'failed' AND st.version >= ?", rs -> rs.getString(1) + "/" + rs.getLong(2), service, fromVersion));
    }

    public static Optional<String> signed(Connection c, String service, long version) throws SQLException {
        return Sql.one(c, "SELECT signed FROM snapshots WHERE service = ? AND version = ?", rs -> rs.getString(1), service, version);
    }

    /**
     * The signed snapshot to answer a poll with: the desired version, if it is newer than what the
     * agent applied and the agent has not NACKed it.
     */
    public static Optional<String> toSend(Connection c, AgentView agent, long applied) throws SQLException {
        long desired = desiredVersion(c, agent);
        if (desired <= applied || nacked(c, agent.agentId(), desired)) {
            return Optional.empty();
        }
        return signed(c, agent.service(), desired);
    }
}
