package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The request source on real servlet containers (embedded Tomcat 10.1, Jetty 12 ee10 and Undertow 2.3,
 * each without any filter, so that Jetty and Undertow reach the servlet straight from their dispatch)
 * in child JVMs: a path traversal through the query string, a form body, a JSON
 * body the application reads itself, an executor task and a CompletableFuture works without the
 * agent (JDK 17); with the agent's default policy each is answered 403 naming the event, on JDK 17 and 25, and the event names
 * the input that did it.
 */
class RequestSourceTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> containersOnJdks() {
        List<Arguments> out = new ArrayList<>();
        TestEnv.javaHomes().forEach(home -> {
            for (String server : new String[] {"tomcat", "jetty", "undertow"}) {
                out.add(Arguments.of(server, home));
            }
        });
        return out.stream();
    }

    /** The containers on the JDK running the tests: for what depends on the container, not on the JDK. */
    static Stream<Arguments> containers() {
        return Stream.of("tomcat", "jetty", "undertow").map(server -> Arguments.of(server, TestEnv.currentJavaHome()));
    }

    private Path docs() throws Exception {
        return ServletApp.documents(tmp);
    }

    private static String q(String value) {
        return ServletApp.query(value);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("containers")
    void everyWayOfReachingTheSinkWorksWithoutTheAgent(String server, Path javaHome) throws Exception {
        try (ServletApp app = ServletApp.start(javaHome, tmp, server, docs())) {
            assertThat(app.get("/read?name=readme.txt").body()).isEqualTo("public document");
            assertThat(app.get("/read?name=" + q("../secret.txt")).body()).isEqualTo("the secret");
            assertThat(app.post("/read-form", "application/x-www-form-urlencoded", "name=" + q("../secret.txt")).body()).isEqualTo("the secret");
            assertThat(app.post("/read-json", "application/json", "{\"file\": {\"name\": \"../secret.txt\"}}").body()).isEqualTo("the secret");
            assertThat(app.get("/read-executor?name=" + q("../secret.txt")).body()).isEqualTo("the secret");
            assertThat(app.get("/read-future?name=" + q("../secret.txt")).body()).isEqualTo("the secret");
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("containersOnJdks")
    void aBlockedSinkAnswers403NamingTheEventAndTheEventNamesTheInput(String server, Path javaHome) throws Exception {
        Path data = tmp.resolve("data");
        try (ServletApp app = ServletApp.start(javaHome, tmp, server, docs(), TestEnv.agentArg(data))) {
            assertThat(app.get("/read?name=readme.txt").body()).as("an ordinary read").isEqualTo("public document");

            blocked(app.get("/read?name=" + q("../secret.txt")), data, "query", "name", "../secret.txt");
            blocked(app.post("/read-form", "application/x-www-form-urlencoded", "name=" + q("../secret.txt")),
                    data, "form", "name", "../secret.txt");
            blocked(app.post("/read-json", "application/json", "{\"file\": {\"name\": \"../secret.txt\"}}"),
                    data, "json", "/file/name", "../secret.txt");
            Map<String, Object> executor = blocked(app.get("/read-executor?name=" + q("../../" + tmp.getFileName() + "/secret.txt")),
                    data, "query", "name", "../../" + tmp.getFileName() + "/secret.txt");
            assertThat(executor.get("thread")).as("the block happened on the pool's thread").asString().contains("pool");
            Map<String, Object> future = blocked(app.get("/read-future?name=" + q("./../secret.txt")), data, "query", "name", "./../secret.txt");
            assertThat(future.get("thread")).asString().doesNotContain("http").doesNotContain("qtp").doesNotContain("XNIO");

            assertThat(app.get("/read?name=readme.txt").body()).as("the app goes on serving").isEqualTo("public document");
            assertThat(app.isAlive()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("containers")
    void reflectedMarkupInAnHtmlResponseIsReported(String server, Path javaHome) throws Exception {
        Path data = tmp.resolve("data");
        try (ServletApp app = ServletApp.start(javaHome, tmp, server, docs(), TestEnv.agentArg(data))) {
            HttpResponse<String> r = app.get("/hello?name=" + q("<script>alert(document.cookie)</script>"));
            assertThat(r.statusCode()).as("xss.reflected observes by default").isEqualTo(200);
            Map<String, Object> e = TestEnv.awaitEvent(data, TestEnv.verdict("xss.reflected", "observe"));
            assertThat(e.get("joinPoint")).isEqualTo("http.response");
            assertThat(TestEnv.evidence(e)).containsEntry("input.source", "query").containsEntry("input.name", "name");
            assertThat(app.get("/hello?name=alice").body()).contains("Hello, alice!");
        }
    }

    /** Asserts the 403 and returns the block event it names. */
    private static Map<String, Object> blocked(HttpResponse<String> response, Path data, String source, String name, String value)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        String id = response.body().replaceAll("(?s).*\"event\":\"(ev-[0-9a-f]+)\".*", "$1");
        assertThat(id).as(response.body()).startsWith("ev-");
        Map<String, Object> e = TestEnv.awaitEvent(data, ev -> id.equals(ev.get("id")));
        assertThat(e).containsEntry("type", "verdict").containsEntry("rule", "path.traversal").containsEntry("verdict", "block")
                .containsEntry("joinPoint", "file.read").containsEntry("aspect", "injection");
        assertThat(TestEnv.evidence(e)).containsEntry("input.source", source).containsEntry("input.name", name)
                .containsEntry("input.value", value).containsEntry("sink", "file.read");
        assertThat((String) TestEnv.evidence(e).get("reason")).isNotBlank();
        @SuppressWarnings("unchecked")
        Map<String, Object> request = (Map<String, Object>) e.get("request");
        assertThat(request).containsEntry("response", "403").containsEntry("clientAddress", "127.0.0.1");
        return e;
    }
}
