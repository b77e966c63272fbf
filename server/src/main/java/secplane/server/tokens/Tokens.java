package secplane.server.tokens;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import secplane.server.http.ApiError;
import secplane.server.store.Sql;

/**
 * Bearer tokens (docs/protocol.md "Identities and tokens"): 256 random bits behind a prefix that
 * says the kind, shown once, stored only as a SHA-256 hash.
 */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    public record Issued(String id, String token) {
    }

    public static String prefix(Principal.Kind kind) {
        return switch (kind) {
            case OPERATOR -> "sp_op_";
            case ENROL -> "sp_en_";
            case AGENT -> "sp_ag_";
        };
    }

    public static String randomId(String prefix, int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }

    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Issued create(Connection c, Principal.Kind kind, Principal.Role role, String service, String agentId,
                                String name, Long expiresAt, String createdBy) throws SQLException {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = prefix(kind) + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String id = randomId("tk-", 8);
        Sql.update(c, "INSERT INTO tokens (id, hash, kind, role, service, agent_id, name, created_at, created_by, expires_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                id, hash(token), kind.name().toLowerCase(), role == null ? null : role.wire(), service, agentId, name,
                System.currentTimeMillis(), createdBy, expiresAt);
        return new Issued(id, token);
    }

    /** The principal of the request's bearer token; 401 when there is none or it is not valid now. */
    public static Principal authenticate(Connection c, Context ctx) throws SQLException {
        String header = ctx.header("Authorization");
        if ((header == null || header.isBlank()) && Boolean.TRUE.equals(ctx.attribute(CONSOLE_REQUEST))) {
            return sessionPrincipal(c, ctx);
        }
        return principal(c, bearer(ctx));
    }

    /** The principal of {@code token} (already checked for form); 401 when it is not valid now. */
    public static Principal principal(Connection c, String token) throws SQLException {
        return principalWhere(c, "hash", hash(token))
                .orElseThrow(() -> ApiError.unauthorized("unknown token; check it was copied whole, or ask an admin for a new one"));
    }

    private static Optional<Principal> principalWhere(Connection c, String column, String value) throws SQLException {
        return Sql.one(c,
                "SELECT id, kind, role, service, agent_id, name, expires_at, revoked_at FROM tokens WHERE " + column + " = ?",
                rs -> {
                    Long expires = Sql.longOrNull(rs, "expires_at");
                    Long revoked = Sql.longOrNull(rs, "revoked_at");
                    if (revoked != null) {
                        throw ApiError.unauthorized("token " + rs.getString("id") + " has been revoked; ask an admin for a new one");
                    }
                    if (expires != null && expires <= System.currentTimeMillis()) {
                        throw ApiError.unauthorized("token " + rs.getString("id") + " has expired; ask an admin for a new one");
                    }
                    String role = rs.getString("role");
                    return new Principal(rs.getString("id"), Principal.Kind.valueOf(rs.getString("kind").toUpperCase()),
                            role == null ? null : Principal.Role.valueOf(role.toUpperCase()), rs.getString("service"),
                            rs.getString("agent_id"), rs.getString("name"));
                }, value);
    }

    /** The bearer token of the request, checked for form only; 401 when there is none. */
    public static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw ApiError.unauthorized("missing Authorization header; send 'Authorization: Bearer <token>'");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiError.unauthorized("the Authorization header must be 'Bearer <token>'");
        }
        return checkForm(header.substring(7).trim());
    }

    /** Marks a request that came in on the console's port, where the session cookie may stand for the header. */
    public static final String CONSOLE_REQUEST = "secplane.console";
    /** The console's session cookie: a random session secret, HttpOnly and SameSite=Strict (docs/console.md). */
    public static final String SESSION_COOKIE = "secplane_session";
    /** Prefix of a console session secret; a session is not a token and is never accepted as one. */
    public static final String SESSION_PREFIX = "sp_cs_";
    /** The header a console page adds to every call; a cross-site form cannot add it (CSRF defence). */
    public static final String CONSOLE_HEADER = "X-Secplane-Console";

    /**
     * The principal of the console's session cookie: the session must be open and unexpired, and its
     * token still valid (a revoked or expired token ends its sessions at once). A cookie is sent by
     * the browser on its own, so a call that changes anything must also carry {@link #CONSOLE_HEADER},
     * which only the console's own scripts set (a cross-site form or image cannot; a cross-site fetch
     * with it is a CORS preflight this server never grants).
     */
    private static Principal sessionPrincipal(Connection c, Context ctx) throws SQLException {
        String secret = ctx.cookie(SESSION_COOKIE);
        if (secret == null || secret.isBlank()) {
            throw ApiError.unauthorized("not logged in; log in to the console with an operator token");
        }
        String method = ctx.method().name();
        if (!method.equals("GET") && !method.equals("HEAD") && !"1".equals(ctx.header(CONSOLE_HEADER))) {
            throw ApiError.forbidden("a call authenticated by the console's session must carry the header " + CONSOLE_HEADER + ": 1");
        }
        String tokenId = Sql.one(c, "SELECT token_id FROM console_sessions WHERE hash = ? AND ended_at IS NULL AND expires_at > ?",
                        rs -> rs.getString(1), hash(secret.trim()), System.currentTimeMillis())
                .orElseThrow(() -> ApiError.unauthorized("your console session has ended (logged out or expired); log in again"));
        return principalWhere(c, "id", tokenId)
                .orElseThrow(() -> ApiError.unauthorized("the token of this session no longer exists; log in again"));
    }

    /** The token's form only: its prefix names a kind of secplane token. */
    public static String checkForm(String token) {
        if (!token.startsWith("sp_op_") && !token.startsWith("sp_en_") && !token.startsWith("sp_ag_")) {
            throw ApiError.unauthorized("not a secplane token (expected sp_op_, sp_en_ or sp_ag_ followed by the secret)");
        }
        return token;
    }

    /** When the token expires, or null if never. */
    public static Long expiresAt(Connection c, String tokenId) throws SQLException {
        long never = Long.MIN_VALUE;
        long at = Sql.one(c, "SELECT expires_at FROM tokens WHERE id = ?", rs -> {
            Long e = Sql.longOrNull(rs, "expires_at");
            return e == null ? never : e;
        }, tokenId).orElse(never);
        return at == never ? null : at;
    }

    /** An operator token with at least {@code role}. */
    public static Principal operator(Connection c, Context ctx, Principal.Role role) throws SQLException {
        Principal p = authenticate(c, ctx);
        if (p.kind() != Principal.Kind.OPERATOR) {
            throw ApiError.forbidden("this call needs an operator token (sp_op_...), not " + p.kind().name().toLowerCase() + " token " + p.tokenId());
        }
        if (p.role().compareTo(role) < 0) {
            throw ApiError.forbidden("this call needs the role " + role.wire() + "; token " + p.tokenId() + " has " + p.role().wire());
        }
        return p;
    }

    /** The agent token of exactly {@code agentId}: agents act only as themselves. */
    public static Principal agent(Connection c, Context ctx, String agentId) throws SQLException {
        Principal p = authenticate(c, ctx);
        if (p.kind() != Principal.Kind.AGENT) {
            throw ApiError.forbidden("this call needs the agent token returned at enrolment (sp_ag_...), not " + p.kind().name().toLowerCase() + " token " + p.tokenId());
        }
        if (!p.agentId().equals(agentId)) {
            throw ApiError.forbidden("the token belongs to agent " + p.agentId() + " and may act only as that agent, not as " + agentId);
        }
        return p;
    }
}
