package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static secplane.e2e.CliRun.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.protocol.json.Json;
import secplane.server.ControlPlane;
import secplane.server.ServerConfig;
import secplane.testbeds.attacks.Testbed;
import secplane.testbeds.attacks.injection.InjectionApp;

/**
 * {@code secplane drill} against the injection testbed on Tomcat 10.1, twice, through a real control plane:
 * without the agent nothing is detected or blocked; with the agent in block mode (the built-in default
 * policy) every category the app serves is blocked (reflected XSS, observe by default, detected), the
 * benign run raises no false alarm, and the drill's events are stored as the drill's, never as real incidents.
 */
class DrillTest {
    private static final String SERVICE = "injection";
    /** The injection app's endpoints (testbeds/injection-app Routes), as an endpoint list. */
    private static final String ENDPOINTS = """
            GET /sql/user?name
            GET /sql/user-by-id?id
            GET /sql/users?order
            GET /cmd/ping?host
            GET /file/read?name:file
            GET /file/download?name:file
            GET /fetch?url
            GET /fetch/client?url
            POST /xml/parse xml
            POST /xml/sax xml
            GET /ldap/find?user
            GET /xpath/find?name
            GET /spel/eval?expr
            GET /spel/greet?name
            GET /hello?name
            """;
    /** Categories the app serves with a sink the agent blocks by default. */
    private static final List<String> BLOCKING = List.of("sql", "command", "path", "ssrf", "xxe", "ldap", "xpath", "expression");

    @TempDir
    Path tmp;

    @Test
    void theScorecardShowsWhatTheAgentChanges() throws Exception {
        Path list = Files.writeString(tmp.resolve("endpoints.txt"), ENDPOINTS);
        try (ControlPlane plane = ControlPlane.start(ServerConfig.defaults(tmp.resolve("server")).withPort(0))) {
            String admin = plane.bootstrapToken().orElseThrow();
            PlaneApi api = new PlaneApi(plane.port(), admin);
            Map<String, Map<String, Object>> without;
            try (Testbed app = Testbed.builder().application(InjectionApp.on(InjectionApp.Server.TOMCAT)).javaHome(TestEnv.currentJavaHome())
                    .workDir(Files.createDirectories(tmp.resolve("plain"))).start()) {
                without = drill(api, app, list, "without");
            }
            Map<String, Map<String, Object>> with;
            Path data = tmp.resolve("agent");
            try (Testbed app = Testbed.builder().application(InjectionApp.on(InjectionApp.Server.TOMCAT)).javaHome(TestEnv.currentJavaHome())
                    .workDir(Files.createDirectories(tmp.resolve("protected")))
                    .jvmArgs(TestEnv.agentArg(data, "service=" + SERVICE, "server=" + api.url(), "server.key=" + plane.publicKey(),
                            "enrol.token=" + api.enrolToken(SERVICE), "instance=injection-1")).start()) {
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !api.agents(SERVICE).isEmpty());
                with = drill(api, app, list, "with");
            }

            for (String category : BLOCKING) {
                assertThat(pct(without, category, "blockedPct")).as("%s blocked without the agent", category).isZero();
                assertThat(pct(without, category, "detectedPct")).as("%s detected without the agent", category).isZero();
                assertThat(pct(with, category, "blockedPct")).as("%s blocked with the agent", category).isGreaterThanOrEqualTo(85.0);
                assertThat(count(with, category, "falseAlarms")).as("%s false alarms with the agent", category).isZero();
                assertThat(count(with, category, "benignRequests")).as("%s benign requests", category).isPositive();
            }
            assertThat(pct(without, "xss", "detectedPct")).isZero();
            assertThat(pct(with, "xss", "detectedPct")).as("reflected XSS is observed by default").isGreaterThanOrEqualTo(85.0);
            assertThat(count(with, "xss", "falseAlarms")).isZero();

            // the drill's events are the drill's: none of them shows up among the real incidents
            assertThat(api.events("drill=none&verdict=block")).isEmpty();
            assertThat(api.events("drill=any&verdict=block")).isNotEmpty();
            // both runs are stored for trends
            assertThat((List<?>) api.get("/v1/drills/runs").get("runs")).hasSize(2);
        }
    }

    /**
     * The CVE testbed (Tomcat 9.0.60, Spring 5.3.17, log4j 2.14.1, commons-collections 3.1) without a control
     * plane: without the agent the outcome comes from the status alone and nothing is blocked; with the agent
     * (standalone, block mode) the drill reads its local events file, and Log4Shell, Spring4Shell and the
     * deserialization gadget are blocked.
     */
    @Test
    void theCveTestbedWithoutAControlPlaneReadsTheAgentsEventsFile() throws Exception {
        Path list = Files.writeString(tmp.resolve("vulnapp.txt"), "GET /log?msg\nGET /greeting?name&message\nPOST /import binary\n");
        Map<String, Map<String, Object>> without;
        try (Testbed app = Testbed.builder().javaHome(TestEnv.currentJavaHome()).workDir(Files.createDirectories(tmp.resolve("plain"))).start()) {
            without = local(app, list, "vulnapp-without", null);
        }
        Path data = tmp.resolve("agent");
        Map<String, Map<String, Object>> with;
        try (Testbed app = Testbed.builder().javaHome(TestEnv.currentJavaHome()).workDir(Files.createDirectories(tmp.resolve("protected")))
                .jvmArgs(TestEnv.agentArg(data, "service=vulnapp")).start()) {
            with = local(app, list, "vulnapp-with", data.resolve("events.jsonl"));
        }
        for (String category : List.of("jndi", "spring4shell", "deserialization")) {
            assertThat(pct(without, category, "blockedPct")).as("%s blocked without the agent", category).isZero();
        }
        assertThat(pct(with, "jndi", "blockedPct")).as("Log4Shell, parameters and headers").isEqualTo(100.0);
        assertThat(pct(with, "spring4shell", "blockedPct")).isEqualTo(100.0);
        // the base64 case goes into a parameter the app never deserializes: only the two binary bodies land
        assertThat(count(with, "deserialization", "blocked")).isEqualTo(2);
        for (String category : List.of("jndi", "spring4shell", "deserialization")) {
            assertThat(count(with, category, "falseAlarms")).as("%s false alarms", category).isZero();
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> local(Testbed app, Path list, String name, Path events) throws Exception {
        String url = app.uri("/").toString().replaceAll("/$", "");
        Path json = tmp.resolve(name + ".json");
        List<String> args = new java.util.ArrayList<>(List.of("drill", "--target", url, "--endpoints", list.toString(), "--benign",
                "--suite", "jndi,spring4shell,deserialization", "--rate", "50", "--settle", "10", "--json", json.toString()));
        if (events != null) {
            args.addAll(List.of("--events", events.toString()));
        }
        CliRun run = cli(args.toArray(String[]::new));
        System.out.println("drill " + name + ":\n" + run.out());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains(events == null ? "HTTP status only" : "agent events file");
        Map<String, Object> result = (Map<String, Object>) Json.parse(Files.readString(json));
        Map<String, Map<String, Object>> byCategory = new LinkedHashMap<>();
        for (Object o : (List<Object>) result.get("categories")) {
            byCategory.put((String) ((Map<String, Object>) o).get("category"), (Map<String, Object>) o);
        }
        for (Object o : (List<Object>) result.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            System.out.println("  " + name + ": " + c.get("id") + " " + c.get("status") + " " + c.get("outcome") + " " + c.get("rules")
                    + (c.containsKey("error") ? " " + c.get("error") : ""));
        }
        return byCategory;
    }

    /** Registers the app as a drill target and runs the drill through the CLI; the scorecard by category. */
    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> drill(PlaneApi api, Testbed app, Path list, String name) throws Exception {
        String url = app.uri("/").toString().replaceAll("/$", "");
        api.post("/v1/drills/targets", Map.of("url", url, "service", SERVICE));
        Path json = tmp.resolve(name + ".json");
        Path html = tmp.resolve(name + ".html");
        CliRun run = cli("drill", "--target", url, "--endpoints", list.toString(), "--benign", "--rate", "100", "--settle", "30",
                "--server", api.url(), "--token", tokenOf(api), "--json", json.toString(), "--html", html.toString());
        System.out.println("drill " + name + " the agent:\n" + run.out());
        assertThat(run.code()).as(run.err()).isZero();
        Map<String, Object> result = (Map<String, Object>) Json.parse(Files.readString(json));
        assertThat(result).containsEntry("format", "secplane-drill/1");
        Map<String, Map<String, Object>> byCategory = new LinkedHashMap<>();
        for (Object o : (List<Object>) result.get("categories")) {
            byCategory.put((String) ((Map<String, Object>) o).get("category"), (Map<String, Object>) o);
        }
        for (Object o : (List<Object>) result.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            if (!"blocked".equals(c.get("outcome"))) {
                System.out.println("  " + name + " the agent: " + c.get("id") + " " + c.get("outcome") + " " + c.get("rules"));
            }
        }
        Document doc = Jsoup.parse(Files.readString(html));
        assertThat(doc.select("svg rect")).hasSize(2 * byCategory.size());
        assertThat(doc.select("table").first().select("tbody tr td:eq(0)").eachText()).containsExactlyElementsOf(byCategory.keySet());
        assertThat(doc.select("script")).isEmpty();
        return byCategory;
    }

    private static double pct(Map<String, Map<String, Object>> card, String category, String field) {
        return ((Number) card.get(category).get(field)).doubleValue();
    }

    private static int count(Map<String, Map<String, Object>> card, String category, String field) {
        return ((Number) card.get(category).get(field)).intValue();
    }

    private static String tokenOf(PlaneApi api) throws Exception {
        return (String) api.post("/v1/tokens", Map.of("kind", "operator", "role", "operator", "name", "drill-" + System.nanoTime())).get("token");
    }
}
