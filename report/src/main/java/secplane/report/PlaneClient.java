package secplane.report;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import secplane.protocol.json.Json;
import secplane.protocol.json.JsonException;

/** Read-only calls to the control plane's operator API (docs/protocol.md), with a viewer token or better. */
public final class PlaneClient {
    private final URI base;
    private final String token;
    /** A console session secret (docs/console.md), accepted on the console's port as the session cookie. */
    static final String SESSION_PREFIX = "sp_cs_";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final java.util.List<String> asked = new java.util.ArrayList<>();

    public PlaneClient(String server, String token) throws ReportException {
        if (server == null || server.isBlank()) {
            throw new ReportException(ReportException.Kind.INPUT, "no control plane URL: pass --server http(s)://host:port");
        }
        if (token == null || token.isBlank()) {
            throw new ReportException(ReportException.Kind.UNAUTHORIZED,
                    "no operator token: pass --token (a viewer token suffices: secplane tokens create --role viewer) or set SECPLANE_TOKEN");
        }
        URI u;
        try {
            u = URI.create(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
        } catch (IllegalArgumentException e) {
            throw new ReportException(ReportException.Kind.INPUT, "--server " + server + " is not a URL: " + e.getMessage());
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
            throw new ReportException(ReportException.Kind.INPUT, "--server " + server + " must start with http:// or https://");
        }
        this.base = u;
        this.token = token;
    }

    /** The plane's base URL, which the report's evidence links are relative to. */
    public String base() {
        return base.toString();
    }

    /** GET a path with its query (already encoded); any answer but 2xx is an error. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> get(String pathAndQuery) throws ReportException {
        return (Map<String, Object>) fetch(pathAndQuery, false).orElseThrow();
    }

    /** GET a path that an older plane may not serve: empty on 404. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> getIfServed(String pathAndQuery) throws ReportException {
        return fetch(pathAndQuery, true).map(o -> (Map<String, Object>) o);
    }

    /** Every query asked so far, in order: what the report was computed from. */
    public synchronized java.util.List<String> queries() {
        return java.util.List.copyOf(asked);
    }

    private Optional<Object> fetch(String pathAndQuery, boolean absentOn404) throws ReportException {
        synchronized (this) {
            asked.add(pathAndQuery);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(60)).header("Accept", "application/json");
        // A console session (the plane rendering a report for a signed-in user) is sent back as its cookie.
        HttpRequest request = (token.startsWith(SESSION_PREFIX) ? b.header("Cookie", "secplane_session=" + token) : b.header("Authorization", "Bearer " + token))
                .GET().build();
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ReportException(ReportException.Kind.UNREACHABLE, "cannot reach the control plane at " + base
                    + ": is 'secplane server' running there, and is --server right? (" + e.getClass().getSimpleName() + ")");
        } catch (IOException e) {
            throw new ReportException(ReportException.Kind.UNREACHABLE, "talking to the control plane at " + base + " failed: " + e.getMessage()
                    + "; check --server (http:// or https://) and that the plane is up");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReportException(ReportException.Kind.FAILED, "interrupted while reading " + pathAndQuery);
        }
        if (r.statusCode() == 404 && absentOn404) {
            return Optional.empty();
        }
        if (r.statusCode() == 401) {
            throw new ReportException(ReportException.Kind.UNAUTHORIZED, "the control plane at " + base + " refused the token (401: " + message(r)
                    + "); pass an operator token with --token: a viewer token suffices (secplane tokens create --role viewer)");
        }
        if (r.statusCode() == 403) {
            throw new ReportException(ReportException.Kind.UNAUTHORIZED, "the token may not read " + pathAndQuery + " (403: " + message(r)
                    + "); the report needs an operator token of role viewer or higher, not an agent or enrolment token");
        }
        if (r.statusCode() / 100 != 2) {
            throw new ReportException(ReportException.Kind.FAILED, "GET " + pathAndQuery + " answered " + r.statusCode() + ": " + message(r));
        }
        try {
            return Optional.of(Json.parse(r.body()));
        } catch (JsonException e) {
            throw new ReportException(ReportException.Kind.FAILED, "GET " + pathAndQuery + " answered something that is not JSON (" + e.getMessage()
                    + "); is " + base + " a secplane control plane?");
        }
    }

    private static String message(HttpResponse<String> r) {
        try {
            Object body = Json.parse(r.body());
            if (body instanceof Map<?, ?> m && m.get("message") != null) {
                return String.valueOf(m.get("message"));
            }
        } catch (RuntimeException e) {
            // not the plane's error body; fall through to the raw text
        }
        String b = r.body() == null ? "" : r.body().strip();
        return b.length() > 200 ? b.substring(0, 200) + "…" : b;
    }
}
