package secplane.agent.core.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import secplane.protocol.json.Json;

/**
 * The agent's HTTP client, on {@link HttpURLConnection} (Java 8, no dependency). Every request
 * carries {@code Secplane-Protocol: 1}; tokens go only into the {@code Authorization} header and
 * nothing here logs a header. Connections in flight are tracked so that {@link #abortAll} can
 * break a long poll blocked in a read when the agent detaches.
 *
 * <p>It talks to one replica at a time. A request to the current replica that fails to connect,
 * times out or gets a 5xx moves every later request to the next replica of the list (round robin);
 * the caller backs off and retries as it would against a single server. Replicas share one
 * database, so the agent's token and snapshots are the same on each.
 */
final class Http {
    static final String PROTOCOL_VERSION = "1";
    private static final int CONNECT_TIMEOUT_MILLIS = 5000;

    /** Told when requests move from one replica to the next. */
    interface Failover {
        void moved(String from, String to, String why);
    }

    private final List<String> bases;
    private final Failover failover;
    private final Set<HttpURLConnection> inFlight = Collections.newSetFromMap(new IdentityHashMap<HttpURLConnection, Boolean>());
    private volatile int current;
    private volatile boolean closed;

    /**
     * @param bases    the replicas' base URLs without a trailing slash, e.g. {@code http://127.0.0.1:8080}, tried in this order
     * @param failover told of each move to the next replica, or null
     */
    Http(List<String> bases, Failover failover) {
        if (bases.isEmpty()) {
            throw new IllegalArgumentException("no server URL");
        }
        this.bases = Collections.unmodifiableList(new ArrayList<>(bases));
        this.failover = failover;
    }

    /** The replica that requests go to now. */
    String base() {
        return bases.get(current);
    }

    /**
     * Moves to the replica after {@code failed}, unless another request has already moved on from
     * it: threads that see the same replica fail together move once, not once each.
     */
    private void failed(int failed, String why) {
        if (bases.size() < 2 || closed) {
            return;
        }
        String from;
        String to;
        synchronized (this) {
            if (current != failed) {
                return;
            }
            current = (failed + 1) % bases.size();
            from = bases.get(failed);
            to = bases.get(current);
        }
        if (failover != null) {
            failover.moved(from, to, why);
        }
    }

    static final class Response {
        final int status;
        final byte[] body;
        final String contentType;

        Response(int status, byte[] body, String contentType) {
            this.status = status;
            this.body = body;
            this.contentType = contentType;
        }

        boolean ok() {
            return status / 100 == 2;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** {@code 403 forbidden: <message>} from the protocol's error body, or the status alone. */
        String describe() {
            String detail = "";
            try {
                Object doc = Json.parse(text());
                if (doc instanceof Map) {
                    Map<?, ?> m = (Map<?, ?>) doc;
                    detail = " " + m.get("error") + ": " + m.get("message");
                }
            } catch (RuntimeException e) {
                String t = text().trim();
                detail = t.isEmpty() ? "" : " " + (t.length() > 200 ? t.substring(0, 200) + "..." : t);
            }
            return "HTTP " + status + detail;
        }
    }

    /**
     * @param token    the bearer token, or null
     * @param headers  further request headers, or null
     * @param body     the request body, or null for none
     * @param maxBytes responses larger than this fail
     */
    Response send(String method, String path, String token, Map<String, String> headers, byte[] body, int readTimeoutMillis,
            long maxBytes) throws IOException {
        if (closed) {
            throw new IOException("the control-plane client is stopped");
        }
        int replica = current;
        Response r;
        try {
            r = sendTo(bases.get(replica), method, path, token, headers, body, readTimeoutMillis, maxBytes);
        } catch (IOException e) {
            failed(replica, String.valueOf(e));
            throw e;
        }
        if (r.status / 100 == 5) {
            failed(replica, r.describe());
        }
        return r;
    }

    private Response sendTo(String base, String method, String path, String token, Map<String, String> headers, byte[] body,
            int readTimeoutMillis, long maxBytes) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(base + path).openConnection();
        track(c, true);
        try {
            c.setRequestMethod(method);
            c.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
            c.setReadTimeout(readTimeoutMillis);
            c.setUseCaches(false);
            c.setInstanceFollowRedirects(false);
            c.setRequestProperty("Secplane-Protocol", PROTOCOL_VERSION);
            c.setRequestProperty("Accept", "application/json");
            if (token != null) {
                c.setRequestProperty("Authorization", "Bearer " + token);
            }
            if (headers != null) {
                for (Map.Entry<String, String> h : headers.entrySet()) {
                    c.setRequestProperty(h.getKey(), h.getValue());
                }
            }
            if (body != null) {
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(body.length);
                OutputStream out = c.getOutputStream();
                try {
                    out.write(body);
                } finally {
                    out.close();
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] bytes = in == null ? new byte[0] : secplane.agent.core.Files2.readAll(in, maxBytes, "response");
            return new Response(status, bytes, c.getContentType());
        } finally {
            track(c, false);
        }
    }

    Response json(String method, String path, String token, Object body, int readTimeoutMillis) throws IOException {
        return send(method, path, token, Collections.singletonMap("Content-Type", "application/json"),
                Json.write(body).getBytes(StandardCharsets.UTF_8), readTimeoutMillis, 1024 * 1024);
    }

    private void track(HttpURLConnection c, boolean add) {
        synchronized (inFlight) {
            if (add) {
                inFlight.add(c);
            } else {
                inFlight.remove(c);
            }
        }
    }

    /** Closes every connection in flight; later requests fail at once. */
    void abortAll() {
        closed = true;
        HttpURLConnection[] all;
        synchronized (inFlight) {
            all = inFlight.toArray(new HttpURLConnection[0]);
            inFlight.clear();
        }
        for (HttpURLConnection c : all) {
            try {
                c.disconnect();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
    }
}
