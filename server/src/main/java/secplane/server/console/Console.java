package secplane.server.console;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import secplane.server.audit.Audit;
import secplane.server.http.ApiError;
import secplane.server.http.Http;
import secplane.server.http.JsonBody;
import secplane.server.store.Sql;
import secplane.server.store.Store;
import secplane.server.tokens.Principal;
import secplane.server.tokens.Tokens;

/**
 * The browser console (docs/console.md): its own port, the page and its modules from the class path,
 * Apache ECharts from its WebJar, and the operator API on the same origin, authenticated by a
 * session cookie that holds the operator's token.
 *
 * <p>The page is plain JavaScript modules with no build step. Every response forbids framing,
 * sniffing and any script not served here (CSP), so data rendered by the page cannot run as code
 * even if a renderer slipped.
 */
public final class Console {
    /** Where the page and its modules live on the class path (server/src/main/resources/secplane/console). */
    public static final String RESOURCES = "/secplane/console";
    /** A session lasts at most this long, and never past its token's own expiry. */
    static final long SESSION_SECONDS = 8 * 3600;

    static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                    + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cross-Origin-Opener-Policy", "same-origin");

    private Console() {
    }

    /** Static files: the page (revalidated each load, so an upgrade shows at once) and the chart library. */
    public static void configure(JavalinConfig cfg) {
        Map<String, String> pageHeaders = new LinkedHashMap<>(HEADERS);
        pageHeaders.put("Cache-Control", "no-cache");
        cfg.staticFiles.add(s -> {
            s.hostedPath = "/";
            s.directory = RESOURCES;
            s.location = Location.CLASSPATH;
            s.headers = pageHeaders;
        });
        Map<String, String> libraryHeaders = new LinkedHashMap<>(HEADERS);
        // WebJar paths carry the version, so a cached copy is never stale.
        libraryHeaders.put("Cache-Control", "public, max-age=31536000, immutable");
        cfg.staticFiles.add(s -> {
            s.hostedPath = "/webjars";
            s.directory = "/META-INF/resources/webjars";
            s.location = Location.CLASSPATH;
            s.headers = libraryHeaders;
        });
    }

    /**
     * The login calls, and the marks every console request carries: the security headers, and the
     * attribute that lets {@link Tokens#bearer} take the session cookie for the Authorization header.
     *
     * @param secure whether the console is served over TLS (the cookie is then {@code Secure})
     */
    public static void routes(Javalin app, Store store, boolean secure, LoginThrottle throttle) {
        app.before(ctx -> {
            ctx.attribute(Tokens.CONSOLE_REQUEST, Boolean.TRUE);
            HEADERS.forEach(ctx::header);
            if (ctx.path().startsWith("/v1/") || ctx.path().startsWith("/console/")) {
                ctx.header("Cache-Control", "no-store");
            }
        });
        app.post("/console/session", ctx -> login(ctx, store, secure, throttle));
        app.get("/console/session", ctx -> {
            Principal p = store.transaction(c -> Tokens.operator(c, ctx, Principal.Role.VIEWER));
            String secret = ctx.cookie(Tokens.SESSION_COOKIE);
            Long ends = secret == null ? null : store.transaction(c -> Sql.one(c, "SELECT expires_at FROM console_sessions WHERE hash = ?",
                    rs -> rs.getLong(1), Tokens.hash(secret.trim())).orElse(null));
            Http.json(ctx, 200, session(p, ends));
        });
        // Logging out needs no valid session: the cookie is cleared whatever it held.
        app.delete("/console/session", ctx -> logout(ctx, store, secure));
    }

    private static void login(Context ctx, Store store, boolean secure, LoginThrottle throttle) throws Exception {
        String from = ctx.ip();
        throttle.check(from);
        JsonBody body = JsonBody.of(ctx);
        String token = body.string("token", true, 200);
        body.done();
        Principal p;
        Long expires;
        try {
            String checked = Tokens.checkForm(token.trim());
            p = store.transaction(c -> Tokens.principal(c, checked));
            expires = store.transaction(c -> Tokens.expiresAt(c, p.tokenId()));
        } catch (ApiError e) {
            throttle.failed(from);
            throw e;
        }
        if (p.kind() != Principal.Kind.OPERATOR) {
            throttle.failed(from);
            throw ApiError.forbidden("the console takes operator tokens (sp_op_...), not " + p.kind().name().toLowerCase() + " token " + p.tokenId());
        }
        long now = System.currentTimeMillis();
        long maxAge = SESSION_SECONDS;
        if (expires != null) {
            maxAge = Math.min(maxAge, Math.max(0, (expires - now) / 1000));
        }
        // The cookie carries a fresh random secret, never the token: a copied cookie dies with the
        // session (logout, 8 h, or the token's revocation) and the token never sits in the browser.
        String secret = Tokens.randomId(Tokens.SESSION_PREFIX, 32);
        long sessionEnds = now + maxAge * 1000;
        store.transaction(c -> {
            Sql.update(c, "INSERT INTO console_sessions (hash, token_id, created_at, expires_at, address) VALUES (?,?,?,?,?)",
                    Tokens.hash(secret), p.tokenId(), now, sessionEnds, from);
            // Sessions that ended long ago are of no further use.
            Sql.update(c, "DELETE FROM console_sessions WHERE expires_at < ?", now - 7L * 24 * 3600 * 1000);
            Audit.record(c, p, "console.login", "token/" + p.tokenId(), null, Map.of("from", from));
            return null;
        });
        ctx.header("Set-Cookie", cookie(secret, maxAge, secure));
        Http.json(ctx, 200, session(p, sessionEnds));
    }

    /** Ends the session of the request's cookie, if it has one that is open; the cookie is cleared anyway. */
    private static void logout(Context ctx, Store store, boolean secure) throws Exception {
        String secret = ctx.cookie(Tokens.SESSION_COOKIE);
        if (secret != null && !secret.isBlank()) {
            store.transaction(c -> {
                Optional<String> tokenId = Sql.one(c, "SELECT token_id FROM console_sessions WHERE hash = ? AND ended_at IS NULL", rs -> rs.getString(1), Tokens.hash(secret.trim()));
                if (tokenId.isPresent()) {
                    Sql.update(c, "UPDATE console_sessions SET ended_at = ? WHERE hash = ?", System.currentTimeMillis(), Tokens.hash(secret.trim()));
                    String name = Sql.one(c, "SELECT name FROM tokens WHERE id = ?", rs -> rs.getString(1), tokenId.get()).orElse(null);
                    Principal who = new Principal(tokenId.get(), Principal.Kind.OPERATOR, null, null, null, name);
                    Audit.record(c, who, "console.logout", "token/" + tokenId.get(), null, Map.of("from", ctx.ip()));
                }
                return null;
            });
        }
        ctx.header("Set-Cookie", cookie("", 0, secure));
        ctx.status(204);
    }

    private static Map<String, Object> session(Principal p, Long expires) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.tokenId());
        m.put("name", p.name());
        m.put("role", p.role().wire());
        m.put("expiresAt", Http.timeOrNull(expires));
        return m;
    }

    /** HttpOnly: page scripts never see the secret; SameSite=Strict: no other site's page sends it. */
    static String cookie(String value, long maxAgeSeconds, boolean secure) {
        return Tokens.SESSION_COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
