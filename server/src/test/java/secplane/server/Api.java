package secplane.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import secplane.protocol.json.Json;

/** A plain HTTP client for the tests: real requests to a real server, no mocks. */
final class Api {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;

    Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    record Resp(int status, byte[] bytes, Map<String, List<String>> headers) {
        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> json() {
            return (Map<String, Object>) Json.parse(body());
        }

        String error() {
            return (String) json().get("error");
        }

        String message() {
            return (String) json().get("message");
        }

        @Override
        public String toString() {
            return status + " " + body();
        }
    }

    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(90)).header("Secplane-Protocol", "1");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    Resp send(HttpRequest r) {
        try {
            HttpResponse<byte[]> resp = CLIENT.send(r, HttpResponse.BodyHandlers.ofByteArray());
            return new Resp(resp.statusCode(), resp.body(), resp.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Resp get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    Resp delete(String path, String token) {
        return send(request(path, token).DELETE().build());
    }

    Resp post(String path, String token, Object body) {
        return postRaw(path, token, "application/json", (body instanceof String s ? s : Json.write(body)).getBytes(StandardCharsets.UTF_8));
    }

    Resp postRaw(String path, String token, String contentType, byte[] body) {
        return send(request(path, token).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    Resp inventory(String agentId, String token, Object body) {
        return send(request("/v1/agents/" + agentId + "/inventory", token).header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(gzip(Json.write(body).getBytes(StandardCharsets.UTF_8)))).build());
    }

    Resp events(String agentId, String token, String batchId, String ndjson) {
        return send(request("/v1/agents/" + agentId + "/events", token).header("Content-Type", "application/x-ndjson")
                .header("Content-Encoding", "gzip").header("Idempotency-Key", batchId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(ndjson.getBytes(StandardCharsets.UTF_8)))).build());
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
