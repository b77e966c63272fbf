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
import secplane.server.http.Cursor;
import secplane.server.http.Http;
import secplane.server.http.JsonBody;
import secplane.server.inventory.InventoryRoutes;
import secplane.server.patches.PatchRoutes;
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

    public static void routes(Javalin app, Store store, SnapshotPolls polls, AgentSessions sessions, ServerConfig config) {
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
            sessions.forgetAgent((String) out.get("agentId"));
            Http.json(ctx, 200, out);
        });

        app.post("/v1/agents/{agentId}/heartbeat", ctx -> {
            checkProtocol(ctx);
            String agentId = ctx.pathParam("agentId");
            JsonBody body = JsonBody.of(ctx);
            Long applied = body.integer("appliedVersion", false, 0, Long.MAX_VALUE);
            Long dropped = body.integer("eventsDropped", false, 0, Long.MAX_VALUE);
            List<Object> aspects = body.list("aspects", false, 1000);
            body.integer("inventoryVersion", false, 0, Long.MAX_VALUE);
            List<JsonBody> patches = body.objects("patches", false, 200);
            body.done();
            sessions.authenticate(ctx, agentId);
            // The heartbeat is the liveness signal: written at once, not with the batched contacts of polls and ACKs.
            long inventory = store.transaction(c -> {
                Sql.update(c, "UPDATE agents SET last_contact = ?, events_dropped = COALESCE(?, events_dropped), aspects = COALESCE(?, aspects), "
                        + "applied_version = COALESCE(?, applied_version) WHERE id = ?", System.currentTimeMillis(), dropped, aspects == null ? null : Json.write(aspects), applied, agentId);
                if (patches != null) {
                    PatchRoutes.record(c, agentId, applied == null ? 0 : applied, patches);
                }
                return InventoryRoutes.storedVersion(c, agentId);
            });
            // The inventory version stored tells the agent whether to send its inventory again.
            Http.json(ctx, 200, Map.of("serverTime", Http.time(System.currentTimeMillis()), "inventoryVersion", inventory));
        });

        app.get("/v1/agents/{agentId}/snapshot", ctx -> {
            checkProtocol(ctx);
            String agentId = ctx.pathParam("agentId");
            long applied = Http.queryLong(ctx, "applied", 0, 0, Long.MAX_VALUE);
            int wait = Http.queryInt(ctx, "wait", 0, 0, config.maxWaitSeconds());
            Snapshots.AgentView agent = sessions.authenticate(ctx, agentId).agent();
            if (wait == 0) {
                answerPoll(ctx, polls.toSend(agent, applied));
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
            List<JsonBody> patches = body.objects("patches", false, 200);
            body.done();
            if (status.equals("NACK") && (error == null || error.isBlank())) {
                throw ApiError.invalid("/error: a NACK must say why, in error");
            }
            if (status.equals("ACK") && error != null) {
                throw ApiError.invalid("/error: an ACK carries no error");
            }
            Snapshots.AgentView agent = sessions.authenticate(ctx, agentId).agent();
            store.transaction(c -> {
                // The plan in memory knows every version this replica has seen; a newer one pushed
                // through another replica is looked up.
                if (!polls.plan(agent.service()).has(version)
                        && Sql.one(c, "SELECT version FROM snapshots WHERE service = ? AND version = ?", rs -> rs.getLong(1), agent.service(), version).isEmpty()) {
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
                if (patches != null) {
                    PatchRoutes.record(c, agentId, version, patches);
                }
                return null;
            });
            Http.json(ctx, 200, Map.of("recorded", true));
        });

        app.get("/v1/agents/summary", ctx -> {
            String service = ctx.queryParam("service");
            if (service == null) {
                Map<String, Object> out = store.transaction(c -> {
                    Tokens.operator(c, ctx, Principal.Role.VIEWER);
                    return fleet(c, config);
                });
                Http.json(ctx, 200, out);
                return;
            }
            long version = Http.queryLong(ctx, "version", 0, 1, Long.MAX_VALUE);
            Map<String, Object> out = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                long v = version > 0 ? version : Snapshots.plan(c, service).newest();
                return summary(c, service, v, config);
            });
            Http.json(ctx, 200, out);
        });

        app.get("/v1/agents", ctx -> {
            Filter filter = Filter.of(ctx);
            Map<String, Object> out = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                return page(c, filter, config);
            });
            Http.json(ctx, 200, out);
        });
    }

    private static final String CURSOR = "agents";

    /** The filters and page of {@code GET /v1/agents} (docs/protocol.md "Console calls"). */
    record Filter(String service, String state, String q, int limit, String afterService, String afterInstance) {
        static Filter of(Context ctx) {
            String service = ctx.queryParam("service");
            String state = ctx.queryParam("state");
            if (state != null && !state.isEmpty() && !List.of("stale", "healthy", "quarantined").contains(state)) {
                throw ApiError.invalid("query parameter state=" + state + " is not accepted; expected stale, healthy or quarantined");
            }
            String q = ctx.queryParam("q");
            int limit = Http.queryInt(ctx, "limit", Integer.MAX_VALUE, 1, 1000);
            String cursor = ctx.queryParam("cursor");
            String[] after = cursor == null || cursor.isEmpty() ? new String[] {null, null} : Cursor.decode("cursor", cursor, CURSOR, 2);
            return new Filter(service == null || service.isEmpty() ? null : service, state == null || state.isEmpty() ? null : state,
                    q == null || q.isBlank() ? null : q.trim(), limit, after[0], after[1]);
        }

        /** The WHERE clause without the cursor (for the total), its parameters added to {@code params}. */
        String where(List<Object> params, long staleBefore) {
            StringBuilder w = new StringBuilder(" WHERE 1=1");
            if (service != null) {
                w.append(" AND service = ?");
                params.add(service);
            }
            if ("stale".equals(state)) {
                w.append(" AND last_contact < ?");
                params.add(staleBefore);
            } else if ("healthy".equals(state)) {
                w.append(" AND last_contact >= ?");
                params.add(staleBefore);
            } else if ("quarantined".equals(state)) {
                // the aspects the heartbeat reported, as stored JSON: [{"id","version","state":"quarantined"}]
                w.append(" AND aspects LIKE '%\"quarantined\"%'");
            }
            if (q != null) {
                String like = "%" + q.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
                w.append(" AND (LOWER(instance_id) LIKE ? OR LOWER(COALESCE(host, '')) LIKE ? OR LOWER(id) LIKE ?)");
                params.addAll(List.of(like, like, like));
            }
            return w.toString();
        }
    }

    /** A page of agents in (service, instance id) order, with the total matching the filters. */
    static Map<String, Object> page(Connection c, Filter f, ServerConfig config) throws SQLException {
        long staleBefore = System.currentTimeMillis() - 3L * config.heartbeatSeconds() * 1000;
        List<Object> params = new ArrayList<>();
        String where = f.where(params, staleBefore);
        long total = Sql.one(c, "SELECT COUNT(*) FROM agents" + where, rs -> rs.getLong(1), params.toArray()).orElse(0L);
        StringBuilder sql = new StringBuilder(where);
        if (f.afterService() != null) {
            sql.append(" AND service >= ? AND (service > ? OR instance_id > ?)");
            params.addAll(List.of(f.afterService(), f.afterService(), f.afterInstance()));
        }
        // one more row than asked tells whether there is a next page
        long fetch = f.limit() == Integer.MAX_VALUE ? Integer.MAX_VALUE : f.limit() + 1L;
        List<Object> rows = list(c, "SELECT * FROM agents" + sql + " ORDER BY service, instance_id" + (fetch == Integer.MAX_VALUE ? "" : " LIMIT " + fetch),
                params.toArray(), f.service(), config);
        String next = null;
        if (rows.size() > f.limit()) {
            rows = new ArrayList<>(rows.subList(0, f.limit()));
            @SuppressWarnings("unchecked")
            Map<String, Object> last = (Map<String, Object>) rows.get(rows.size() - 1);
            next = Cursor.encode(CURSOR, last.get("service"), last.get("instanceId"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("agents", rows);
        out.put("next", next);
        out.put("total", total);
        return out;
    }

    /**
     * The fleet at a glance, by aggregation: agents by service, JDK and agent version, stale and
     * quarantined ones, and each agent's rollout state against the version meant for it.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fleet(Connection c, ServerConfig config) throws SQLException {
        long staleBefore = System.currentTimeMillis() - 3L * config.heartbeatSeconds() * 1000;
        Map<String, Map<String, Object>> services = new java.util.TreeMap<>();
        Sql.query(c, "SELECT service, COUNT(*), SUM(CASE WHEN last_contact < ? THEN 1 ELSE 0 END) FROM agents GROUP BY service", rs -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", rs.getString(1));
            m.put("agents", rs.getLong(2));
            m.put("stale", rs.getLong(3));
            m.put("applied", 0L);
            m.put("pending", 0L);
            m.put("failed", 0L);
            services.put(rs.getString(1), m);
            return null;
        }, staleBefore);
        // Which version each agent should run depends on targeting (labels, instances, percentage): one pass over
        // the agents' targeting columns, with one plan per service and one query for the NACKs.
        States states = new States(c, null, config);
        Map<String, Long> rollout = new LinkedHashMap<>(Map.of("applied", 0L, "pending", 0L, "failed", 0L));
        Sql.query(c, "SELECT id, service, instance_id, labels, applied_version FROM agents", rs -> {
            String state = states.rollout(new Snapshots.AgentView(rs.getString(1), rs.getString(2), rs.getString(3),
                    (Map<String, String>) Json.parse(rs.getString(4))), rs.getLong(5));
            rollout.merge(state, 1L, Long::sum);
            services.get(rs.getString(2)).merge(state, 1L, (a, b) -> (Long) a + (Long) b);
            return null;
        });
        long agents = services.values().stream().mapToLong(m -> (Long) m.get("agents")).sum();
        long stale = services.values().stream().mapToLong(m -> (Long) m.get("stale")).sum();
        List<Object> jdks = Sql.query(c, "SELECT jvm, COUNT(*) AS n FROM agents GROUP BY jvm ORDER BY n DESC, jvm", rs -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("jdk", rs.getString(1));
            m.put("agents", rs.getLong(2));
            return (Object) m;
        });
        List<Object> versions = Sql.query(c, "SELECT agent_version, COUNT(*) AS n FROM agents GROUP BY agent_version ORDER BY n DESC, agent_version", rs -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("agentVersion", rs.getString(1));
            m.put("agents", rs.getLong(2));
            return (Object) m;
        });
        Map<String, Long> quarantinedAspects = new java.util.TreeMap<>();
        long[] quarantined = {0};
        Sql.query(c, "SELECT aspects FROM agents WHERE aspects LIKE '%\"quarantined\"%'", rs -> {
            boolean any = false;
            for (Object a : (List<Object>) Json.parse(rs.getString(1))) {
                if (a instanceof Map<?, ?> m && "quarantined".equals(m.get("state")) && m.get("id") instanceof String id) {
                    quarantinedAspects.merge(id, 1L, Long::sum);
                    any = true;
                }
            }
            if (any) {
                quarantined[0]++;
            }
            return null;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("agents", agents);
        out.put("stale", stale);
        out.put("healthy", agents - stale);
        out.put("quarantined", quarantined[0]);
        out.putAll(rollout);
        out.put("services", new ArrayList<>(services.values()));
        out.put("jdks", jdks);
        out.put("agentVersions", versions);
        List<Object> qa = new ArrayList<>();
        quarantinedAspects.forEach((id, n) -> qa.add(Map.of("aspect", id, "agents", n)));
        out.put("quarantinedAspects", qa);
        return out;
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
        return list(c, sql, service == null ? new Object[0] : new Object[] {service}, service, config);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Connection c, String sql, Object[] params, String service, ServerConfig config) throws SQLException {
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
        States states = new States(c, service, config);
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> m : rows) {
            String id = (String) m.get("agentId");
            long lastContact = (Long) m.get("lastContact");
            States.Of st = states.of(new Snapshots.AgentView(id, (String) m.get("service"), (String) m.get("instanceId"), (Map<String, String>) m.get("labels")),
                    (Long) m.get("appliedVersion"), lastContact);
            m.put("lastContact", Http.time(lastContact));
            m.put("targetVersion", st.desired());
            m.put("state", st.state());
            m.put("error", st.error());
            out.add(m);
        }
        return out;
    }

    /**
     * Each agent's rollout state: stale (no contact for three heartbeats), failed (NACKed its
     * target version), applied, or pending. One query for each service's versions and one for the
     * NACKs, however many agents.
     */
    static final class States {
        record Of(long desired, String state, String error) {
        }

        private final Connection c;
        private final Map<String, Snapshots.Plan> plans = new java.util.HashMap<>();
        private final Map<String, String> nackErrors = new java.util.HashMap<>();
        private final long now = System.currentTimeMillis();
        private final long staleAfter;

        States(Connection c, String service, ServerConfig config) throws SQLException {
            this.c = c;
            this.staleAfter = 3L * config.heartbeatSeconds() * 1000;
            Object[] params = service == null ? new Object[0] : new Object[] {service};
            Sql.query(c, "SELECT st.agent_id, st.version, st.error FROM agent_status st" + (service == null ? "" : " JOIN agents a ON a.id = st.agent_id AND a.service = ?")
                    + " WHERE st.state = 'failed'", rs -> nackErrors.put(rs.getString(1) + "/" + rs.getLong(2), rs.getString(3)), params);
        }

        /** The agent against the version meant for it, whether stale or not: failed, applied or pending. */
        String rollout(Snapshots.AgentView v, long applied) throws SQLException {
            Of st = of(v, applied, now);
            return st.state();
        }

        Of of(Snapshots.AgentView v, long applied, long lastContact) throws SQLException {
            Snapshots.Plan plan = plans.get(v.service());
            if (plan == null) {
                plan = Snapshots.plan(c, v.service());
                plans.put(v.service(), plan);
            }
            long desired = plan.desired(v);
            String nackError = nackErrors.get(v.agentId() + "/" + desired);
            String state;
            if (now - lastContact > staleAfter) {
                state = "stale";
            } else if (nackError != null) {
                state = "failed";
            } else if (applied >= desired) {
                state = "applied";
            } else {
                state = "pending";
            }
            return new Of(desired, state, nackError);
        }
    }

    /**
     * How far {@code version} of a service has got: the agents it targets by state, and the first
     * NACKs. What a rollout's progress needs, without the per-agent list.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> summary(Connection c, String service, long version, ServerConfig config) throws SQLException {
        States states = new States(c, service, config);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String k : List.of("targeted", "applied", "pending", "failed", "stale")) {
            counts.put(k, 0L);
        }
        List<Object> failures = new ArrayList<>();
        long[] agents = {0};
        Sql.query(c, "SELECT id, instance_id, labels, applied_version, last_contact FROM agents WHERE service = ?", rs -> {
            agents[0]++;
            States.Of st = states.of(new Snapshots.AgentView(rs.getString(1), service, rs.getString(2), (Map<String, String>) Json.parse(rs.getString(3))),
                    rs.getLong(4), rs.getLong(5));
            if (st.desired() == version) {
                counts.merge("targeted", 1L, Long::sum);
                counts.merge(st.state(), 1L, Long::sum);
                if (st.error() != null && failures.size() < 20) {
                    failures.add(Map.of("instanceId", rs.getString(2), "error", st.error()));
                }
            }
            return null;
        }, service);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("service", service);
        out.put("version", version);
        out.put("agents", agents[0]);
        out.putAll(counts);
        out.put("failures", failures);
        return out;
    }
}
