package secplane.server.tokens;

import io.javalin.Javalin;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import secplane.server.agents.AgentSessions;
import secplane.server.audit.Audit;
import secplane.server.http.ApiError;
import secplane.server.http.Http;
import secplane.server.http.JsonBody;
import secplane.server.store.Sql;
import secplane.server.store.Store;

/**
 * Token administration (admin only):
 * {@code POST /v1/tokens} {@code {"kind":"operator","role":"viewer","name":"ci","expiresInSeconds":86400}}
 * or {@code {"kind":"enrol","service":"orders"}} returns the token once;
 * {@code GET /v1/tokens} lists them without secrets; {@code DELETE /v1/tokens/{id}} revokes one.
 */
public final class TokenRoutes {
    public static final String SERVICE_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";

    private TokenRoutes() {
    }

    public static void routes(Javalin app, Store store, AgentSessions sessions) {
        app.post("/v1/tokens", ctx -> {
            JsonBody body = JsonBody.of(ctx);
            String kind = body.oneOf("kind", true, List.of("operator", "enrol"));
            String role = null;
            String service = null;
            if (kind.equals("operator")) {
                role = body.oneOf("role", true, List.of("viewer", "operator", "admin"));
            } else {
                service = serviceName(body, "service");
            }
            String name = body.string("name", false, 200);
            Long expiresIn = body.integer("expiresInSeconds", false, 1, 10L * 365 * 24 * 3600);
            body.done();
            String r = role;
            String s = service;
            Map<String, Object> out = store.transaction(c -> {
                Principal admin = Tokens.operator(c, ctx, Principal.Role.ADMIN);
                if (s != null) {
                    ensureService(c, s);
                }
                Long expiresAt = expiresIn == null ? null : System.currentTimeMillis() + expiresIn * 1000;
                Tokens.Issued issued = Tokens.create(c, kind.equals("operator") ? Principal.Kind.OPERATOR : Principal.Kind.ENROL,
                        r == null ? null : Principal.Role.valueOf(r.toUpperCase()), s, null, name, expiresAt, admin.actor());
                Map<String, Object> view = describe(c, issued.id());
                Audit.record(c, admin, "token.create", "token/" + issued.id(), null, view);
                Map<String, Object> m = new LinkedHashMap<>(view);
                m.put("token", issued.token());
                return m;
            });
            Http.json(ctx, 201, out);
        });

        app.get("/v1/tokens", ctx -> {
            List<Object> rows = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.ADMIN);
                return Sql.query(c, "SELECT id FROM tokens WHERE kind <> 'agent' ORDER BY created_at, id", rs -> rs.getString(1))
                        .stream().map(id -> {
                            try {
                                return (Object) describe(c, id);
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        }).toList();
            });
            Http.json(ctx, 200, Map.of("tokens", rows));
        });

        app.delete("/v1/tokens/{id}", ctx -> {
            String id = ctx.pathParam("id");
            Map<String, Object> out = store.transaction(c -> {
                Principal admin = Tokens.operator(c, ctx, Principal.Role.ADMIN);
                Map<String, Object> before = describe(c, id);
                if (before == null) {
                    throw ApiError.notFound("no token with id " + id + "; GET /v1/tokens lists them");
                }
                if (id.equals(admin.tokenId())) {
                    throw ApiError.conflict("token " + id + " is the one making this request; revoke it with another admin token");
                }
                if (before.get("revokedAt") == null) {
                    Sql.update(c, "UPDATE tokens SET revoked_at = ? WHERE id = ?", System.currentTimeMillis(), id);
                }
                Map<String, Object> after = describe(c, id);
                Audit.record(c, admin, "token.revoke", "token/" + id, before, after);
                return after;
            });
            sessions.forgetToken(id);
            Http.json(ctx, 200, out);
        });
    }

    static Map<String, Object> describe(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT id, kind, role, service, agent_id, name, created_at, created_by, expires_at, revoked_at FROM tokens WHERE id = ?", rs -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", rs.getString("id"));
            m.put("kind", rs.getString("kind"));
            m.put("role", rs.getString("role"));
            m.put("service", rs.getString("service"));
            m.put("agentId", rs.getString("agent_id"));
            m.put("name", rs.getString("name"));
            m.put("createdAt", Http.time(rs.getLong("created_at")));
            m.put("createdBy", rs.getString("created_by"));
            m.put("expiresAt", Http.timeOrNull(Sql.longOrNull(rs, "expires_at")));
            m.put("revokedAt", Http.timeOrNull(Sql.longOrNull(rs, "revoked_at")));
            return m;
        }, id).orElse(null);
    }

    public static String serviceName(JsonBody body, String field) {
        String s = body.string(field, true, 100);
        if (!s.matches(SERVICE_PATTERN)) {
            throw ApiError.invalid(body.pointerOf(field) + ": '" + s + "' is not a service name; use letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        return s;
    }

    /** Creates the service's row on first mention; its {@code last_version} is what numbers snapshots. */
    public static void ensureService(Connection c, String service) throws SQLException {
        if (Sql.one(c, "SELECT name FROM services WHERE name = ?", rs -> rs.getString(1), service).isEmpty()) {
            Sql.update(c, "INSERT INTO services (name, last_version, created_at) VALUES (?, 0, ?)", service, System.currentTimeMillis());
        }
    }
}
