package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * Dynamic masking of responses without changing the application, on the real Spring MVC testbed
 * (Tomcat 9 + Spring 5.3, {@code /customers/{id}}) and on the plain servlet testbed (request-app,
 * {@code /customers?count=N} written as bytes to the output stream): without the agent the JSON carries
 * resident IDs, bank cards and mobile numbers; with the policy in {@code block} it is masked in place,
 * still parses as JSON, is sent in clear to a caller with the unmasked role, never touches the benign
 * orders; and more level-3 records than the limit get a 403.
 */
class ResponseMaskingTest {
    private static final String ID = "110101199003074477";
    private static final String CARD = "6222021234567890128";
    private static final String MOBILE = "13812345678";
    private static final String POLICY = "{\"version\": \"responses\", \"aspects\": {\"data\": {\"rules\": "
            + "{\"data.response-mask\": \"%s\", \"data.response-limit\": \"%s\"}, \"config\": {\"sample\": 1, \"roleHeader\": \"X-Role\", "
            + "\"maxRecords\": 20, \"responses\": [{\"endpoint\": \"/customers*\", \"unmaskedRoles\": [\"auditor\"]}]}}}}";

    @TempDir
    Path tmp;

    static Stream<Arguments> containersOnJdks() {
        List<Arguments> out = new ArrayList<>();
        TestEnv.javaHomes().forEach(home -> {
            for (String server : new String[] {"tomcat", "jetty"}) {
                out.add(Arguments.of(server, home));
            }
        });
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void springMvcCustomerJsonIsMaskedUnlessTheCallerIsAnAuditor(Path javaHome) throws Exception {
        String plainBody;
        String plainOrder;
        try (Testbed app = Testbed.builder().javaHome(javaHome).workDir(Files.createDirectories(tmp.resolve("plain"))).start()) {
            plainBody = app.send(HttpRequest.newBuilder(app.uri("/customers/1"))).body();
            plainOrder = app.send(HttpRequest.newBuilder(app.uri("/customers/2"))).body();
        }
        assertThat(plainBody).as("without the agent the API hands out the values").contains(ID, CARD, MOBILE);
        Path data = tmp.resolve("data");
        Path policy = Files.writeString(tmp.resolve("policy.json"), String.format(POLICY, "block", "block"));
        try (Testbed app = Testbed.builder().javaHome(javaHome).workDir(Files.createDirectories(tmp.resolve("masked")))
                .jvmArgs(TestEnv.agentArg(data, "policy=" + policy)).start()) {
            HttpResponse<String> masked = app.send(HttpRequest.newBuilder(app.uri("/customers/1")));
            assertThat(masked.statusCode()).isEqualTo(200);
            Map<String, Object> customer = json(masked.body());
            assertThat(customer.get("idCard").toString()).matches("110\\*{11}4477");
            assertThat(customer.get("bankCard").toString()).matches("622202\\*{9}0128");
            assertThat(customer.get("mobile").toString()).matches("138\\*{4}5678");
            assertThat(customer).containsEntry("name", "Zhang Wei").containsEntry("id", "1");
            assertThat(masked.body()).doesNotContain(ID, CARD, MOBILE);

            HttpResponse<String> auditor = app.send(HttpRequest.newBuilder(app.uri("/customers/1")).header("X-Role", "auditor"));
            assertThat(auditor.body()).as("the unmasked role sees the values").isEqualTo(plainBody);
            HttpResponse<String> clerk = app.send(HttpRequest.newBuilder(app.uri("/customers/1")).header("X-Role", "clerk"));
            assertThat(clerk.body()).doesNotContain(ID, CARD, MOBILE);

            assertThat(app.send(HttpRequest.newBuilder(app.uri("/customers/2"))).body())
                    .as("the benign corpus is never masked").isEqualTo(plainOrder);
        }
        Map<String, Object> e = TestEnv.awaitEvent(data, TestEnv.verdict("data.response-mask", "rewrite"));
        assertThat(TestEnv.evidence(e)).containsEntry("endpoint", "/customers/1").doesNotContainKey("rewrite");
        assertThat(Files.readString(data.resolve("events.jsonl"))).doesNotContain(ID, CARD, MOBILE);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("containersOnJdks")
    void plainServletJsonIsMaskedAndStaysValidJson(String server, Path javaHome) throws Exception {
        String plainCustomers;
        String plainOrders;
        try (ServletApp app = ServletApp.start(javaHome, Files.createDirectories(tmp.resolve("plain")), server,
                ServletApp.documents(Files.createDirectories(tmp.resolve("docs-plain"))))) {
            plainCustomers = app.get("/customers?count=3").body();
            plainOrders = app.get("/orders").body();
        }
        List<Map<String, Object>> plain = customers(plainCustomers);
        assertThat(plain).hasSize(3);
        assertThat(plainCustomers).contains(plain.get(0).get("idCard").toString(), plain.get(0).get("mobile").toString());

        Path data = tmp.resolve("data");
        Path policy = Files.writeString(tmp.resolve("policy.json"), String.format(POLICY, "block", "block"));
        try (ServletApp app = ServletApp.start(javaHome, Files.createDirectories(tmp.resolve("masked")), server,
                ServletApp.documents(Files.createDirectories(tmp.resolve("docs-masked"))), TestEnv.agentArg(data, "policy=" + policy))) {
            HttpResponse<String> r = app.get("/customers?count=3");
            assertThat(r.statusCode()).isEqualTo(200);
            List<Map<String, Object>> masked = customers(r.body());
            assertThat(masked).hasSize(3);
            for (int i = 0; i < 3; i++) {
                Map<String, Object> p = plain.get(i);
                Map<String, Object> m = masked.get(i);
                assertThat(m.get("idCard").toString()).isNotEqualTo(p.get("idCard")).matches("110\\*{11}[0-9X]{4}");
                assertThat(m.get("bankCard").toString()).matches("622202\\*{9}\\d{4}");
                assertThat(m.get("mobile").toString()).matches("138\\*{4}\\d{4}");
                assertThat(m.get("note").toString()).as("free text").matches("call back on 138\\*{4}\\d{4} after 6pm");
                assertThat(m.get("name")).isEqualTo(p.get("name"));
                assertThat(r.body()).doesNotContain(p.get("idCard").toString(), p.get("bankCard").toString(), p.get("mobile").toString());
            }
            HttpResponse<String> auditor = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.port() + "/customers?count=3")).header("X-Role", "auditor").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(auditor.body()).isEqualTo(plainCustomers);
            assertThat(app.get("/orders").body()).as("the benign corpus is never masked").isEqualTo(plainOrders);

            HttpResponse<String> bulk = app.get("/customers?count=30");
            assertThat(bulk.statusCode()).as("30 customers are over the limit of 20 level-3 records").isEqualTo(403);
            assertThat(bulk.body()).doesNotContain("idCard");
            assertThat(app.get("/customers?count=10").statusCode()).as("10 customers: 20 mobile numbers with the notes, at the limit").isEqualTo(200);
            assertThat(app.isAlive()).isTrue();
        }
        Map<String, Object> limit = TestEnv.awaitEvent(data, TestEnv.verdict("data.response-limit", "block"));
        assertThat(TestEnv.evidence(limit)).containsEntry("maxRecords", "20");
        TestEnv.awaitEvent(data, TestEnv.verdict("data.response-mask", "rewrite"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void observeReportsTheLeakAndTheLimitWithoutChangingTheResponse(Path javaHome) throws Exception {
        Path data = tmp.resolve("data");
        Path policy = Files.writeString(tmp.resolve("policy.json"), String.format(POLICY, "observe", "observe"));
        try (ServletApp app = ServletApp.start(javaHome, tmp, "tomcat", ServletApp.documents(tmp), TestEnv.agentArg(data, "policy=" + policy))) {
            HttpResponse<String> r = app.get("/customers?count=30");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(customers(r.body())).hasSize(30).allSatisfy(c -> assertThat(c.get("idCard").toString()).doesNotContain("*"));
            // one finding per chunk: the limit above, the unmasked values on a response within the limit
            assertThat(app.get("/customers?count=2").body()).doesNotContain("*");
        }
        Map<String, Object> mask = TestEnv.awaitEvent(data, TestEnv.verdict("data.response-mask", "observe"));
        assertThat(TestEnv.evidence(mask).get("example").toString()).matches("110\\*{11}[0-9X]{4}");
        assertThat(TestEnv.evidence(mask).get("types").toString()).contains("CN_RESIDENT_ID", "CN_BANK_CARD", "CN_MOBILE");
        Map<String, Object> limit = TestEnv.awaitEvent(data, TestEnv.verdict("data.response-limit", "observe"));
        assertThat(Integer.parseInt(TestEnv.evidence(limit).get("records").toString())).isGreaterThan(20);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String body) {
        return (Map<String, Object>) Json.parse(body);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> customers(String body) {
        return (List<Map<String, Object>>) json(body).get("customers");
    }
}
