package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static secplane.e2e.CliRun.cli;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.protocol.json.Json;
import secplane.server.ControlPlane;
import secplane.server.ServerConfig;
import secplane.testbeds.attacks.Testbed;

/**
 * The data map end to end: the real agent in the Spring MVC testbed (Tomcat 9, {@code /customers/{id}},
 * which also logs the customer through Log4j 2, Logback and java.util.logging) takes the data policy
 * from a real control plane, reports what it observes, and {@code secplane data map} and
 * {@code secplane data flows} then show the endpoint with the resident ID and mobile number and the
 * loggers with their types.
 */
class DataMapTest {
    private static final String SERVICE = "customers";
    private static final String POLICY = "{\"version\": \"data-map\", \"aspects\": {\"data\": {\"rules\": {\"data.log-baseline\": \"observe\", "
            + "\"data.response-mask\": \"observe\"}, \"config\": {\"sample\": 1, \"roleHeader\": \"X-Role\", "
            + "\"responses\": [{\"endpoint\": \"/customers*\", \"unmaskedRoles\": [\"auditor\"]}]}}}}";

    @TempDir
    Path tmp;

    @Test
    void theMapShowsTheEndpointAndTheLoggersTheAgentObserved() throws Exception {
        try (ControlPlane plane = ControlPlane.start(ServerConfig.defaults(tmp.resolve("server")).withPort(0))) {
            String admin = plane.bootstrapToken().orElseThrow();
            PlaneApi api = new PlaneApi(plane.port(), admin);
            long version = api.push(SERVICE, POLICY);
            String viewer = (String) api.post("/v1/tokens", Map.of("kind", "operator", "role", "viewer", "name", "map-reader")).get("token");
            Path data = tmp.resolve("agent");
            try (Testbed app = Testbed.builder().javaHome(TestEnv.currentJavaHome()).workDir(Files.createDirectories(tmp.resolve("app")))
                    .jvmArgs(TestEnv.agentArg(data, "service=" + SERVICE, "server=" + api.url(), "server.key=" + plane.publicKey(),
                            "enrol.token=" + api.enrolToken(SERVICE), "instance=customers-1")).start()) {
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> applied(api) == version);
                assertThat(app.send(HttpRequest.newBuilder(app.uri("/customers/1")).header("X-Role", "clerk")).statusCode()).isEqualTo(200);

                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
                    List<Map<String, Object>> assets = assets(api);
                    return assets.stream().anyMatch(a -> "endpoint".equals(a.get("kind")))
                            && assets.stream().filter(a -> "logger".equals(a.get("kind"))).map(a -> a.get("name")).distinct().count() >= 3;
                });
                // observed, not masked: an open finding for the endpoint
                assertThat(finding(api, "data.response-mask")).containsEntry("status", "open").containsEntry("name", "GET /customers/{id}");

                // the rule now masks there: the next response is contained and the finding closes as enforced
                long enforced = api.push(SERVICE, POLICY.replace("\"data.response-mask\": \"observe\"", "\"data.response-mask\": \"block\""));
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> applied(api) == enforced);
                Thread.sleep(1100); // past the agent's one-event-a-second limit per rule and endpoint
                HttpResponse<String> masked = app.send(HttpRequest.newBuilder(app.uri("/customers/1")).header("X-Role", "clerk"));
                assertThat(masked.body()).contains("*");
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                        .until(() -> "closed".equals(finding(api, "data.response-mask").get("status")));
                assertThat(finding(api, "data.response-mask")).containsEntry("closedHow", "enforced");
            }
            List<Map<String, Object>> assets = assets(api);
            assertThat(assets).filteredOn(a -> "GET /customers/{id}".equals(a.get("name"))).extracting(a -> a.get("type"))
                    .contains("CN_RESIDENT_ID", "CN_MOBILE");
            assertThat(assets).filteredOn(a -> "CN_RESIDENT_ID".equals(a.get("type"))).allSatisfy(a -> {
                assertThat(a).containsEntry("level", 3L);
                assertThat(((Number) a.get("values")).longValue()).isPositive();
            });
            assertThat(assets).filteredOn(a -> "logger".equals(a.get("kind"))).allSatisfy(a -> {
                assertThat(a.get("name").toString()).startsWith("customers.");
                assertThat(a.get("service")).isEqualTo(SERVICE);
            }).extracting(a -> a.get("type")).contains("CN_RESIDENT_ID", "CN_MOBILE");

            String url = api.url();
            CliRun map = cli("data", "map", "--server", url, "--token", viewer);
            assertThat(map.code()).as(map.err()).isZero();
            assertThat(map.line("GET /customers/{id}", "CN_RESIDENT_ID")).contains("endpoint", SERVICE).matches(".*CN_RESIDENT_ID\\s+3\\s.*");
            assertThat(map.line("GET /customers/{id}", "CN_MOBILE")).contains("endpoint");
            assertThat(map.line("logger", "customers.", "CN_RESIDENT_ID")).contains(SERVICE);

            CliRun flows = cli("data", "flows", "--type", "CN_MOBILE", "--server", url, "--token", viewer);
            assertThat(flows.code()).as(flows.err()).isZero();
            // the endpoint read the customer from its table in the same request: lineage names the column
            assertThat(flows.line("GET /customers/{id}")).startsWith("customers.mobile").contains("role clerk, loopback");
            assertThat(flows.line("log output")).contains(SERVICE, "customers.");

            CliRun json = cli("data", "map", "--type", "CN_MOBILE", "--json", "--server", url, "--token", viewer);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> parsed = (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(json.out())).get("assets");
            assertThat(parsed).isNotEmpty().allSatisfy(a -> assertThat(a).containsEntry("type", "CN_MOBILE"));

            CliRun noType = cli("data", "flows", "--server", url, "--token", viewer);
            assertThat(noType.code()).isEqualTo(2);
            assertThat(noType.err()).contains("--type");
            CliRun badLevel = cli("data", "map", "--min-level", "9", "--server", url, "--token", viewer);
            assertThat(badLevel.code()).isEqualTo(2);
            assertThat(badLevel.err()).contains("--min-level takes a JR/T 0197 level from 1 to 5");
            CliRun findings = cli("data", "findings", "--status", "all", "--server", url, "--token", viewer);
            assertThat(findings.code()).as(findings.err()).isZero();
            assertThat(findings.line("data.response-mask", "GET /customers/{id}")).contains("closed (enforced)");
            String openLogger = findings.line("data.log-baseline", "customers.");
            assertThat(openLogger).contains("open");
            String loggerFinding = openLogger.trim().split("\\s+")[0];
            CliRun denied = cli("data", "close-finding", loggerFinding, "--reason", "masked upstream", "--server", url, "--token", viewer);
            assertThat(denied.code()).isNotZero();
            CliRun close = cli("data", "close-finding", loggerFinding, "--reason", "masked upstream", "--server", url, "--token", admin);
            assertThat(close.code()).as(close.err()).isZero();
            assertThat(close.out()).contains("closed " + loggerFinding).contains("time to remediate");
            CliRun badStatus = cli("data", "findings", "--status", "maybe", "--server", url, "--token", viewer);
            assertThat(badStatus.code()).isEqualTo(2);
            CliRun noToken = cli("data", "map", "--server", url, "--token", "sp_op_wrong");
            assertThat(noToken.code()).isNotZero();
            assertThat(noToken.err()).startsWith("secplane: ");
        }
    }

    /**
     * External destinations: the real agent in an application that posts a customer to two HTTP servers on
     * 127.0.0.1, one allow-listed (the JDK client) and one not (HttpURLConnection); {@code data map --kind
     * destination} lists both with the types and levels, {@code data flows} says which was allow-listed.
     */
    @Test
    void theMapShowsTheExternalDestinationsThatReceivedPersonalData() throws Exception {
        String customer = "{\"idCard\":\"110101199003074477\",\"mobile\":\"13812345678\"}";
        com.sun.net.httpserver.HttpServer partner = partner();
        com.sun.net.httpserver.HttpServer tracker = partner();
        String partnerAt = "127.0.0.1:" + partner.getAddress().getPort();
        String trackerAt = "127.0.0.1:" + tracker.getAddress().getPort();
        try (ControlPlane plane = ControlPlane.start(ServerConfig.defaults(tmp.resolve("server")).withPort(0))) {
            String admin = plane.bootstrapToken().orElseThrow();
            PlaneApi api = new PlaneApi(plane.port(), admin);
            long version = api.push(SERVICE, "{\"version\": \"egress-map\", \"aspects\": {\"data\": {\"rules\": {\"data.egress\": \"observe\"}, "
                    + "\"config\": {\"sample\": 1, \"egress\": {\"allow\": [\"" + partnerAt + "\"]}}}}}");
            String viewer = (String) api.post("/v1/tokens", Map.of("kind", "operator", "role", "viewer", "name", "map-reader")).get("token");
            try (Probe p = Probe.start(TestEnv.currentJavaHome(), tmp, TestEnv.agentArg(tmp.resolve("agent"), "service=" + SERVICE, "server=" + api.url(),
                    "server.key=" + plane.publicKey(), "enrol.token=" + api.enrolToken(SERVICE), "instance=customers-1"))) {
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> applied(api) == version);
                assertThat(p.send("post-client http://" + partnerAt + "/v1/customers " + customer)).isEqualTo("ok status 204");
                assertThat(p.send("post-huc http://" + trackerAt + "/v1/customers " + customer)).isEqualTo("ok status 204");
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                        assets(api).stream().filter(a -> "destination".equals(a.get("kind"))).map(a -> a.get("name")).distinct().count() == 2);
            } finally {
                partner.stop(0);
                tracker.stop(0);
            }
            String url = api.url();
            CliRun map = cli("data", "map", "--kind", "destination", "--server", url, "--token", viewer);
            assertThat(map.code()).as(map.err()).isZero();
            assertThat(map.line(partnerAt, "CN_RESIDENT_ID")).contains("destination", SERVICE).matches(".*CN_RESIDENT_ID\\s+3\\s.*");
            assertThat(map.line(trackerAt, "CN_MOBILE")).contains("destination");
            assertThat(map.out()).doesNotContain("endpoint ").doesNotContain("110101199003074477");

            CliRun flows = cli("data", "flows", "--type", "CN_RESIDENT_ID", "--server", url, "--token", viewer);
            assertThat(flows.code()).as(flows.err()).isZero();
            assertThat(flows.line(partnerAt)).contains("destination", "allow-listed, http-client").doesNotContain("not allow-listed");
            assertThat(flows.line(trackerAt)).contains("not allow-listed, http-url-connection");

            CliRun badKind = cli("data", "map", "--kind", "table", "--server", url, "--token", viewer);
            assertThat(badKind.code()).isEqualTo(2);
            assertThat(badKind.err()).contains("--kind takes endpoint, logger, column or destination");
        }
    }

    private static com.sun.net.httpserver.HttpServer partner() throws Exception {
        com.sun.net.httpserver.HttpServer s = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/v1/customers", x -> {
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        s.start();
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> finding(PlaneApi api, String rule) throws Exception {
        List<Map<String, Object>> all = (List<Map<String, Object>>) api.get("/v1/data/findings?service=" + SERVICE + "&rule=" + rule).get("findings");
        assertThat(all).as("findings of " + rule).isNotEmpty();
        return all.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> assets(PlaneApi api) throws Exception {
        return (List<Map<String, Object>>) api.get("/v1/data/map?service=" + SERVICE).get("assets");
    }

    private static long applied(PlaneApi api) throws Exception {
        List<Map<String, Object>> agents = api.agents(SERVICE);
        return agents.isEmpty() || agents.get(0).get("appliedVersion") == null ? -1 : ((Number) agents.get(0).get("appliedVersion")).longValue();
    }
}
