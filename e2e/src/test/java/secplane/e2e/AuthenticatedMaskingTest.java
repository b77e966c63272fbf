package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import secplane.protocol.json.Json;
import secplane.testbeds.attacks.Testbed;

/**
 * Masking by the caller's authenticated role and masking of writer output, on the plain servlet testbed
 * (request-app): {@code /secure/customers} behind Tomcat 10.1's own HTTP Basic authentication (in-memory realm,
 * alice = auditor, bob = clerk), and {@code /customers-writer}, which writes its JSON through
 * {@code getWriter().write(String)} — on Tomcat and Undertow a write the agent used to report but could not mask —
 * and the Spring MVC testbed's {@code /customers-writer/1} on Tomcat 9 (javax), written the same way.
 */
class AuthenticatedMaskingTest {
    private static final String POLICY = "{\"version\": \"principal\", \"aspects\": {\"data\": {\"rules\": "
            + "{\"data.response-mask\": \"block\"}, \"config\": {\"sample\": 1, \"roleHeader\": \"X-Role\", \"roles\": [\"clerk\"], "
            + "\"responses\": [{\"endpoint\": \"/secure/*\", \"unmaskedRoles\": [\"auditor\"]}, "
            + "{\"endpoint\": \"/customers*\", \"unmaskedRoles\": [\"auditor\"]}]}}}}";

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Stream<Arguments> writerServersOnJdks() {
        List<Arguments> out = new ArrayList<>();
        TestEnv.javaHomes().forEach(home -> {
            for (String server : new String[] {"tomcat", "undertow", "jetty"}) {
                out.add(Arguments.of(server, home));
            }
        });
        return out.stream();
    }

    private HttpResponse<String> get(ServletApp app, String path, String user, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user + "-pw").getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void theContainersAuthenticatedAuditorSeesClearDataAndAClerkForgingTheRoleHeaderDoesNot(Path javaHome) throws Exception {
        String plain;
        try (ServletApp app = ServletApp.start(javaHome, Files.createDirectories(tmp.resolve("plain")), "tomcat",
                ServletApp.documents(Files.createDirectories(tmp.resolve("docs-plain"))))) {
            assertThat(get(app, "/secure/customers?count=3", null).statusCode()).as("the container asks for credentials").isEqualTo(401);
            plain = get(app, "/secure/customers?count=3", "bob").body();
        }
        Map<String, Object> first = customers(plain).get(0);
        String id = first.get("idCard").toString();
        String mobile = first.get("mobile").toString();
        assertThat(plain).as("without the agent a clerk gets the values").contains(id, mobile);

        Path data = tmp.resolve("data");
        Path policy = Files.writeString(tmp.resolve("policy.json"), POLICY);
        try (ServletApp app = ServletApp.start(javaHome, Files.createDirectories(tmp.resolve("masked")), "tomcat",
                ServletApp.documents(Files.createDirectories(tmp.resolve("docs-masked"))), TestEnv.agentArg(data, "policy=" + policy))) {
            HttpResponse<String> auditor = get(app, "/secure/customers?count=3", "alice");
            assertThat(auditor.statusCode()).isEqualTo(200);
            assertThat(auditor.body()).as("the authenticated auditor sees the values").isEqualTo(plain);

            HttpResponse<String> clerk = get(app, "/secure/customers?count=3", "bob");
            assertThat(clerk.statusCode()).isEqualTo(200);
            assertThat(customers(clerk.body()).get(0).get("idCard").toString()).matches("110\\*{11}[0-9X]{4}");
            assertThat(clerk.body()).doesNotContain(id, mobile);

            HttpResponse<String> forged = get(app, "/secure/customers?count=3", "bob", "X-Role", "auditor");
            assertThat(forged.body()).as("a header never overrides the authenticated principal").isEqualTo(clerk.body()).doesNotContain(id, mobile);

            assertThat(get(app, "/customers?count=3", null, "X-Role", "auditor").body())
                    .as("an anonymous caller's header role still counts where the policy reads it").contains(id, mobile);
            assertThat(app.isAlive()).isTrue();
        }
        Map<String, Object> e = TestEnv.awaitEvent(data, ev -> TestEnv.verdict("data.response-mask", "rewrite").test(ev)
                && "/secure/customers".equals(TestEnv.evidence(ev).get("endpoint")));
        assertThat(TestEnv.evidence(e)).containsEntry("role", "clerk");
        assertThat(Files.readString(data.resolve("events.jsonl"))).doesNotContain(id, mobile, "\"bob\"");
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("writerServersOnJdks")
    void jsonWrittenThroughTheServletWriterIsMasked(String server, Path javaHome) throws Exception {
        String plain;
        try (ServletApp app = ServletApp.start(javaHome, Files.createDirectories(tmp.resolve("plain")), server,
                ServletApp.documents(Files.createDirectories(tmp.resolve("docs-plain"))))) {
            plain = app.get("/customers-writer?count=5").body();
        }
        List<Map<String, Object>> clear = customers(plain);
        assertThat(clear).hasSize(5);
        Path data = tmp.resolve("data");
        Path policy = Files.writeString(tmp.resolve("policy.json"), POLICY);
        try (ServletApp app = ServletApp.start(javaHome, Files.createDirectories(tmp.resolve("masked")), server,
                ServletApp.documents(Files.createDirectories(tmp.resolve("docs-masked"))), TestEnv.agentArg(data, "policy=" + policy))) {
            HttpResponse<String> r = app.get("/customers-writer?count=5");
            assertThat(r.statusCode()).isEqualTo(200);
            List<Map<String, Object>> masked = customers(r.body());
            assertThat(masked).hasSize(5);
            for (int i = 0; i < 5; i++) {
                assertThat(masked.get(i).get("idCard").toString()).matches("110\\*{11}[0-9X]{4}");
                assertThat(masked.get(i).get("bankCard").toString()).matches("622202\\*{9}\\d{4}");
                assertThat(masked.get(i).get("note").toString()).matches("call back on 138\\*{4}\\d{4} after 6pm");
                assertThat(masked.get(i).get("name")).isEqualTo(clear.get(i).get("name"));
                assertThat(r.body()).doesNotContain(clear.get(i).get("idCard").toString(), clear.get(i).get("mobile").toString());
            }
            assertThat(r.body()).hasSameSizeAs(plain);
            assertThat(app.get("/customers-writer?count=5").body()).isNotEqualTo(plain);
            @SuppressWarnings("unchecked")
            Map<String, Object> rewrites = (Map<String, Object>) TestEnv.status(data).get("rewrites");
            assertThat(((Number) rewrites.get("responseFailures")).longValue()).as("no chunk was sent unmasked").isZero();
        }
        TestEnv.awaitEvent(data, TestEnv.verdict("data.response-mask", "rewrite"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void springMvcOnTomcat9WriterOutputIsMasked(Path javaHome) throws Exception {
        String plain;
        try (Testbed app = Testbed.builder().javaHome(javaHome).workDir(Files.createDirectories(tmp.resolve("plain"))).start()) {
            plain = app.send(HttpRequest.newBuilder(app.uri("/customers-writer/1"))).body();
        }
        assertThat(plain).as("without the agent the writer hands out the values").contains("110101199003074477", "13812345678");
        Path data = tmp.resolve("data");
        Path policy = Files.writeString(tmp.resolve("policy.json"), POLICY);
        try (Testbed app = Testbed.builder().javaHome(javaHome).workDir(Files.createDirectories(tmp.resolve("masked")))
                .jvmArgs(TestEnv.agentArg(data, "policy=" + policy)).start()) {
            String masked = app.send(HttpRequest.newBuilder(app.uri("/customers-writer/1"))).body();
            @SuppressWarnings("unchecked")
            Map<String, Object> customer = (Map<String, Object>) Json.parse(masked);
            assertThat(customer.get("idCard").toString()).matches("110\\*{11}4477");
            assertThat(customer.get("mobile").toString()).matches("138\\*{4}5678");
            assertThat(masked).hasSameSizeAs(plain).doesNotContain("110101199003074477", "13812345678");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> customers(String body) {
        return (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(body)).get("customers");
    }
}
