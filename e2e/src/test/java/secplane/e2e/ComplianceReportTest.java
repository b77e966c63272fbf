package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.server.ControlPlane;
import secplane.server.ServerConfig;
import secplane.testbeds.attacks.AttackResult;
import secplane.testbeds.attacks.Log4ShellAttack;
import secplane.testbeds.attacks.Testbed;

/**
 * The compliance report from what a real agent reported: the Spring MVC testbed (Log4j 2.14.1) under the agent,
 * governed by a real control plane, is attacked with Log4Shell (blocked) and hands out a customer record (an open
 * data finding); {@code secplane report compliance} then writes a PDF whose numbers, read back, are the plane's.
 */
class ComplianceReportTest {
    private static final String SERVICE = "customers";
    private static final String POLICY = "{\"version\": \"report\", \"aspects\": {\"jndi\": {\"rules\": {\"jndi.remote-lookup\": \"block\"}}, "
            + "\"data\": {\"rules\": {\"data.log-baseline\": \"observe\", \"data.response-mask\": \"observe\"}, \"config\": {\"sample\": 1, \"roleHeader\": \"X-Role\"}}}}";

    @TempDir
    Path tmp;

    @SuppressWarnings("unchecked")
    @Test
    void theReportShowsTheBlockTheExposureAndTheFindingTheAgentReported() throws Exception {
        try (ControlPlane plane = ControlPlane.start(ServerConfig.defaults(tmp.resolve("server")).withPort(0))) {
            PlaneApi api = new PlaneApi(plane.port(), plane.bootstrapToken().orElseThrow());
            long version = api.push(SERVICE, POLICY);
            String viewer = (String) api.post("/v1/tokens", Map.of("kind", "operator", "role", "viewer", "name", "auditor")).get("token");
            try (Testbed app = Testbed.builder().javaHome(TestEnv.currentJavaHome()).workDir(Files.createDirectories(tmp.resolve("app")))
                    .jvmArgs(TestEnv.agentArg(tmp.resolve("agent"), "service=" + SERVICE, "server=" + api.url(), "server.key=" + plane.publicKey(),
                            "enrol.token=" + api.enrolToken(SERVICE), "instance=customers-1")).start()) {
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> applied(api) == version);
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !((List<Object>) api.get("/v1/exposure/CVE-2021-44228").get("exposed")).isEmpty());
                AttackResult attack = new Log4ShellAttack().fire(app);
                assertThat(attack.exploited()).as(attack.evidence()).isFalse();
                assertThat(app.send(HttpRequest.newBuilder(app.uri("/customers/1")).header("X-Role", "clerk")).statusCode()).isEqualTo(200);
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                        !events(api, "rule=jndi.remote-lookup&verdict=block").isEmpty()
                                && ((Number) api.get("/v1/data/findings?status=open").get("open")).longValue() > 0);
            }
            List<Map<String, Object>> blocks = events(api, "rule=jndi.remote-lookup&verdict=block");
            String blockId = (String) blocks.get(0).get("id");
            long open = ((Number) api.get("/v1/data/findings?status=open").get("open")).longValue();
            long exposedInstances = ((List<Map<String, Object>>) api.get("/v1/exposure").get("advisories")).stream()
                    .mapToLong(a -> ((Number) a.get("instances")).longValue()).sum();
            // a drill whose blocked case is the block the plane recorded
            Path drill = Files.writeString(tmp.resolve("drill.json"), """
                    {"format": "secplane-drill/1", "drill": {"id": "dr-e2e", "service": "customers", "startedAt": "2026-11-30T06:00:00.000Z", "finishedAt": "2026-11-30T06:01:00.000Z"},
                     "categories": [{"category": "jndi", "cases": 1, "detected": 1, "blocked": 1, "missed": 0, "errors": 0, "benignRequests": 1, "falseAlarms": 0}],
                     "cases": [{"id": "jndi-ldap", "category": "jndi", "outcome": "blocked", "events": ["%s"]}]}
                    """.formatted(blockId));

            Path out = Files.createDirectories(tmp.resolve("out"));
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            int code = run(console, "report", "compliance", "--server", api.url(), "--token", viewer, "--drills", drill.toString(),
                    "--html", out.resolve("report.html").toString(), "--pdf", out.resolve("report.pdf").toString());
            assertThat(code).as(console.toString(StandardCharsets.UTF_8)).isZero();

            String text;
            try (PDDocument doc = Loader.loadPDF(out.resolve("report.pdf").toFile())) {
                PDFRenderer renderer = new PDFRenderer(doc);
                Path images = Files.createDirectories(Path.of("target", "compliance-report-e2e"));
                for (int p = 0; p < doc.getNumberOfPages(); p++) {
                    ImageIO.write(renderer.renderImageWithDPI(p, 72), "png", images.resolve("page-" + (p + 1) + ".png").toFile());
                }
                text = new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
            }
            assertThat(text).contains("servicescovered(everyliveagentrunsthenewestpolicy):1of1")
                    .contains("attacksblockedintheperiod:" + blocks.size())
                    .contains("exposedinstances:" + exposedInstances).contains("openexposures(novirtualpatchactive):" + exposedInstances)
                    .contains("openfindings:" + open).contains("attackcasesblocked:1of1(100.0%)")
                    .contains(blockId).contains("GET/v1/events?rule=jndi.remote-lookup&verdict=block&from=")
                    .contains("CVE-2021-44228customerscustomers-1").contains("8.1.4.4");
            String html = Files.readString(out.resolve("report.html"));
            assertThat(html).contains(">1 of 1<").contains(blockId).contains("href=\"" + api.url() + "/v1/exposure/CVE-2021-44228\"");
        }
    }

    private static int run(ByteArrayOutputStream console, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        synchronized (ComplianceReportTest.class) {
            try {
                PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
                System.setOut(capture);
                System.setErr(capture);
                return secplane.cli.Main.run(args);
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> events(PlaneApi api, String query) throws Exception {
        return (List<Map<String, Object>>) api.get("/v1/events?" + query).get("events");
    }

    private static long applied(PlaneApi api) throws Exception {
        List<Map<String, Object>> agents = api.agents(SERVICE);
        if (agents.isEmpty() || !"applied".equals(agents.get(0).get("state"))) {
            return -1;
        }
        return ((Number) agents.get(0).get("appliedVersion")).longValue();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
