package secplane.server.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import secplane.protocol.json.Json;
import secplane.server.ControlPlane;

/**
 * Pushes every newly stored event with {@code verdict=block} to the configured webhooks
 * (docs/server.md "Webhooks"). Ingestion only ever {@link #offer}s to a bounded queue, after its
 * transaction committed, and never waits: a full queue drops the delivery and counts it. Worker
 * threads POST each delivery with a timeout and retry a failure (no answer, or not 2xx) three
 * times with a doubling delay; one that still fails is counted as failed. Delivery is at least
 * once: a receiver may see an event again after a retry and should de-duplicate by
 * {@code Idempotency-Key}, the event's id.
 */
public final class Webhooks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
    static final int RETRIES = 3;

    /** How deliveries are made; {@link #DEFAULTS} unless a test needs them shorter. */
    public record Settings(int queueCapacity, int workers, Duration timeout, Duration firstRetryDelay) {
    }

    public static final Settings DEFAULTS = new Settings(10_000, 2, Duration.ofSeconds(5), Duration.ofMillis(500));

    private record Delivery(URI url, String eventId, byte[] body, int attempt) {
    }

    private final List<URI> urls;
    private final Settings settings;
    private final BlockingQueue<Delivery> queue;
    private final HttpClient client;
    private final List<Thread> workers = new ArrayList<>();
    private final ScheduledExecutorService retries;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    public Webhooks(List<URI> urls, Settings settings) {
        this.urls = List.copyOf(urls);
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, settings.queueCapacity()));
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "secplane-webhook-retry"));
        if (!this.urls.isEmpty()) {
            for (int i = 0; i < Math.max(1, settings.workers()); i++) {
                Thread t = daemon(this::work, "secplane-webhook-" + i);
                workers.add(t);
                t.start();
            }
        }
    }

    /** No webhooks: {@link #offer} does nothing. */
    public static Webhooks none() {
        return new Webhooks(List.of(), DEFAULTS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public boolean enabled() {
        return !urls.isEmpty();
    }

    /**
     * Queues one delivery per webhook of a stored event; never blocks.
     *
     * @param event the event as the agent sent it, plus {@code service}, {@code agentId} and
     *              {@code instanceId} (as {@code GET /v1/events} shows it)
     */
    public void offer(Map<String, Object> event) {
        if (urls.isEmpty()) {
            return;
        }
        byte[] body = Json.write(event).getBytes(StandardCharsets.UTF_8);
        String id = String.valueOf(event.get("id"));
        for (URI url : urls) {
            enqueue(new Delivery(url, id, body, 0));
        }
    }

    private void enqueue(Delivery d) {
        if (closed || !queue.offer(d)) {
            long n = dropped.incrementAndGet();
            // One line per power of two: a flood of drops must not flood the log as well.
            if (Long.bitCount(n) == 1) {
                LOG.atWarn().addKeyValue("url", printable(d.url())).addKeyValue("dropped", n).addKeyValue("capacity", settings.queueCapacity())
                        .log("webhook queue full; block event not delivered");
            }
        }
    }

    private void work() {
        while (!closed) {
            Delivery d;
            try {
                d = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            String outcome = attempt(d);
            if (outcome == null) {
                delivered.incrementAndGet();
            } else if (d.attempt() < RETRIES && !closed) {
                long delay = settings.firstRetryDelay().toMillis() << d.attempt();
                Delivery again = new Delivery(d.url(), d.eventId(), d.body(), d.attempt() + 1);
                try {
                    retries.schedule(() -> enqueue(again), delay, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException stopping) {
                    dropped.incrementAndGet();
                }
            } else {
                failed.incrementAndGet();
                LOG.atWarn().addKeyValue("url", printable(d.url())).addKeyValue("event", d.eventId()).addKeyValue("attempts", d.attempt() + 1)
                        .addKeyValue("error", outcome).log("webhook delivery failed");
            }
        }
    }

    /** @return null when the webhook took the event, else why not */
    private String attempt(Delivery d) {
        HttpRequest request = HttpRequest.newBuilder(d.url()).timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "secplane-server/" + ControlPlane.VERSION)
                .header("Idempotency-Key", d.eventId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(d.body())).build();
        try {
            HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** The URL without user info or query, which may carry a secret of the receiver's. */
    private static String printable(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "") + (u.getPath() == null ? "" : u.getPath());
    }

    /** {@code webhooks} in {@code GET /health}. */
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("urls", urls.size());
        m.put("delivered", delivered.get());
        m.put("failed", failed.get());
        m.put("dropped", dropped.get());
        m.put("queued", queue.size());
        return m;
    }

    /** Stops the workers; deliveries still queued or waiting for a retry are counted as dropped. */
    @Override
    public void close() {
        closed = true;
        List<Runnable> waiting = retries.shutdownNow();
        for (Thread t : workers) {
            t.interrupt();
        }
        dropped.addAndGet(queue.size() + waiting.size());
        queue.clear();
    }
}
