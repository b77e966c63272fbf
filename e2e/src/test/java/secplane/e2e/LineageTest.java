package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import secplane.server.ControlPlane;
import secplane.server.ServerConfig;
import secplane.testbeds.attacks.Testbed;

/**
 * JDBC observation and lineage end to end: the Spring MVC testbed (Tomcat 9) reads customer 1 from the
 * {@code customers} table of its embedded H2 database through JDBC for {@code GET /customers/{id}} and returns
 * it as JSON. Under the real agent, with the data policy from a real control plane, the data map then holds the
 * column {@code customers.id_number} with its type and level, and the flow of resident IDs names that column as
 * the source of what the endpoint handed to the clerk. Without the agent the application serves the same data
 * and nothing is reported. JDK 17 and 25.
 */
class LineageTest {
    private static final String SERVICE = "customers";
    private static final String ID = "110101199003074477";
    private static final String MOBILE = "13812345678";
    private static final String POLICY = "{\"version\": \"lineage\", \"aspects\": {\"data\": {\"rules\": {\"data.log-baseline\": \"observe\", "
            + "\"data.response-mask\": \"observe\", \"data.jdbc-result\": \"observe\"}, \"config\": {\"sample\": 1, \"roleHeader\": \"X-Role\", "
            + "\"responses\": [{\"endpoint\": \"/customers*\", \"unmaskedRoles\": [\"auditor\"]}]}}}}";

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void theMapShowsTheColumnAndTheFlowFromItThroughTheEndpointToTheCaller(Path javaHome) throws Exception {
        try (ControlPlane plane = ControlPlane.start(ServerConfig.defaults(tmp.resolve("server")).withPort(0))) {
            String admin = plane.bootstrapToken().orElseThrow();
            PlaneApi api = new PlaneApi(plane.port(), admin);
            long version = api.push(SERVICE, POLICY);
            String viewer = (String) api.post("/v1/tokens", Map.of("kind", "operator", "role", "viewer", "name", "lineage-reader")).get("token");

            try (Testbed app = Testbed.builder().javaHome(javaHome).workDir(Files.createDirectories(tmp.resolve("plain"))).start()) {
                HttpResponse<String> plain = app.send(HttpRequest.newBuilder(app.uri("/customers/1")).header("X-Role", "clerk"));
                assertThat(plain.statusCode()).isEqualTo(200);
                assertThat(plain.body()).as("the application reads the record from its table").contains(ID, MOBILE);
            }
            assertThat(assets(api, "")).as("without the agent nothing is reported").isEmpty();

            Path data = tmp.resolve("agent");
            try (Testbed app = Testbed.builder().javaHome(javaHome).workDir(Files.createDirectories(tmp.resolve("app")))
                    .jvmArgs(TestEnv.agentArg(data, "service=" + SERVICE, "server=" + api.url(), "server.key=" + plane.publicKey(),
                            "enrol.token=" + api.enrolToken(SERVICE), "instance=customers-1")).start()) {
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> applied(api) == version);
                HttpResponse<String> r = app.send(HttpRequest.newBuilder(app.uri("/customers/1")).header("X-Role", "clerk"));
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).as("observe changes nothing").isEqualTo(plainBody());

                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                        assets(api, "&kind=column").size() >= 3 && flows(api, "CN_RESIDENT_ID").stream()
                                .anyMatch(f -> f.get("source") != null && "GET /customers/{id}".equals(f.get("name"))));
            }
            assertThat(Files.readString(data.resolve("events.jsonl"))).as("events never hold a value").doesNotContain(ID, MOBILE);

            List<Map<String, Object>> columns = assets(api, "&kind=column");
            assertThat(columns).extracting(a -> a.get("name") + " " + a.get("type"))
                    .contains("customers.id_number CN_RESIDENT_ID", "customers.mobile CN_MOBILE", "customers.bank_card CN_BANK_CARD")
                    .noneMatch(s -> s.startsWith("customers.name"));
            assertThat(columns).filteredOn(a -> "customers.id_number".equals(a.get("name"))).singleElement().satisfies(a -> {
                assertThat(a).containsEntry("kind", "column").containsEntry("service", SERVICE).containsEntry("level", 3L);
                assertThat(((Number) a.get("values")).longValue()).isPositive();
            });
            assertThat(flows(api, "CN_RESIDENT_ID")).filteredOn(f -> "GET /customers/{id}".equals(f.get("name")))
                    .extracting(f -> f.get("source") + " -> " + f.get("name") + " -> " + f.get("consumer"))
                    .containsExactly("customers.id_number -> GET /customers/{id} -> role clerk, loopback");
            assertThat(flows(api, "CN_MOBILE")).extracting(f -> f.get("source") + " -> " + f.get("name"))
                    .contains("customers.mobile -> GET /customers/{id}", "customers.mobile -> customers.log4j");

            String url = api.url();
            CliRun map = CliRun.cli("data", "map", "--kind", "column", "--server", url, "--token", viewer);
            assertThat(map.code()).as(map.err()).isZero();
            assertThat(map.line("customers.id_number")).contains("column", SERVICE).matches(".*CN_RESIDENT_ID\\s+3\\s.*");
            CliRun flows = CliRun.cli("data", "flows", "--type", "CN_RESIDENT_ID", "--server", url, "--token", viewer);
            assertThat(flows.code()).as(flows.err()).isZero();
            assertThat(flows.line("GET /customers/{id}")).startsWith("customers.id_number").contains(SERVICE, "role clerk, loopback");
        }
    }

    /**
     * Outbound lineage: {@code POST /customers/1/share} reads the customer through JDBC and sends it to a partner (the
     * application's configuration) with the JDK {@code HttpClient}. Without the agent the partner receives the customer
     * and nothing is reported; under the agent, observing, the partner receives the same, and the data map's flow of
     * resident IDs to the partner's {@code host:port} names {@code customers.id_number} as the source and the endpoint as
     * the sender.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void aSendToAPartnerNamesTheColumnTheValuesWereReadFrom(Path javaHome) throws Exception {
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer partner = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        partner.createContext("/v1/customers", x -> {
            received.add(new String(x.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        partner.start();
        try {
            String destination = "127.0.0.1:" + partner.getAddress().getPort();
            String partnerArg = "-Dwebapp.partner=http://" + destination + "/v1/customers";
            String policy = "{\"version\": \"outbound-lineage\", \"aspects\": {\"data\": {\"rules\": {\"data.egress\": \"observe\", "
                    + "\"data.jdbc-result\": \"observe\"}, \"config\": {\"sample\": 1}}}}";
            try (ControlPlane plane = ControlPlane.start(ServerConfig.defaults(tmp.resolve("server")).withPort(0))) {
                PlaneApi api = new PlaneApi(plane.port(), plane.bootstrapToken().orElseThrow());
                long version = api.push(SERVICE, policy);
                try (Testbed app = Testbed.builder().javaHome(javaHome).workDir(Files.createDirectories(tmp.resolve("plain"))).jvmArgs(partnerArg).start()) {
                    HttpResponse<String> r = app.send(HttpRequest.newBuilder(app.uri("/customers/1/share")).POST(HttpRequest.BodyPublishers.noBody()));
                    assertThat(r.body()).isEqualTo("shared customer 1, partner answered 204");
                }
                assertThat(received).as("without the agent the partner gets the customer").singleElement().asString().contains(ID, MOBILE);
                assertThat(assets(api, "")).as("and nothing is reported").isEmpty();

                Path data = tmp.resolve("agent");
                try (Testbed app = Testbed.builder().javaHome(javaHome).workDir(Files.createDirectories(tmp.resolve("app"))).jvmArgs(partnerArg)
                        .jvmArgs(TestEnv.agentArg(data, "service=" + SERVICE, "server=" + api.url(), "server.key=" + plane.publicKey(),
                                "enrol.token=" + api.enrolToken(SERVICE), "instance=customers-2")).start()) {
                    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> applied(api) == version);
                    HttpResponse<String> r = app.send(HttpRequest.newBuilder(app.uri("/customers/1/share")).POST(HttpRequest.BodyPublishers.noBody()));
                    assertThat(r.body()).as("observe changes nothing").isEqualTo("shared customer 1, partner answered 204");
                    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                            flows(api, "CN_RESIDENT_ID").stream().anyMatch(f -> destination.equals(f.get("name")) && f.get("source") != null));
                }
                assertThat(received).hasSize(2).allSatisfy(b -> assertThat(b).contains(ID, MOBILE));
                Map<String, Object> sent = TestEnv.awaitEvent(data, TestEnv.verdict("data.egress", "observe"));
                assertThat(TestEnv.evidence(sent)).containsEntry("destination", destination);
                assertThat(List.of(((String) TestEnv.evidence(sent).get("source")).split(","))).containsExactlyInAnyOrder("customers.id_number", "customers.mobile");
                assertThat(List.of(((String) TestEnv.evidence(sent).get("sources")).split(",")))
                        .containsExactlyInAnyOrder("CN_RESIDENT_ID=customers.id_number", "CN_MOBILE=customers.mobile");
                assertThat(Files.readString(data.resolve("events.jsonl"))).as("events never hold a value").doesNotContain(ID, MOBILE);

                assertThat(flows(api, "CN_RESIDENT_ID")).filteredOn(f -> destination.equals(f.get("name")))
                        .extracting(f -> f.get("kind") + ": " + f.get("source") + " -> " + f.get("name") + " <- " + f.get("consumer"))
                        .containsExactly("destination: customers.id_number -> " + destination
                                + " <- not allow-listed, http-client, from POST /customers/{id}/share");
                assertThat(flows(api, "CN_MOBILE")).filteredOn(f -> destination.equals(f.get("name"))).extracting(f -> f.get("source"))
                        .containsExactly("customers.mobile");
            }
        } finally {
            partner.stop(0);
        }
    }

    private static String plainBody() {
        return "{\"id\":\"1\",\"name\":\"Zhang Wei\",\"idCard\":\"" + ID + "\",\"bankCard\":\"6222021234567890128\",\"mobile\":\"" + MOBILE + "\"}";
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> assets(PlaneApi api, String query) throws Exception {
        return (List<Map<String, Object>>) api.get("/v1/data/map?service=" + SERVICE + query).get("assets");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> flows(PlaneApi api, String type) throws Exception {
        return (List<Map<String, Object>>) api.get("/v1/data/flows?service=" + SERVICE + "&type=" + type).get("flows");
    }

    private static long applied(PlaneApi api) throws Exception {
        List<Map<String, Object>> agents = api.agents(SERVICE);
        return agents.isEmpty() || agents.get(0).get("appliedVersion") == null ? -1 : ((Number) agents.get(0).get("appliedVersion")).longValue();
    }
}
