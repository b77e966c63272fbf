package secplane.drill.run;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends a drill's requests to the target one after another, each through the {@link RateLimiter} and
 * each with its {@link Marker} header, and records the answers. Everything the runner itself fetches
 * (the OpenAPI document, crawled pages) goes through the same limiter.
 */
public final class DrillRunner {
    /** The 403 body of a block names the event: {@code {"error":"request blocked by secplane","event":"<id>"}}. */
    private static final Pattern BLOCK_EVENT = Pattern.compile("\"event\"\\s*:\\s*\"([A-Za-z0-9._:-]{1,100})\"");

    /**
     * The answer to one attempt.
     *
     * @param status       the HTTP status, or -1 when the request could not be sent
     * @param blockEventId the event a 403 body names, or null
     * @param error        why it could not be sent, or null
     */
    public record Sent(Attempt attempt, int status, String blockEventId, String error) {
    }

    /** Told after each request. */
    public interface Listener {
        void sent(int done, int total, Sent sent);
    }

    private final URI base;
    private final Marker marker;
    private final RateLimiter limiter;
    private final Duration timeout;
    private final HttpClient http;

    public DrillRunner(URI base, Marker marker, RateLimiter limiter, Duration timeout) {
        this.base = base;
        this.marker = marker;
        this.limiter = limiter;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public RateLimiter limiter() {
        return limiter;
    }

    public List<Sent> run(List<Attempt> attempts, Listener listener) throws InterruptedException {
        List<Sent> out = new ArrayList<>(attempts.size());
        for (Attempt a : attempts) {
            Sent s = send(a);
            out.add(s);
            if (listener != null) {
                listener.sent(out.size(), attempts.size(), s);
            }
        }
        return out;
    }

    public Sent send(Attempt a) throws InterruptedException {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(base.resolve(a.pathAndQuery())).timeout(timeout).header(Marker.HEADER, marker.header(a));
            for (Map.Entry<String, String> h : a.headers().entrySet()) {
                b.header(h.getKey(), h.getValue());
            }
            if (a.body() != null) {
                b.header("Content-Type", a.contentType()).method(a.method(), HttpRequest.BodyPublishers.ofByteArray(a.body()));
            } else {
                b.method(a.method(), HttpRequest.BodyPublishers.noBody());
            }
        } catch (IllegalArgumentException e) {
            return new Sent(a, -1, null, "not a valid request: " + e.getMessage());
        }
        limiter.acquire();
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String eventId = null;
            if (r.statusCode() == 403) {
                Matcher m = BLOCK_EVENT.matcher(r.body());
                eventId = m.find() ? m.group(1) : null;
            }
            return new Sent(a, r.statusCode(), eventId, null);
        } catch (IOException e) {
            return new Sent(a, -1, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** GET a page of the target (crawling): the body when the answer is 200 HTML, else null. */
    public String html(URI uri) throws InterruptedException {
        limiter.acquire();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                    .header(Marker.HEADER, marker.runId() + "." + marker.secret() + ".crawl:0").GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.headers().firstValue("Content-Type").orElse("").contains("html") ? r.body() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** GET a document (an OpenAPI description) over HTTP. */
    public String document(URI uri) throws IOException, InterruptedException {
        limiter.acquire();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + r.statusCode());
        }
        return r.body();
    }
}
