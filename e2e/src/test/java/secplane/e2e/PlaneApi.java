package secplane.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import secplane.protocol.json.Json;

/** The operator API of a running control plane, as the tests use it. */
public final class PlaneApi {
    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public PlaneApi(int port, String token) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.token = token;
    }

    public String url() {
        return base.toString();
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return (Map<String, Object>) Json.parse(r.body());
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> post(String path, Object body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError("POST " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return (Map<String, Object>) Json.parse(r.body());
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> upload(byte[] jar) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/v1/bundles")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/java-archive").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(jar)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError("POST /v1/bundles -> " + r.statusCode() + " " + r.body());
        }
        return (Map<String, Object>) Json.parse(r.body());
    }

    public long push(String service, String policyJson, List<String> bundles) throws Exception {
        Map<String, Object> r = post("/v1/policies", Map.of("service", service, "policy", Json.parse(policyJson),
                "target", Map.of(), "bundles", bundles));
        return ((Number) r.get("version")).longValue();
    }

    public String enrolToken(String service) throws Exception {
        return (String) post("/v1/tokens", Map.of("kind", "enrol", "service", service)).get("token");
    }

    public long push(String service, String policyJson) throws Exception {
        Map<String, Object> r = post("/v1/policies", Map.of("service", service, "policy", Json.parse(policyJson), "target", Map.of()));
        return ((Number) r.get("version")).longValue();
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> agents(String service) throws Exception {
        return (List<Map<String, Object>>) get("/v1/agents?service=" + service).get("agents");
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> events(String query) throws Exception {
        return (List<Map<String, Object>>) get("/v1/events?limit=1000&" + query).get("events");
    }
}
