package secplane.server.agents;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import secplane.protocol.json.Json;
import secplane.server.ServerConfig;
import secplane.server.http.ApiError;
import secplane.server.http.Http;
import secplane.server.http.JsonBody;
import secplane.server.policies.Snapshots;
import secplane.server.store.Sql;
import secplane.server.store.Store;
import secplane.server.tokens.Principal;
import secplane.server.tokens.TokenRoutes;
import secplane.server.tokens.Tokens;

/** The agent calls of docs/protocol.md, and the operators' view of agents ({@code GET /v1/agents}). */
public final class AgentRoutes {
    public static final String PROTOCOL_HEADER = "Secplane-Protocol";
    public static final String PROTOCOL_VERSION = "1";

    private AgentRoutes() {
    }

    /** Version negotiation: a missing header means version 1; any other version is refused. */
    public static void checkProtocol(Context ctx) {
        String v = ctx.header(PROTOCOL_HEADER);
        if (v != null && !v.trim().equals(PROTOCOL_VERSION)) {
            throw new ApiError(400, "unsupported-protocol", "this server speaks Secplane-Protocol " + PROTOCOL_VERSION + ", not '" + v + "'");
        }
    }

    public static void routes(Javalin app, Store store, SnapshotPolls polls, ServerConfig config) {
        app.post("/v1/agents/enroll", ctx -> {
            checkProtocol(ctx);
            JsonBody body = JsonBody.of(ctx);
            String service = TokenRoutes.serviceName(body, "service");
            String instanceId = body.string("instanceId", true, 200);
            String host = body.string("host", false, 200);
            Long pid = body.integer("pid", false, 0, Long.MAX_VALUE);
            String jvm = body.string("jvm", false, 200);
            String agentVersion = body.string("agentVersion", false, 100);
            Map<String, String> labels = body.stringMap("labels", 32, 200);
            body.done();
            Map<String, Object> out = store.transaction(c -> {
                Principal p = Tokens.authenticate(c, ctx);
                if (p.kind() != Principal.Kind.ENROL) {
                    throw ApiError.forbidden("enrolment needs a service enrolment token (sp_en_...), not " + p.kind().name().toLowerCase() + " token " + p.tokenId());
                }
                if (!p.service().equals(service)) {
                    throw ApiError.forbidden("enrolment token " + p.tokenId() + " enrols service " + p.service() + " only, not " + service);
                }
                TokenRoutes.ensureService(c, service);
                long now = System.currentTimeMillis();
                Optional<String> existing = Sql.one(c, "SELECT id FROM agents WHERE service = ? AND instance_id = ?", rs -> rs.getString(1), service, instanceId);
                String agentId;
                if (existing.isPresent()) {
                    agentId = existing.get();
                    Sql.update(c, "UPDATE agents SET host = ?, pid = ?, jvm = ?, agent_version = ?, labels = ?, last_contact = ? WHERE id = ?",
                            host, pid, jvm, agentVersion, Json.write(labels), now, agentId);
                    Sql.update(c, "UPDATE tokens SET revoked_at = ? WHERE agent_id = ? AND revoked_at IS NULL", now, agentId);
                } else {
                    agentId = Tokens.randomId("ag-", 12);
                    Sql.update(c, "INSERT INTO agents (id, service, instance_id, host, pid, jvm, agent_version, labels, enrolled_at, last_contact, applied_version, events_dropped) VALUES (?,?,?,?,?,?,?,?,?,?,0,0)",
                            agentId, service, instanceId, host, pid, jvm, agentVersion, Json.write(labels), now, now);
                }
                Tokens.Issued token = Tokens.create(c, Principal.Kind.AGENT, null, service, agentId, instanceId, null, p.actor());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("agentId", agentId);
                m.put("agentToken", token.token());
                m.put("heartbeatSeconds", config.heartbeatSeconds());
                m.put("pollSeconds", config.pollSeconds());
                return m;
            });
            Http.json(ctx, 200, out);
        });

        app.post("/v1/agents/{agentId}/heartbeat", ctx -> {
            checkProtocol(ctx);
            String agentId = ctx.pathParam("agentId");
            JsonBody body = JsonBody.of(ctx);
            Long applied = body.integer("appliedVersion", false, 0, Long.MAX_VALUE);
            Long dropped = body.integer("eventsDropped", false, 0, Long.MAX_VALUE);
            List<Object> aspects = body.list("aspects", false, 1000);
            body.done();
            store.transaction(c -> {
                Tokens.agent(c, ctx, agentId);
                Sql.update(c, "UPDATE agents SET last_contact = ?, events_dropped = COALESCE(?, events_dropped), aspects = COALESCE(?, aspects) WHERE id = ?",
                        System.currentTimeMillis(), dropped, aspects == null ? null : Json.write(aspects), agentId);
                if (applied != null) {
                    Sql.update(c, "UPDATE agents SET applied_version = ? WHERE id = ?", applied, agentId);
                }
                return null;
            });
            Http.json(ctx, 200, Map.of("serverTime", Http.time(System.currentTimeMillis())));
        });

        app.get("/v1/agents/{agentId}/snapshot", ctx -> {
            checkProtocol(ctx);
            String agentId = ctx.pathParam("agentId");
            long applied = Http.queryLong(ctx, "applied", 0, 0, Long.MAX_VALUE);
            int wait = Http.queryInt(ctx, "wait", 0, 0, config.maxWaitSeconds());
            Snapshots.AgentView agent = store.transaction(c -> {
                Tokens.agent(c, ctx, agentId);
                Sql.update(c, "UPDATE agents SET last_contact = ? WHERE id = ?", System.currentTimeMillis(), agentId);
                return view(c, agentId);
            });
            if (wait == 0) {
                Optional<String> now = store.transaction(c -> Snapshots.toSend(c, agent, applied));
                answerPoll(ctx, now);
                return;
            }
            ctx.future(() -> polls.await(agent, applied, wait * 1000L).thenAccept(s -> answerPoll(ctx, s)));
        });

        app.post("/v1/agents/{agentId}/ack", ctx -> {
            checkProtocol(ctx);
            String agentId = ctx.pathParam("agentId");
            JsonBody body = JsonBody.of(ctx);
            long version = body.integer("version", true, 1, Long.MAX_VALUE);
            String status = body.oneOf("status", true, List.of("ACK", "NACK"));
            String error = body.string("error", false, 2000);
            body.done();
            if (status.equals("NACK") && (error == null || error.isBlank())) {
                throw ApiError.invalid("/error: a NACK must say why, in error");
            }
            if (status.equals("ACK") && error != null) {
                throw ApiError.invalid("/error: an ACK carries no error");
            }
            store.transaction(c -> {
                Tokens.agent(c, ctx, agentId);
                Snapshots.AgentView agent = view(c, agentId);
                if (Sql.one(c, "SELECT version FROM snapshots WHERE service = ? AND version = ?", rs -> rs.getLong(1), agent.service(), version).isEmpty()) {
                    throw ApiError.notFound("service " + agent.service() + " has no snapshot version " + version);
                }
                long now = System.currentTimeMillis();
                Sql.update(c, "DELETE FROM agent_status WHERE agent_id = ? AND version = ?", agentId, version);
                Sql.update(c, "INSERT INTO agent_status (agent_id, version, state, error, at) VALUES (?,?,?,?,?)",
                        agentId, version, status.equals("ACK") ? "applied" : "failed", error, now);
                if (status.equals("ACK")) {
                    Sql.update(c, "UPDATE agents SET applied_version = ?, applied_at = ?, last_contact = ? WHERE id = ? AND applied_version <= ?",
                            version, now, now, agentId, version);
                }
                Sql.update(c, "UPDATE agents SET last_contact = ? WHERE id = ?", now, agentId);
                return null;
            });
            Http.json(ctx, 200, Map.of("recorded", true));
        });

        app.get("/v1/agents", ctx -> {
            String service = ctx.queryParam("service");
            List<Object> out = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                return list(c, service, config);
            });
            Http.json(ctx, 200, Map.of("agents", out));
        });
    }

    private static void answerPoll(Context ctx, Optional<String> signed) {
        if (signed.isPresent()) {
            ctx.status(200).contentType("application/json").result(signed.get());
        } else {
            ctx.status(204);
        }
    }

    @SuppressWarnings("unchecked")
    static Snapshots.AgentView view(Connection c, String agentId) throws SQLException {
        return Sql.one(c, "SELECT id, service, instance_id, labels FROM agents WHERE id = ?",
                rs -> new Snapshots.AgentView(rs.getString(1), rs.getString(2), rs.getString(3),
                        (Map<String, String>) Json.parse(rs.getString(4))), agentId)
                .orElseThrow(() -> ApiError.notFound("no agent " + agentId + "; enrol again"));
    }

    /** Each agent with its rollout state: pending, applied, failed (with the NACK error) or stale. */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Connection c, String service, ServerConfig config) throws SQLException {
        String sql = "SELECT * FROM agents" + (service == null ? "" : " WHERE service = ?") + " ORDER BY service, instance_id";
        Object[] params = service == null ? new Object[0] : new Object[] {service};
        List<Map<String, Object>> rows = Sql.query(c, sql, rs -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("agentId", rs.getString("id"));
            m.put("service", rs.getString("service"));
            m.put("instanceId", rs.getString("instance_id"));
            m.put("host", rs.getString("host"));
            m.put("pid", Sql.longOrNull(rs, "pid"));
            m.put("jvm", rs.getString("jvm"));
            m.put("agentVersion", rs.getString("agent_version"));
            m.put("labels", Json.parse(rs.getString("labels")));
            m.put("enrolledAt", Http.time(rs.getLong("enrolled_at")));
            m.put("lastContact", rs.getLong("last_contact"));
            m.put("appliedVersion", rs.getLong("applied_version"));
            m.put("appliedAt", Http.timeOrNull(Sql.longOrNull(rs, "applied_at")));
            m.put("eventsDropped", rs.getLong("events_dropped"));
            String aspects = rs.getString("aspects");
            m.put("aspects", aspects == null ? List.of() : Json.parse(aspects));
            return m;
        }, params);
        long now = System.currentTimeMillis();
        long staleAfter = 3L * config.heartbeatSeconds() * 1000;
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> m : rows) {
            String id = (String) m.get("agentId");
            Snapshots.AgentView v = new Snapshots.AgentView(id, (String) m.get("service"), (String) m.get("instanceId"), (Map<String, String>) m.get("labels"));
            long desired = Snapshots.desiredVersion(c, v);
            long applied = (Long) m.get("appliedVersion");
            long lastContact = (Long) m.get("lastContact");
            m.put("lastContact", Http.time(lastContact));
            m.put("targetVersion", desired);
            Optional<String> nackError = Sql.one(c, "SELECT error FROM agent_status WHERE agent_id = ? AND version = ? AND state = 'failed'",
                    rs -> rs.getString(1), id, desired);
            String state;
            if (now - lastContact > staleAfter) {
                state = "stale";
            } else if (nackError.isPresent()) {
                state = "failed";
            } else if (applied >= desired) {
                state = "applied";
            } else {
                state = "pending";
            }
            m.put("state", state);
            m.put("error", nackError.orElse(null));
            out.add(m);
        }
        return out;
    }
}
