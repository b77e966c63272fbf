package secplane.drill.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import secplane.drill.corpus.Benign;
import secplane.drill.corpus.Corpus;
import secplane.drill.corpus.CorpusLoader;
import secplane.drill.discovery.Endpoint;
import secplane.drill.discovery.EndpointList;

/** The runner against a real HTTP server on 127.0.0.1 that answers 403 to anything with a quote, as a guard would. */
class DrillRunnerTest {
    private HttpServer server;
    private final List<String> markers = new CopyOnWriteArrayList<>();
    private final List<String> targets = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            markers.add(String.valueOf(exchange.getRequestHeaders().getFirst(Marker.HEADER)));
            String target = exchange.getRequestURI().toString();
            targets.add(target);
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean guard = java.net.URLDecoder.decode(target, StandardCharsets.UTF_8).contains("'") || new String(body, StandardCharsets.UTF_8).contains("ENTITY");
            byte[] answer = (guard ? "{\"error\":\"request blocked by secplane\",\"event\":\"ev-" + targets.size() + "\"}" : "ok")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(guard ? 403 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void everyRequestCarriesItsMarkerAndGoesThroughTheLimiter() throws Exception {
        Marker marker = new Marker("dr-0badcafe", "s3cr3t");
        List<Endpoint> endpoints = EndpointList.parse("GET /sql/user?name\nPOST /xml/parse xml\nGET /fetch?url\n", "list");
        Corpus suite = CorpusLoader.builtIn().suite(List.of("sql", "xxe", "ssrf"));
        Planner planner = new Planner(marker.runId(), 9, Benign.builtIn());
        List<Attempt> attacks = planner.attacks(suite, endpoints);
        RateLimiter limiter = new RateLimiter(100, RateLimiter.Clock.SYSTEM);
        DrillRunner runner = new DrillRunner(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), marker, limiter, Duration.ofSeconds(5));
        List<DrillRunner.Sent> sent = runner.run(attacks, null);

        assertThat(sent).hasSameSizeAs(attacks);
        assertThat(targets).hasSameSizeAs(attacks);
        assertThat(limiter.granted()).as("every request was counted by the limiter").isEqualTo(attacks.size());
        for (int i = 0; i < attacks.size(); i++) {
            assertThat(markers.get(i)).isEqualTo("dr-0badcafe.s3cr3t." + attacks.get(i).caseId() + ":" + attacks.get(i).seq());
        }
        // SSRF cases go only to the url parameter, XXE only to the XML body, SQL to every parameter
        assertThat(attacks).filteredOn(a -> a.attack().category().equals("ssrf")).allMatch(a -> a.aimedAt().equals("query url"));
        assertThat(attacks).filteredOn(a -> a.attack().category().equals("xxe")).allMatch(a -> a.aimedAt().equals("body xml"));
        assertThat(attacks).filteredOn(a -> a.attack().id().equals("sql-tautology")).extracting(Attempt::aimedAt)
                .containsExactlyInAnyOrder("query name", "query url");
        // the guard's 403 body names its event, which the runner keeps
        assertThat(sent).filteredOn(s -> s.attempt().attack().id().equals("sql-tautology")).allSatisfy(s -> {
            assertThat(s.status()).isEqualTo(403);
            assertThat(s.blockEventId()).startsWith("ev-");
        });
        // placeholders are filled: no <marker> or <port> reaches the target
        assertThat(targets).noneMatch(t -> java.net.URLDecoder.decode(t, StandardCharsets.UTF_8).contains("<marker>")
                || java.net.URLDecoder.decode(t, StandardCharsets.UTF_8).contains("<port>"));
    }

    @Test
    void publicTargetsNeedTheOwnersFlag() {
        assertThatThrownBy(() -> TargetScope.check("http://8.8.8.8/", false)).hasMessageContaining("--i-own-this-target")
                .hasMessageContaining("8.8.8.8");
        assertThat(TargetScope.check("http://8.8.8.8/", true).getHost()).isEqualTo("8.8.8.8");
        assertThat(TargetScope.check("http://127.0.0.1:8080", false).getPort()).isEqualTo(8080);
        assertThat(TargetScope.check("http://10.1.2.3", false).getHost()).isEqualTo("10.1.2.3");
        assertThat(TargetScope.check("http://[fd00::1]/", false).getHost()).isEqualTo("[fd00::1]");
        assertThatThrownBy(() -> TargetScope.check("ftp://127.0.0.1/", false)).hasMessageContaining("http:// or https://");
    }
}
