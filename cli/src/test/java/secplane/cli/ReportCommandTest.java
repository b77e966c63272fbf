package secplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.protocol.json.Json;
import secplane.server.ControlPlane;
import secplane.server.ServerConfig;

/** {@code secplane report compliance} against a real control plane: the files it writes, and the errors that leave none behind. */
class ReportCommandTest {
    @TempDir
    static Path data;
    static ControlPlane plane;
    static String base;
    static String viewer;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static final String DRILL = """
            {"format": "secplane-drill/1", "drill": {"id": "dr-cli", "service": "orders", "startedAt": "2026-11-30T06:00:00.000Z", "finishedAt": "2026-11-30T06:01:00.000Z"},
             "categories": [{"category": "jndi", "cases": 5, "detected": 5, "blocked": 4, "missed": 0, "errors": 0, "benignRequests": 50, "falseAlarms": 0}],
             "cases": [{"id": "jndi-ldap", "category": "jndi", "outcome": "blocked", "events": ["ev-drill-jndi"]}]}
            """;

    @SuppressWarnings("unchecked")
    static Map<String, Object> call(String method, String path, String token, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
        b = body == null ? b.GET() : b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + r.body()).isBetween(200, 299);
        return r.body().isBlank() ? Map.of() : (Map<String, Object>) Json.parse(r.body());
    }

    @SuppressWarnings("unchecked")
    @BeforeAll
    static void fill() throws Exception {
        plane = ControlPlane.start(ServerConfig.defaults(data.resolve("plane")).withPort(0));
        base = "http://127.0.0.1:" + plane.port();
        String admin = plane.bootstrapToken().orElseThrow();
        viewer = (String) call("POST", "/v1/tokens", admin, "application/json", Json.write(Map.of("kind", "operator", "role", "viewer", "name", "audit"))).get("token");
        Map<String, String> agents = new LinkedHashMap<>();
        for (String service : List.of("orders", "crm")) {
            String enrol = (String) call("POST", "/v1/tokens", admin, "application/json", Json.write(Map.of("kind", "enrol", "service", service))).get("token");
            Map<String, Object> a = call("POST", "/v1/agents/enroll", enrol, "application/json", Json.write(Map.of("service", service, "instanceId", service + "-1",
                    "host", "h", "pid", 1, "jvm", "17.0.15", "agentVersion", "0.1.0", "labels", Map.of())));
            agents.put(service, a.get("agentId") + " " + a.get("agentToken"));
            call("POST", "/v1/policies", admin, "application/json", Json.write(Map.of("service", service, "policy",
                    Map.of("version", "p1", "aspects", Map.of("jndi", Map.of("rules", Map.of("jndi.remote-lookup", "block")))))));
        }
        // orders applies its policy; crm never polls: 1 of 2 services covered
        String[] orders = agents.get("orders").split(" ");
        call("POST", "/v1/agents/" + orders[0] + "/ack", orders[1], "application/json", Json.write(Map.of("version", 1, "status", "ACK")));
        String[] crm = agents.get("crm").split(" ");
        Map<String, Object> leak = new LinkedHashMap<>(Map.of("id", "ev-leak", "time", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS).toString(),
                "type", "verdict", "joinPoint", "log.message", "aspect", "data", "rule", "data.log-baseline", "verdict", "observe"));
        leak.put("evidence", Map.of("suppressed", "0", "types", "CN_MOBILE", "count", "1", "example", "138****5678", "level", "INFO", "logger", "crm.audit", "library", "jul"));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/agents/" + crm[0] + "/events")).header("Authorization", "Bearer " + crm[1])
                .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", "b1").POST(HttpRequest.BodyPublishers.ofString(Json.write(leak) + "\n")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (plane != null) {
            plane.close();
        }
    }

    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writes_the_html_and_the_pdf_with_the_plane_s_numbers() throws Exception {
        Path out = Files.createDirectories(data.resolve("ok"));
        Path drill = Files.writeString(out.resolve("drill.json"), DRILL);
        String r = Cli.run("report", "compliance", "--server", base, "--token", viewer, "--drills", drill.toString(),
                "--html", out.resolve("report.html").toString(), "--pdf", out.resolve("report.pdf").toString());
        assertThat(r).startsWith("0\n").contains("gathering from " + base).contains("services covered: 1 of 2").contains("open data findings: 1");
        assertThat(files(out)).containsExactly("drill.json", "report.html", "report.pdf");
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains(">1 of 2<").contains("4 of 5 (80.0%)").contains("href=\"" + base + "/v1/agents\"");
        try (PDDocument doc = Loader.loadPDF(out.resolve("report.pdf").toFile())) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
            assertThat(text).contains("servicescovered(everyliveagentrunsthenewestpolicy):1of2").contains("attackcasesblocked:4of5(80.0%)")
                    .contains("openfindings:1").contains("ev-leak").contains("ev-drill-jndi").contains("GET/v1/data/findings?status=open");
        }
    }

    @Test
    void a_wrong_token_an_unreachable_plane_or_a_bad_drill_file_leave_no_report_behind() throws Exception {
        Path out = Files.createDirectories(data.resolve("bad"));
        Path html = out.resolve("report.html");
        Files.writeString(html, "the previous report");
        String wrong = Cli.run("report", "compliance", "--server", base, "--token", "sp_op_wrong", "--html", html.toString(), "--pdf", out.resolve("r.pdf").toString());
        assertThat(wrong).startsWith(ApiClient.UNAUTHORIZED + "\n").contains("refused the token").contains("viewer").contains("no report was written");

        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String down = Cli.run("report", "compliance", "--server", "http://127.0.0.1:" + port, "--token", viewer, "--html", html.toString());
        assertThat(down).startsWith(ApiClient.UNREACHABLE + "\n").contains("cannot reach the control plane").contains("secplane server");

        Path bad = Files.writeString(out.resolve("drill.json"), DRILL.replace("\"blocked\": 4", "\"blocked\": \"four\""));
        String drill = Cli.run("report", "compliance", "--server", base, "--token", viewer, "--drills", bad.toString(), "--html", html.toString());
        assertThat(drill).startsWith(ApiClient.USAGE + "\n").contains(bad.toString()).contains("/categories/0/blocked").contains("no report was written");

        assertThat(Cli.run("report", "compliance", "--server", base, "--token", viewer)).startsWith(ApiClient.USAGE + "\n").contains("--html FILE and/or --pdf FILE");
        assertThat(Cli.run("report", "compliance", "--server", base, "--token", viewer, "--html", html.toString(), "--lang", "fr"))
                .startsWith(ApiClient.USAGE + "\n").contains("--lang takes en or zh");
        assertThat(Cli.run("report", "compliance", "--server", base, "--token", viewer, "--html", html.toString(), "--lang", "zh", "--font", out.resolve("none.ttc").toString()))
                .startsWith(ApiClient.USAGE + "\n").contains("--font").contains("fonts-wqy-microhei");
        // the earlier report is untouched, and no partial file is left beside it
        assertThat(Files.readString(html)).isEqualTo("the previous report");
        assertThat(files(out)).containsExactly("drill.json", "report.html");
    }
}
