package secplane.server.console;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.util.LinkedHashMap;
import java.util.Map;
import secplane.server.audit.Audit;
import secplane.server.http.ApiError;
import secplane.server.http.Http;
import secplane.server.http.JsonBody;
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
            Long expires = store.transaction(c -> Tokens.expiresAt(c, p.tokenId()));
            Http.json(ctx, 200, session(p, expires));
        });
        app.delete("/console/session", ctx -> {
            // Logging out needs no valid session: the cookie is cleared whatever it held.
            ctx.header("Set-Cookie", cookie("", 0, secure));
            ctx.status(204);
        });
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
        long maxAge = SESSION_SECONDS;
        if (expires != null) {
            maxAge = Math.min(maxAge, Math.max(0, (expires - System.currentTimeMillis()) / 1000));
        }
        store.transaction(c -> {
            Audit.record(c, p, "console.login", "token/" + p.tokenId(), null, Map.of("from", from));
            return null;
        });
        ctx.header("Set-Cookie", cookie(token.trim(), maxAge, secure));
        Http.json(ctx, 200, session(p, expires));
    }

    private static Map<String, Object> session(Principal p, Long expires) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.tokenId());
        m.put("name", p.name());
        m.put("role", p.role().wire());
        m.put("expiresAt", Http.timeOrNull(expires));
        return m;
    }

    /** HttpOnly: page scripts never see the token; SameSite=Strict: no other site's page sends it. */
    static String cookie(String value, long maxAgeSeconds, boolean secure) {
        return Tokens.SESSION_COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
