package secplane.report.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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

/**
 * GET /v1/reports/compliance on a real control plane with the report module on its class path: the service
 * loader finds {@link ServedReports}, which gathers the report through the plane's own API with the caller's token.
 */
class ServedReportTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    static Path data;
    static ControlPlane plane;
    static String admin;
    static String viewer;

    @BeforeAll
    static void start() throws Exception {
        plane = ControlPlane.start(ServerConfig.defaults(data.resolve("plane")).withPort(0));
        admin = plane.bootstrapToken().orElseThrow();
        viewer = token(Map.of("kind", "operator", "role", "viewer", "name", "auditor"));
        // a policy so that the report has a service to name
        HttpResponse<String> push = HTTP.send(HttpRequest.newBuilder(uri("/v1/policies")).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("service", "orders",
                        "policy", Map.of("version", "v1", "mode", "block"))))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(push.statusCode()).as(push.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (plane != null) {
            plane.close();
        }
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + plane.port() + path);
    }

    @SuppressWarnings("unchecked")
    static String token(Map<String, Object> body) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/v1/tokens")).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return (String) ((Map<String, Object>) Json.parse(r.body())).get("token");
    }

    static HttpResponse<byte[]> report(String query, String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri("/v1/reports/compliance" + query)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String body(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aViewerDownloadsThePdfOfTheChosenPeriod() throws Exception {
        HttpResponse<byte[]> r = report("?from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z&lang=en&format=pdf", viewer);
        assertThat(r.statusCode()).as(body(r)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(r.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"secplane-compliance-2026-10-01-2026-11-01-en.pdf\"");
        String text;
        try (PDDocument doc = Loader.loadPDF(r.body())) {
            text = new PDFTextStripper().getText(doc);
        }
        assertThat(text).contains("2026-10-01T00:00:00").contains("2026-11-01T00:00:00").contains("orders");
    }

    @Test
    void theHtmlIsServedInTheChosenLanguageWithDatesForThePeriod() throws Exception {
        HttpResponse<byte[]> r = report("?from=2026-11-01&to=2026-11-15&lang=zh&format=html", viewer);
        assertThat(r.statusCode()).as(body(r)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(r.headers().firstValue("Content-Disposition").orElseThrow()).contains("-zh.html");
        // a date is midnight UTC; the Chinese heading comes first in zh
        assertThat(body(r)).contains("2026-11-01T00:00:00").contains("2026-11-15T00:00:00").contains("报告期");
    }

    @Test
    void aSignedInConsoleUserDownloadsWithTheSessionCookieAlone() throws Exception {
        URI console = URI.create("http://127.0.0.1:" + plane.consolePort());
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(console.resolve("/console/session")).header("Content-Type", "application/json")
                .header("X-Secplane-Console", "1").POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("token", viewer)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(console.resolve("/v1/reports/compliance?from=2026-11-01&to=2026-11-15&lang=en&format=html"))
                .timeout(Duration.ofSeconds(120)).header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(body(r)).isEqualTo(200);
        assertThat(body(r)).contains("2026-11-01T00:00:00").contains("orders");
        // Without the cookie the console's port refuses, as the API does.
        HttpResponse<byte[]> anonymous = HTTP.send(HttpRequest.newBuilder(console.resolve("/v1/reports/compliance?format=html")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenThatIsNotAnOperatorTokenIsRefused() throws Exception {
        String enrol = token(Map.of("kind", "enrol", "service", "orders"));
        HttpResponse<byte[]> r = report("?format=pdf", enrol);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(body(r)).contains("operator token");
    }

    @Test
    void aBadPeriodIsA400ThatSaysWhatToGive() throws Exception {
        HttpResponse<byte[]> reversed = report("?from=2026-11-15T00:00:00Z&to=2026-11-01T00:00:00Z", viewer);
        assertThat(reversed.statusCode()).isEqualTo(400);
        assertThat(body(reversed)).contains("from earlier than to");
        HttpResponse<byte[]> garbled = report("?from=last-week", viewer);
        assertThat(garbled.statusCode()).isEqualTo(400);
        assertThat(body(garbled)).contains("ISO-8601");
        HttpResponse<byte[]> tooLong = report("?from=2020-01-01&to=2026-01-01", viewer);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(body(tooLong)).contains("366 days");
        HttpResponse<byte[]> format = report("?format=docx", viewer);
        assertThat(format.statusCode()).isEqualTo(400);
        assertThat(body(format)).contains("pdf or html");
    }
}
