package secplane.drill.score;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import secplane.protocol.json.Json;

/**
 * The drill's events as the control plane stored them: {@code GET /v1/events?drill=<runId>}, newest
 * first, paged backwards with {@code to} (exclusive) because one page holds at most 1000.
 */
public final class PlaneEvents implements EventSource {
    private static final int PAGE = 1000;
    private final URI server;
    private final String token;
    private final Duration settle;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public PlaneEvents(URI server, String token, Duration settle) {
        this.server = server;
        this.token = token;
        this.settle = settle;
    }

    @Override
    public String describe() {
        return "control plane " + server;
    }

    @Override
    public List<Map<String, Object>> events(String runId, Set<String> expected) throws Exception {
        return Settle.until(settle, () -> all(runId), expected);
    }

    private List<Map<String, Object>> all(String runId) throws IOException, InterruptedException {
        Map<Object, Map<String, Object>> byId = new LinkedHashMap<>();
        String to = null;
        while (true) {
            List<Map<String, Object>> page = page(runId, null, to);
            page.forEach(e -> byId.put(e.get("id"), e));
            if (page.size() < PAGE) {
                break;
            }
            String oldest = String.valueOf(page.get(page.size() - 1).get("time"));
            // the page may have cut through events of the same millisecond: fetch that millisecond whole
            page(runId, oldest, java.time.Instant.parse(oldest).plusMillis(1).toString()).stream().filter(e -> oldest.equals(e.get("time"))).forEach(e -> byId.put(e.get("id"), e));
            if (oldest.equals(to)) {
                break;
            }
            to = oldest;
        }
        return new ArrayList<>(byId.values());
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> page(String runId, String from, String to) throws IOException, InterruptedException {
        StringBuilder q = new StringBuilder("/v1/events?limit=" + PAGE + "&drill=" + URLEncoder.encode(runId, StandardCharsets.UTF_8));
        if (from != null) {
            q.append("&from=").append(URLEncoder.encode(from, StandardCharsets.UTF_8));
        }
        if (to != null) {
            q.append("&to=").append(URLEncoder.encode(to, StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.resolve(q.toString())).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + q + " answered " + r.statusCode() + ": " + r.body());
        }
        return (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(r.body())).get("events");
    }
}
