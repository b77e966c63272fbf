package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sinks of libraries beyond the JDK, used the vulnerable way by the request testbed on embedded
 * Tomcat 10.1 (testbeds/request-app, {@code /sink/<library>}), on JDK 17 and 25: OkHttp 4, Apache
 * HttpClient 4 and 5 fetching a loopback URL from the query (SSRF), the JDK's StAX resolving an
 * external entity (XXE), and OGNL, MVEL, JEXL 3 and Jakarta EL evaluating the query (expression
 * injection). Each attack works without the agent; with the default policy each is answered 403 and
 * reported at the library's join point, while the same libraries used with benign input, and a
 * fetch of a URL the code chose, go on working.
 */
class SinkLibrariesTest {
    @TempDir
    Path tmp;

    static Stream<Path> jdks() {
        return TestEnv.javaHomes();
    }

    private Path docs() throws Exception {
        return ServletApp.documents(tmp);
    }

    private static String q(String value) {
        return ServletApp.query(value);
    }

    private String xxe() {
        return "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"" + tmp.resolve("secret.txt").toUri() + "\">]><r>&x;</r>";
    }

    /** Library -> {attack path and query, what the attack's answer contains when it works}. */
    private static Map<String, String[]> expressionAttacks() {
        Map<String, String[]> m = new LinkedHashMap<>();
        m.put("ognl", new String[] {"/sink/ognl?expr=" + q("@java.lang.System@getProperty(\"java.class.path\")"), "request-app"});
        m.put("mvel", new String[] {"/sink/mvel?expr=" + q("System.getProperty(\"java.class.path\")"), "request-app"});
        m.put("jexl", new String[] {"/sink/jexl?expr=" + q("'x'.getClass().getName()"), "java.lang.String"});
        m.put("el", new String[] {"/sink/el?expr=" + q("'x'.getClass().getName()"), "java.lang.String"});
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void everyLibraryAttackWorksWithoutTheAgent(Path javaHome) throws Exception {
        try (ServletApp app = ServletApp.start(javaHome, tmp, "tomcat", docs())) {
            String internal = "http://127.0.0.1:" + app.port() + "/hello?name=internal";
            for (String client : new String[] {"okhttp", "httpclient4", "httpclient5"}) {
                assertThat(app.get("/sink/" + client + "?url=" + q(internal)).body()).as(client).contains("Hello, internal!");
            }
            assertThat(app.post("/sink/stax", "application/xml", xxe()).body()).as("stax").isEqualTo("the secret");
            for (Map.Entry<String, String[]> e : expressionAttacks().entrySet()) {
                assertThat(app.get(e.getValue()[0]).body()).as(e.getKey()).contains(e.getValue()[1]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void everyLibraryAttackIsBlockedAtItsJoinPointAndBenignUseGoesOn(Path javaHome) throws Exception {
        Path data = tmp.resolve("data");
        try (ServletApp app = ServletApp.start(javaHome, tmp, "tomcat", docs(), TestEnv.agentArg(data))) {
            String internal = "http://127.0.0.1:" + app.port() + "/hello?name=internal";
            for (String client : new String[] {"okhttp", "httpclient4", "httpclient5"}) {
                blocked(app.get("/sink/" + client + "?url=" + q(internal)), data, "ssrf", "net.connect", client);
                assertThat(app.get("/sink/" + client + "?fixed").body()).as(client + ", a URL the code chose")
                        .contains("Hello, fixed!");
            }
            blocked(app.post("/sink/stax", "application/xml", xxe()), data, "xxe", "xml.parse", "stax");
            assertThat(app.post("/sink/stax", "application/xml", "<r>plain <b>text</b></r>").body()).isEqualTo("plain text");

            for (Map.Entry<String, String[]> e : expressionAttacks().entrySet()) {
                blocked(app.get(e.getValue()[0]), data, "expression.injection", "expression.eval", e.getKey());
            }
            assertThat(app.get("/sink/ognl?expr=" + q("6 * 7")).body()).isEqualTo("42");
            assertThat(app.get("/sink/mvel?expr=" + q("6 * 7")).body()).isEqualTo("42");
            assertThat(app.get("/sink/jexl?expr=" + q("6 * 7")).body()).isEqualTo("42");
            assertThat(app.get("/sink/el?expr=" + q("6 * 7")).body()).isEqualTo("42");
            assertThat(app.isAlive()).isTrue();
        }
    }

    private static void blocked(HttpResponse<String> response, Path data, String rule, String joinPoint, String what) throws Exception {
        assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(403);
        String id = response.body().replaceAll("(?s).*\"event\":\"(ev-[0-9a-f]+)\".*", "$1");
        Map<String, Object> e = TestEnv.awaitEvent(data, ev -> id.equals(ev.get("id")));
        assertThat(e).as(what).containsEntry("rule", rule).containsEntry("verdict", "block").containsEntry("joinPoint", joinPoint);
        assertThat(TestEnv.evidence(e)).as(what).containsKeys("input.source", "input.name", "input.value", "reason");
    }
}
