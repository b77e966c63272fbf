package secplane.server.policies;

import io.javalin.Javalin;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import secplane.protocol.json.Json;
import secplane.server.ServerConfig;
import secplane.server.agents.AgentRoutes;
import secplane.server.agents.SnapshotPolls;
import secplane.server.audit.Audit;
import secplane.server.http.ApiError;
import secplane.server.http.Http;
import secplane.server.store.Sql;
import secplane.server.store.Store;
import secplane.server.tokens.Principal;
import secplane.server.tokens.Tokens;

/**
 * Staged rollouts: a version reaches {@code stages[0]} percent of its target, then, every
 * {@code stageSeconds} without a NACK, the next stage. A NACK from any agent pauses the rollout
 * (the operator looks, then resumes or aborts). Abort stops the version from reaching more agents;
 * the agents that have it keep it until a rollback or a new push. Every replica runs the same
 * ticker; a stage advances by a conditional UPDATE, so only one replica moves it.
 */
public final class Rollouts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Rollouts.class);
    private static final Principal SYSTEM = new Principal("system", Principal.Kind.OPERATOR, Principal.Role.ADMIN, null, null, "rollout ticker");

    private final Store store;
    private final SnapshotPolls polls;
    private final ScheduledExecutorService ticker;

    public Rollouts(Store store, SnapshotPolls polls, long tickMillis) {
        this.store = store;
        this.polls = polls;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "secplane-rollouts");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    public static String create(Connection c, String service, long version, List<Long> stages, long stageSeconds) throws SQLException {
        String id = Tokens.randomId("ro-", 8);
        long now = System.currentTimeMillis();
        Sql.update(c, "INSERT INTO rollouts (id, service, version, stages, stage_seconds, stage_index, stage_started_at, state, updated_at) VALUES (?,?,?,?,?,0,?,?,?)",
                id, service, version, Json.write(stages), stageSeconds, now, stages.size() == 1 ? "done" : "running", now);
        return id;
    }

    /** A newer push takes over: older rollouts of the service stop where they are. */
    static void supersede(Connection c, String service) throws SQLException {
        Sql.update(c, "UPDATE rollouts SET state = 'superseded', updated_at = ? WHERE service = ? AND state IN ('running', 'paused')",
                System.currentTimeMillis(), service);
    }

    /** The percentage a rollout's current stage allows, or -1 when an aborted rollout allows no one new. */
    static int percentage(String stagesJson, long stageIndex, String state) {
        if ("aborted".equals(state)) {
            return -1;
        }
        List<?> stages = (List<?>) Json.parse(stagesJson);
        return ((Long) stages.get((int) stageIndex)).intValue();
    }

    void tick() {
        try {
            List<String> woken = store.transaction(c -> {
                long now = System.currentTimeMillis();
                List<Object[]> due = Sql.query(c, "SELECT id, service, version, stages, stage_index, stage_started_at, stage_seconds FROM rollouts WHERE state = 'running'",
                        rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)});
                List<String> services = new ArrayList<>();
                for (Object[] r : due) {
                    String id = (String) r[0];
                    String service = (String) r[1];
                    long version = (Long) r[2];
                    long index = (Long) r[4];
                    int stageCount = ((List<?>) Json.parse((String) r[3])).size();
                    List<String> nacks = Sql.query(c, "SELECT st.agent_id || ': ' || st.error FROM agent_status st JOIN agents a ON a.id = st.agent_id "
                            + "WHERE a.service = ? AND st.version = ? AND st.state = 'failed'", rs -> rs.getString(1), service, version);
                    if (!nacks.isEmpty()) {
                        String reason = "paused by a NACK: " + nacks.get(0) + (nacks.size() > 1 ? " (and " + (nacks.size() - 1) + " more)" : "");
                        if (Sql.update(c, "UPDATE rollouts SET state = 'paused', reason = ?, updated_at = ? WHERE id = ? AND state = 'running'", reason, now, id) == 1) {
                            Audit.record(c, SYSTEM, "rollout.pause", "rollout/" + id, Map.of("state", "running"), Map.of("state", "paused", "reason", reason));
                        }
                        continue;
                    }
                    if (now - (Long) r[5] < (Long) r[6] * 1000) {
                        continue;
                    }
                    String next = index + 2 >= stageCount ? "done" : "running";
                    if (Sql.update(c, "UPDATE rollouts SET stage_index = ?, stage_started_at = ?, state = ?, updated_at = ? WHERE id = ? AND stage_index = ? AND state = 'running'",
                            index + 1, now, next, now, id, index) == 1) {
                        Audit.record(c, SYSTEM, "rollout.advance", "rollout/" + id, Map.of("stage", index), Map.of("stage", index + 1, "state", next));
                        services.add(service);
                    }
                }
                return services;
            });
            woken.forEach(polls::wake);
        } catch (RuntimeException e) {
            LOG.warn("rollout tick failed: {}", e.toString());
        }
    }

    public static void routes(Javalin app, Store store, SnapshotPolls polls, ServerConfig config) {
        app.get("/v1/rollouts", ctx -> {
            String service = ctx.queryParam("service");
            List<Object> out = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                List<String> ids = Sql.query(c, "SELECT id FROM rollouts" + (service == null ? "" : " WHERE service = ?") + " ORDER BY updated_at DESC LIMIT 100",
                        rs -> rs.getString(1), service == null ? new Object[0] : new Object[] {service});
                List<Object> list = new ArrayList<>();
                for (String id : ids) {
                    list.add(describe(c, id, config));
                }
                return list;
            });
            Http.json(ctx, 200, Map.of("rollouts", out));
        });
        app.get("/v1/rollouts/{id}", ctx -> {
            String id = ctx.pathParam("id");
            Map<String, Object> out = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                return describe(c, id, config);
            });
            Http.json(ctx, 200, out);
        });
        for (String action : List.of("pause", "resume", "abort")) {
            app.post("/v1/rollouts/{id}/" + action, ctx -> {
                String id = ctx.pathParam("id");
                AtomicReference<Map<String, Object>> result = new AtomicReference<>();
                String service = store.transaction(c -> {
                    Principal op = Tokens.operator(c, ctx, Principal.Role.OPERATOR);
                    Map<String, Object> before = describe(c, id, config);
                    String state = (String) before.get("state");
                    long now = System.currentTimeMillis();
                    switch (action) {
                        case "pause" -> {
                            if (!state.equals("running")) {
                                throw ApiError.conflict("rollout " + id + " is " + state + "; only a running rollout can be paused");
                            }
                            Sql.update(c, "UPDATE rollouts SET state = 'paused', reason = ?, updated_at = ? WHERE id = ?", "paused by " + op.actor(), now, id);
                        }
                        case "resume" -> {
                            if (!state.equals("paused")) {
                                throw ApiError.conflict("rollout " + id + " is " + state + "; only a paused rollout can be resumed");
                            }
                            // The hold of the current stage starts again: the operator has just looked.
                            Sql.update(c, "UPDATE rollouts SET state = 'running', reason = NULL, stage_started_at = ?, updated_at = ? WHERE id = ?", now, now, id);
                        }
                        default -> {
                            if (!state.equals("running") && !state.equals("paused")) {
                                throw ApiError.conflict("rollout " + id + " is " + state + "; only a running or paused rollout can be aborted");
                            }
                            Sql.update(c, "UPDATE rollouts SET state = 'aborted', reason = ?, updated_at = ? WHERE id = ?", "aborted by " + op.actor(), now, id);
                        }
                    }
                    Map<String, Object> after = describe(c, id, config);
                    Audit.record(c, op, "rollout." + action, "rollout/" + id, before, after);
                    result.set(after);
                    return (String) after.get("service");
                });
                polls.wake(service);
                Http.json(ctx, 200, result.get());
            });
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> describe(Connection c, String id, ServerConfig config) throws SQLException {
        Map<String, Object> m = Sql.one(c, "SELECT id, service, version, stages, stage_seconds, stage_index, stage_started_at, state, reason, updated_at FROM rollouts WHERE id = ?", rs -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", rs.getString(1));
            r.put("service", rs.getString(2));
            r.put("version", rs.getLong(3));
            r.put("stages", Json.parse(rs.getString(4)));
            r.put("stageSeconds", rs.getLong(5));
            r.put("stage", rs.getLong(6));
            r.put("percentage", ((List<Object>) r.get("stages")).get((int) rs.getLong(6)));
            r.put("stageStartedAt", Http.time(rs.getLong(7)));
            r.put("state", rs.getString(8));
            r.put("reason", rs.getString(9));
            r.put("updatedAt", Http.time(rs.getLong(10)));
            return r;
        }, id).orElseThrow(() -> ApiError.notFound("no rollout " + id + "; GET /v1/rollouts lists them"));
        long version = (Long) m.get("version");
        Map<String, Object> summary = AgentRoutes.summary(c, (String) m.get("service"), version, config);
        Map<String, Object> counts = new LinkedHashMap<>();
        for (String k : List.of("targeted", "applied", "pending", "failed", "stale")) {
            counts.put(k, summary.get(k));
        }
        m.put("agents", counts);
        // Once a newer version of the service is out, the live counts above follow that one (agents leave
        // this version); what this rollout itself reached stays in the agents' answers to its version
        // (agent_status: one row per agent and version, ACK 'applied' or NACK 'failed', docs/protocol.md).
        long newest = Sql.one(c, "SELECT COALESCE(MAX(version), 0) FROM snapshots WHERE service = ?", rs -> rs.getLong(1), m.get("service")).orElse(0L);
        m.put("supersededBy", newest > version ? newest : null);
        Map<String, Object> answered = new LinkedHashMap<>();
        answered.put("applied", Sql.one(c, "SELECT COUNT(*) FROM agent_status st JOIN agents a ON a.id = st.agent_id WHERE a.service = ? AND st.version = ? AND st.state = 'applied'",
                rs -> rs.getLong(1), m.get("service"), version).orElse(0L));
        answered.put("failed", Sql.one(c, "SELECT COUNT(*) FROM agent_status st JOIN agents a ON a.id = st.agent_id WHERE a.service = ? AND st.version = ? AND st.state = 'failed'",
                rs -> rs.getLong(1), m.get("service"), version).orElse(0L));
        m.put("answered", answered);
        return m;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
