package secplane.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import secplane.protocol.json.Json;

/**
 * The operator side of the control-plane API (docs/protocol.md): JSON over HTTP with a bearer
 * token. Errors become {@link ApiException}s carrying the server's message and an exit code that
 * scripts can rely on.
 */
final class ApiClient {
    /** Exit codes of every command that talks to the server. */
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int UNAUTHORIZED = 3;
    static final int UNREACHABLE = 4;

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(String server, String token) {
        String s = server == null || server.isBlank() ? System.getenv().getOrDefault("SECPLANE_SERVER", "http://127.0.0.1:7443") : server;
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.token = token == null || token.isBlank() ? System.getenv("SECPLANE_TOKEN") : token;
    }

    URI base() {
        return base;
    }

    Object get(String path, Map<String, String> query) throws ApiException {
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (e.getValue() != null && !e.getValue().isBlank()) {
                q.append(q.length() == 0 ? "?" : "&").append(e.getKey()).append('=')
                        .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            }
        }
        return send(HttpRequest.newBuilder(base.resolve(path + q)).GET());
    }

    Object get(String path) throws ApiException {
        return get(path, Map.of());
    }

    Object post(String path, Object body) throws ApiException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))));
    }

    Object postBytes(String path, byte[] body, String contentType) throws ApiException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Object put(String path, Object body) throws ApiException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.write(body))));
    }

    Object delete(String path) throws ApiException {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    private Object send(HttpRequest.Builder request) throws ApiException {
        if (token == null || token.isBlank()) {
            throw new ApiException(UNAUTHORIZED, "no operator token: pass --token or set SECPLANE_TOKEN (the server printed an admin token when it first started)");
        }
        request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60));
        HttpResponse<String> r;
        try {
            r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ApiException(UNREACHABLE, "cannot reach the control plane at " + base + "; is 'secplane server' running there? (--server or SECPLANE_SERVER)");
        } catch (IOException e) {
            throw new ApiException(UNREACHABLE, "talking to " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(FAILED, "interrupted");
        }
        Object body = r.body() == null || r.body().isBlank() ? Map.of() : parse(r.body());
        if (r.statusCode() / 100 == 2) {
            return body;
        }
        String message = body instanceof Map && ((Map<?, ?>) body).get("message") != null
                ? String.valueOf(((Map<?, ?>) body).get("message")) : "HTTP " + r.statusCode();
        int code = r.statusCode() == 401 || r.statusCode() == 403 ? UNAUTHORIZED : FAILED;
        throw new ApiException(code, message + " (HTTP " + r.statusCode() + ")", body);
    }

    private static Object parse(String text) {
        try {
            return Json.parse(text);
        } catch (RuntimeException e) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message", text.length() > 200 ? text.substring(0, 200) : text);
            return m;
        }
    }

    /** A failed call, with the exit code the command should end with. */
    static final class ApiException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int exitCode;
        private final transient Object body;

        ApiException(int exitCode, String message) {
            this(exitCode, message, null);
        }

        ApiException(int exitCode, String message, Object body) {
            super(message);
            this.exitCode = exitCode;
            this.body = body;
        }

        /** The error answer's JSON, when the server sent one. */
        Object body() {
            return body;
        }

        int exitCode() {
            return exitCode;
        }
    }
}
