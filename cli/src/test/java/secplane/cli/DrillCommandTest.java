package secplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.protocol.json.Json;
import secplane.server.ControlPlane;
import secplane.server.ServerConfig;

class DrillCommandTest {
    @TempDir
    Path tmp;
    private HttpServer target;
    private final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void startTarget() throws Exception {
        target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        target.createContext("/", exchange -> {
            hits.incrementAndGet();
            String query = java.net.URLDecoder.decode(String.valueOf(exchange.getRequestURI().getRawQuery()), StandardCharsets.UTF_8);
            int status = query.contains("'") && !query.contains("<") ? 403 : 200;
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        target.start();
    }

    @AfterEach
    void stopTarget() {
        target.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + target.getAddress().getPort();
    }

    @Test
    void anUnregisteredTargetGetsNoRequestAtAll() throws Exception {
        Path list = Files.writeString(tmp.resolve("endpoints.txt"), "GET /sql/user?name\n");
        try (ControlPlane plane = ControlPlane.start(ServerConfig.defaults(tmp.resolve("server")).withPort(0))) {
            String admin = plane.bootstrapToken().orElseThrow();
            String out = Cli.run("drill", "--target", url(), "--endpoints", list.toString(), "--server", "http://127.0.0.1:" + plane.port(),
                    "--token", admin, "--suite", "sql");
            assertThat(out).startsWith("3\n").contains("is not registered");
            assertThat(hits.get()).isZero();

            String registered = Cli.run("drill", "register", "--url", url(), "--service", "shop", "--server", "http://127.0.0.1:" + plane.port(),
                    "--token", admin);
            assertThat(registered).startsWith("0\n");
            Path json = tmp.resolve("r.json");
            String ran = Cli.run("drill", "--target", url(), "--endpoints", list.toString(), "--server", "http://127.0.0.1:" + plane.port(),
                    "--token", admin, "--suite", "sql", "--rate", "100", "--settle", "1", "--json", json.toString());
            assertThat(ran).startsWith("0\n").contains("stored on the control plane");
            assertThat(hits.get()).isPositive();
            HttpResponse<String> runs = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plane.port()
                    + "/v1/drills/runs")).header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(runs.body()).contains("\"category\":\"sql\"");

            String scheduled = Cli.run("drill", "schedule", "--target", url(), "--endpoints", list.toString(), "--every", "60", "--suite", "sql",
                    "--server", "http://127.0.0.1:" + plane.port(), "--token", admin);
            assertThat(scheduled).startsWith("0\n").contains("drill schedule ds-").contains("every 60 min");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void withoutEventsTheOutcomeIsTheStatusAndTheReportSaysSo() throws Exception {
        Path list = Files.writeString(tmp.resolve("endpoints.txt"), "GET /sql/user?name\n");
        Path json = tmp.resolve("drill.json");
        Path html = tmp.resolve("drill.html");
        String out = Cli.run("drill", "--target", url(), "--endpoints", list.toString(), "--suite", "sql,xss", "--rate", "100",
                "--json", json.toString(), "--html", html.toString());
        assertThat(out).startsWith("0\n").contains("CATEGORY").contains("HTTP status only");
        Map<String, Object> result = (Map<String, Object>) Json.parse(Files.readString(json));
        List<Map<String, Object>> categories = (List<Map<String, Object>>) result.get("categories");
        Map<String, Object> sql = categories.stream().filter(c -> c.get("category").equals("sql")).findFirst().orElseThrow();
        Map<String, Object> xss = categories.stream().filter(c -> c.get("category").equals("xss")).findFirst().orElseThrow();
        // the fake guard answers 403 to a quote outside markup: SQL payloads are "blocked", XSS ones are not
        assertThat(((Number) sql.get("blocked")).intValue()).isGreaterThan(5);
        assertThat(((Number) xss.get("blockedPct")).doubleValue()).isLessThan(100.0);
        assertThat(Files.readString(html)).contains("<svg").contains(">sql<").contains(">xss<");
    }

    @Test
    void aRateAboveTheMaximumAndAPublicTargetAreRefused() {
        assertThat(Cli.run("drill", "--target", url(), "--crawl", "--rate", "500")).startsWith("1\n").contains("--rate must be between 1 and 100");
        assertThat(Cli.run("drill", "--target", "http://8.8.8.8", "--crawl")).startsWith("1\n").contains("--i-own-this-target");
        assertThat(hits.get()).isZero();
    }
}
