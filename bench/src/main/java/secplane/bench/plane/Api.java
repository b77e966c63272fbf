package secplane.bench.plane;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import secplane.protocol.json.Json;

/** Operator calls with the admin token, one at a time (a client of its own, apart from the simulated agents'). */
final class Api {
    final String base;
    final String token;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    Api(String base, String token) {
        this.base = base;
        this.token = token;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> json(HttpResponse<String> r, int expected) {
        if (r.statusCode() != expected) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return (Map<String, Object>) Json.parse(r.body());
    }

    String enrolToken(String service) throws IOException, InterruptedException {
        return (String) json(post("/v1/tokens", Map.of("kind", "enrol", "service", service)), 201).get("token");
    }

    @SuppressWarnings("unchecked")
    String publicKey() throws IOException, InterruptedException {
        List<Object> keys = (List<Object>) json(get("/v1/keys"), 200).get("keys");
        return (String) ((Map<String, Object>) keys.get(0)).get("publicKey");
    }

    /** Pushes a policy to every agent of the service; returns the push response (version, issuedAt). */
    Map<String, Object> push(String service, String policyVersion) throws IOException, InterruptedException {
        Map<String, Object> policy = Map.of("version", policyVersion, "mode", "observe");
        return json(post("/v1/policies", Map.of("service", service, "policy", policy, "note", "bench " + policyVersion)), 201);
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> agents(String service) throws IOException, InterruptedException {
        return (List<Map<String, Object>>) (List<?>) json(get("/v1/agents?service=" + service), 200).get("agents");
    }

    /** The rollout progress of {@code version}, as {@code secplane policy push --wait} follows it. */
    Map<String, Object> summary(String service, long version) throws IOException, InterruptedException {
        return json(get("/v1/agents/summary?service=" + service + "&version=" + version), 200);
    }
}
