package secplane.server.policies;

import io.javalin.Javalin;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import secplane.protocol.json.Json;
import secplane.server.ServerConfig;
import secplane.server.agents.SnapshotPolls;
import secplane.server.audit.Audit;
import secplane.server.http.ApiError;
import secplane.server.http.Http;
import secplane.server.http.JsonBody;
import secplane.server.patches.Patches;
import secplane.server.keys.SigningKey;
import secplane.server.store.Sql;
import secplane.server.store.Store;
import secplane.server.tokens.Principal;
import secplane.server.tokens.TokenRoutes;
import secplane.server.tokens.Tokens;

/**
 * Policy pushes and rollbacks. Each push becomes the service's next snapshot version, signed
 * once here and stored signed, so every replica serves the same bytes and none needs the key to
 * answer a poll. Versions only go up: a rollback re-issues an older policy as a new version.
 */
public final class PolicyRoutes {
    private PolicyRoutes() {
    }

    public static void routes(Javalin app, Store store, SigningKey key, SnapshotPolls polls, ServerConfig config) {
        app.post("/v1/policies", ctx -> {
            JsonBody body = JsonBody.of(ctx);
            String service = TokenRoutes.serviceName(body, "service");
            Map<String, Object> policy = validatePolicy(body);
            Target.Request target = Target.from(body.object("target", false));
            List<String> bundleRefs = body.stringList("bundles", 100, 200);
            String note = body.string("note", false, 200);
            body.done();
            Map<String, Object> out = store.transaction(c -> {
                Principal op = Tokens.operator(c, ctx, Principal.Role.OPERATOR);
                List<Object> bundles = resolveBundles(c, bundleRefs);
                Map<String, Object> issued = issue(c, key, op, service, policy, target.target(), bundles, note, "policy.push");
                if (!target.stages().isEmpty()) {
                    String rollout = Rollouts.create(c, service, (Long) issued.get("version"), target.stages(), target.stageSeconds());
                    issued.put("rollout", Rollouts.describe(c, rollout, config));
                }
                return issued;
            });
            polls.wake(service);
            Http.json(ctx, 201, out);
        });

        app.post("/v1/policies/rollback", ctx -> {
            JsonBody body = JsonBody.of(ctx);
            String service = TokenRoutes.serviceName(body, "service");
            body.done();
            Map<String, Object> out = store.transaction(c -> {
                Principal op = Tokens.operator(c, ctx, Principal.Role.OPERATOR);
                List<Map<String, Object>> last = Sql.query(c, "SELECT version, policy, target, bundles FROM snapshots WHERE service = ? ORDER BY version DESC LIMIT 2", rs -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("version", rs.getLong(1));
                    m.put("policy", Json.parse(rs.getString(2)));
                    m.put("target", rs.getString(3));
                    m.put("bundles", Json.parse(rs.getString(4)));
                    return m;
                }, service);
                if (last.size() < 2) {
                    throw ApiError.conflict("service " + service + " has " + last.size() + " policy version(s); a rollback needs a previous one");
                }
                Map<String, Object> current = last.get(0);
                Map<String, Object> previous = last.get(1);
                @SuppressWarnings("unchecked")
                Map<String, Object> policy = new LinkedHashMap<>((Map<String, Object>) previous.get("policy"));
                // A rollback returns to the previous version's patches too: none if it had none (else they would travel on).
                if (((Map<?, ?>) current.get("policy")).containsKey("patches")) {
                    policy.putIfAbsent("patches", List.of());
                }
                @SuppressWarnings("unchecked")
                List<Object> bundles = (List<Object>) previous.get("bundles");
                // The agents that received the version being undone are exactly those of its target.
                return issue(c, key, op, service, policy, Target.parse((String) current.get("target")), bundles,
                        "rollback of v" + current.get("version") + " to the policy of v" + previous.get("version"), "policy.rollback");
            });
            polls.wake(service);
            Http.json(ctx, 201, out);
        });

        app.get("/v1/policies", ctx -> {
            String service = ctx.queryParam("service");
            int limit = Http.queryInt(ctx, "limit", 100, 1, 1000);
            List<Object> rows = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                String sql = "SELECT service, version, policy, target, bundles, created_at, created_by, note FROM snapshots"
                        + (service == null ? "" : " WHERE service = ?") + " ORDER BY service, version DESC LIMIT " + limit;
                return Sql.query(c, sql, rs -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("service", rs.getString(1));
                    m.put("version", rs.getLong(2));
                    m.put("policy", Json.parse(rs.getString(3)));
                    m.put("target", Json.parse(rs.getString(4)));
                    m.put("bundles", Json.parse(rs.getString(5)));
                    m.put("createdAt", Http.time(rs.getLong(6)));
                    m.put("createdBy", rs.getString(7));
                    m.put("note", rs.getString(8));
                    return (Object) m;
                }, service == null ? new Object[0] : new Object[] {service});
            });
            Http.json(ctx, 200, Map.of("policies", rows));
        });

        app.get("/v1/policies/{version}", ctx -> {
            String service = ctx.queryParam("service");
            if (service == null) {
                throw ApiError.invalid("query parameter service is required: versions are numbered per service");
            }
            long version;
            try {
                version = Long.parseLong(ctx.pathParam("version"));
            } catch (NumberFormatException e) {
                throw ApiError.invalid("'" + ctx.pathParam("version") + "' is not a version number");
            }
            Map<String, Object> out = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                return Sql.one(c, "SELECT signed, target, created_at, created_by, note FROM snapshots WHERE service = ? AND version = ?", rs -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("service", service);
                    m.put("version", version);
                    m.put("target", Json.parse(rs.getString(2)));
                    m.put("createdAt", Http.time(rs.getLong(3)));
                    m.put("createdBy", rs.getString(4));
                    m.put("note", rs.getString(5));
                    m.put("signed", Json.parse(rs.getString(1)));
                    return m;
                }, service, version).orElseThrow(() -> ApiError.notFound("service " + service + " has no policy version " + version));
            });
            Http.json(ctx, 200, out);
        });
    }

    /**
     * The top-level shape of docs/agent.md's policy. The agent validates aspects and rules itself
     * (it knows which it has) and NACKs what it does not know.
     */
    static Map<String, Object> validatePolicy(JsonBody body) {
        JsonBody policy = body.object("policy", true);
        policy.string("version", false, 100);
        policy.oneOf("mode", false, List.of("off", "observe", "block"));
        policy.object("limits", false);
        policy.object("aspects", false);
        List<JsonBody> patches = policy.objects("patches", false, 200);
        if (patches != null) {
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (JsonBody p : patches) {
                Map<String, Object> e = Patches.entry(p);
                if (!ids.add((String) e.get("id"))) {
                    throw ApiError.invalid(p.pointerOf("id") + ": patch id '" + e.get("id") + "' appears twice");
                }
            }
        }
        policy.done();
        return policy.raw();
    }

    static List<Object> resolveBundles(Connection c, List<String> refs) throws SQLException {
        List<Object> out = new ArrayList<>();
        for (String ref : refs) {
            int at = ref.indexOf('@');
            String id = at < 0 ? ref : ref.substring(0, at);
            String sql = at < 0
                    ? "SELECT id, version, sha256, size FROM bundles WHERE id = ? ORDER BY uploaded_at DESC"
                    : "SELECT id, version, sha256, size FROM bundles WHERE id = ? AND version = ?";
            Object[] params = at < 0 ? new Object[] {id} : new Object[] {id, ref.substring(at + 1)};
            Optional<Map<String, Object>> b = Sql.one(c, sql, rs -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", rs.getString(1));
                m.put("version", rs.getString(2));
                m.put("sha256", rs.getString(3));
                m.put("size", rs.getLong(4));
                return m;
            }, params);
            out.add(b.orElseThrow(() -> ApiError.invalid("/bundles: no uploaded bundle '" + ref + "'; upload it with POST /v1/bundles first")));
        }
        return out;
    }

    /**
     * Signs and stores the next version of the service's policy, audited as {@code action}.
     * The virtual patches in force travel on: a policy without a {@code patches} member keeps those
     * of the service's newest version (docs/agent.md "Virtual patches").
     */
    public static Map<String, Object> issue(Connection c, SigningKey key, Principal op, String service, Map<String, Object> policy,
                                             Target target, List<Object> bundles, String note, String action) throws SQLException {
        TokenRoutes.ensureService(c, service);
        Rollouts.supersede(c, service);
        // The row lock taken by this UPDATE serialises concurrent pushes, on one replica or several.
        Sql.update(c, "UPDATE services SET last_version = last_version + 1 WHERE name = ?", service);
        long version = Sql.one(c, "SELECT last_version FROM services WHERE name = ?", rs -> rs.getLong(1), service).orElseThrow();
        Optional<Map<String, Object>> before = Sql.one(c, "SELECT version, policy, target FROM snapshots WHERE service = ? ORDER BY version DESC LIMIT 1", rs -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", rs.getLong(1));
            m.put("policy", Json.parse(rs.getString(2)));
            m.put("target", Json.parse(rs.getString(3)));
            return m;
        }, service);
        if (!policy.containsKey("patches") && before.isPresent()) {
            @SuppressWarnings("unchecked")
            Object inForce = ((Map<String, Object>) before.get().get("policy")).get("patches");
            if (inForce != null) {
                policy = new LinkedHashMap<>(policy);
                policy.put("patches", inForce);
            }
        }
        long now = System.currentTimeMillis();
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("version", version);
        snapshot.put("service", service);
        snapshot.put("issuedAt", Http.time(now));
        snapshot.put("policy", policy);
        snapshot.put("bundles", bundles);
        Map<String, Object> signed = new LinkedHashMap<>();
        signed.put("snapshot", snapshot);
        signed.put("signature", key.sign(snapshot));
        Sql.update(c, "INSERT INTO snapshots (service, version, policy, target, bundles, signed, created_at, created_by, note) VALUES (?,?,?,?,?,?,?,?,?)",
                service, version, Json.write(policy), Json.write(target.toJson()), Json.write(bundles), Json.write(signed), now, op.actor(), note);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("version", version);
        after.put("policy", policy);
        after.put("target", target.toJson());
        after.put("bundles", bundles);
        Audit.record(c, op, action, "policy/" + service, before.orElse(null), after);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("service", service);
        out.put("version", version);
        out.put("issuedAt", snapshot.get("issuedAt"));
        out.put("target", target.toJson());
        out.put("bundles", bundles);
        out.put("keyId", key.keyId());
        out.put("note", note);
        return out;
    }
}
