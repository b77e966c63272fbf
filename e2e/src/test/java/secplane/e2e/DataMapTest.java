package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
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
            Cli map = cli("data", "map", "--server", url, "--token", viewer);
            assertThat(map.code()).as(map.err()).isZero();
            assertThat(map.line("GET /customers/{id}", "CN_RESIDENT_ID")).contains("endpoint", SERVICE).matches(".*CN_RESIDENT_ID\\s+3\\s.*");
            assertThat(map.line("GET /customers/{id}", "CN_MOBILE")).contains("endpoint");
            assertThat(map.line("logger", "customers.", "CN_RESIDENT_ID")).contains(SERVICE);

            Cli flows = cli("data", "flows", "--type", "CN_MOBILE", "--server", url, "--token", viewer);
            assertThat(flows.code()).as(flows.err()).isZero();
            // the endpoint read the customer from its table in the same request: lineage names the column
            assertThat(flows.line("GET /customers/{id}")).startsWith("customers.mobile").contains("role clerk, loopback");
            assertThat(flows.line("log output")).contains(SERVICE, "customers.");

            Cli json = cli("data", "map", "--type", "CN_MOBILE", "--json", "--server", url, "--token", viewer);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> parsed = (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(json.out())).get("assets");
            assertThat(parsed).isNotEmpty().allSatisfy(a -> assertThat(a).containsEntry("type", "CN_MOBILE"));

            Cli noType = cli("data", "flows", "--server", url, "--token", viewer);
            assertThat(noType.code()).isEqualTo(2);
            assertThat(noType.err()).contains("--type");
            Cli badLevel = cli("data", "map", "--min-level", "9", "--server", url, "--token", viewer);
            assertThat(badLevel.code()).isEqualTo(2);
            assertThat(badLevel.err()).contains("--min-level takes a JR/T 0197 level from 1 to 5");
            Cli noToken = cli("data", "map", "--server", url, "--token", "sp_op_wrong");
            assertThat(noToken.code()).isNotZero();
            assertThat(noToken.err()).startsWith("secplane: ");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> assets(PlaneApi api) throws Exception {
        return (List<Map<String, Object>>) api.get("/v1/data/map?service=" + SERVICE).get("assets");
    }

    private static long applied(PlaneApi api) throws Exception {
        List<Map<String, Object>> agents = api.agents(SERVICE);
        return agents.isEmpty() || agents.get(0).get("appliedVersion") == null ? -1 : ((Number) agents.get(0).get("appliedVersion")).longValue();
    }

    record Cli(int code, String out, String err) {
        /** The first line of the output holding every fragment. */
        String line(String... fragments) {
            return out.lines().filter(l -> {
                for (String f : fragments) {
                    if (!l.contains(f)) {
                        return false;
                    }
                }
                return true;
            }).findFirst().orElseThrow(() -> new AssertionError("no line with " + List.of(fragments) + " in:\n" + out));
        }
    }

    /** Runs the CLI in this JVM, as the {@code secplane} launcher does, with its output captured. */
    static synchronized Cli cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = secplane.cli.Main.run(args);
            return new Cli(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
