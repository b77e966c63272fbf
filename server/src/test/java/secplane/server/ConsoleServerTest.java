package secplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.protocol.json.Json;

/**
 * The console's listener (docs/console.md): its own port, the page with strict headers, the chart
 * library from its WebJar, login by operator token into an HttpOnly SameSite=Strict cookie, the API on
 * the same origin with the cookie, the CSRF header on every change, and roles enforced by the server.
 */
class ConsoleServerTest {
    @TempDir
    Path data;
    ControlPlane plane;
    Api api;
    Api console;
    String admin;
    String viewer;

    @BeforeEach
    void start() {
        plane = ControlPlane.start(Planes.config(data));
        api = new Api(plane.port());
        console = new Api(plane.consolePort());
        admin = plane.bootstrapToken().orElseThrow();
        viewer = (String) api.post("/v1/tokens", admin, Map.of("kind", "operator", "role", "viewer", "name", "auditor")).json().get("token");
    }

    @AfterEach
    void stop() {
        plane.close();
    }

    private Api.Resp send(String method, String path, String cookie, String body, boolean consoleHeader) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(console.base + path)).timeout(Duration.ofSeconds(30));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (consoleHeader) {
            b.header("X-Secplane-Console", "1");
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return console.send(b.build());
    }

    /** Logs in and returns the cookie as a browser would send it back. */
    private String login(String token) {
        Api.Resp r = send("POST", "/console/session", null, Json.write(Map.of("token", token)), true);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        String setCookie = r.headers().get("set-cookie").get(0);
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/").doesNotContain("Secure");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void servesThePageOnItsOwnPortWithStrictHeaders() {
        assertThat(plane.consolePort()).isPositive().isNotEqualTo(plane.port());
        Api.Resp page = send("GET", "/", null, null, false);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<html");
        String csp = page.headers().get("content-security-policy").get(0);
        assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-eval");
        assertThat(page.headers().get("x-frame-options")).containsExactly("DENY");
        assertThat(page.headers().get("x-content-type-options")).containsExactly("nosniff");

        Api.Resp lib = send("GET", "/webjars/echarts/5.3.1/dist/echarts.esm.min.js", null, null, false);
        assertThat(lib.status()).isEqualTo(200);
        assertThat(lib.headers().get("content-type").get(0)).contains("javascript");
        assertThat(lib.bytes().length).isGreaterThan(500_000);

        // The API's own port serves no page.
        assertThat(api.get("/", null).status()).isEqualTo(404);
    }

    @Test
    void noConsoleWhenTurnedOff() {
        plane.close();
        plane = ControlPlane.start(Planes.config(data).withConsolePort(-1));
        assertThat(plane.consolePort()).isEqualTo(-1);
        assertThat(new Api(plane.port()).get("/health", null).status()).isEqualTo(200);
    }

    @Test
    void loginSetsASessionThatTheApiAccepts() {
        assertThat(send("GET", "/v1/agents", null, null, false).status()).isEqualTo(401);
        String cookie = login(admin);
        Api.Resp who = send("GET", "/console/session", cookie, null, false);
        assertThat(who.status()).isEqualTo(200);
        assertThat(who.json()).containsEntry("role", "admin").containsEntry("name", "bootstrap admin");
        assertThat(who.body()).doesNotContain(admin);
        assertThat(send("GET", "/v1/agents", cookie, null, false).status()).isEqualTo(200);
        // The login is in the audit trail, without the token.
        Api.Resp audit = api.get("/v1/audit", admin);
        assertThat(audit.body()).contains("console.login").doesNotContain(admin);

        // The cookie holds a session secret, not the token, and is no token anywhere else.
        assertThat(cookie).startsWith("secplane_session=sp_cs_").doesNotContain(admin);
        assertThat(api.get("/v1/agents", cookie.substring(cookie.indexOf('=') + 1)).status()).isEqualTo(401);

        // Logout clears the cookie and ends the session on the server: a copy of the cookie is worthless.
        Api.Resp out = send("DELETE", "/console/session", cookie, null, true);
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.headers().get("set-cookie").get(0)).startsWith("secplane_session=;").contains("Max-Age=0");
        Api.Resp copied = send("GET", "/v1/agents", cookie, null, false);
        assertThat(copied.status()).isEqualTo(401);
        assertThat(copied.message()).contains("session has ended");
        assertThat(api.get("/v1/audit", admin).body()).contains("console.logout");
        // Another session of the same token is not affected by that logout.
        String again = login(admin);
        assertThat(send("GET", "/v1/agents", again, null, false).status()).isEqualTo(200);
    }

    @Test
    void changesNeedTheConsoleHeaderAndTheRole() {
        String adminCookie = login(admin);
        String body = Json.write(Map.of("kind", "operator", "role", "viewer", "name", "x"));
        Api.Resp forged = send("POST", "/v1/tokens", adminCookie, body, false);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.message()).contains("X-Secplane-Console");
        assertThat(send("POST", "/v1/tokens", adminCookie, body, true).status()).isEqualTo(201);

        String viewerCookie = login(viewer);
        assertThat(send("GET", "/console/session", viewerCookie, null, false).json()).containsEntry("role", "viewer");
        Api.Resp push = send("POST", "/v1/policies", viewerCookie, Json.write(Map.of("service", "orders", "policy", Map.of("mode", "block"))), true);
        assertThat(push.status()).isEqualTo(403);
        assertThat(push.message()).contains("operator");
    }

    @Test
    void badLoginsAreRefusedClearlyAndThrottled() {
        Api.Resp unknown = send("POST", "/console/session", null, Json.write(Map.of("token", "sp_op_" + "A".repeat(43))), true);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.message()).contains("unknown token");
        assertThat(unknown.headers().get("set-cookie")).isNull();

        Api.Resp notOurs = send("POST", "/console/session", null, Json.write(Map.of("token", "hunter2")), true);
        assertThat(notOurs.status()).isEqualTo(401);
        assertThat(notOurs.message()).contains("not a secplane token");

        String enrol = Planes.enrolToken(api, admin, "shop");
        Api.Resp wrongKind = send("POST", "/console/session", null, Json.write(Map.of("token", enrol)), true);
        assertThat(wrongKind.status()).isEqualTo(403);
        assertThat(wrongKind.message()).contains("operator tokens");

        assertThat(send("POST", "/console/session", null, "{\"token\": 1}", true).status()).isEqualTo(400);
        assertThat(send("POST", "/console/session", null, "not json", true).status()).isEqualTo(400);

        // The tenth failure from this address in a minute: further attempts wait, even with a good token.
        for (int i = 0; i < 7; i++) {
            send("POST", "/console/session", null, Json.write(Map.of("token", "sp_op_" + "B".repeat(43))), true);
        }
        Api.Resp throttled = send("POST", "/console/session", null, Json.write(Map.of("token", admin)), true);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.message()).contains("failed logins").contains("wait");
        // The API with a bearer token is not affected.
        assertThat(api.get("/v1/agents", admin).status()).isEqualTo(200);
    }

    @Test
    void aRevokedTokenEndsItsSession() {
        Map<String, Object> issued = api.post("/v1/tokens", admin, Map.of("kind", "operator", "role", "operator", "name", "ops")).json();
        String cookie = login((String) issued.get("token"));
        assertThat(send("GET", "/v1/policies", cookie, null, false).status()).isEqualTo(200);
        assertThat(api.delete("/v1/tokens/" + issued.get("id"), admin).status()).isIn(200, 204);
        Api.Resp after = send("GET", "/v1/policies", cookie, null, false);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.message()).contains("revoked");
    }
}
