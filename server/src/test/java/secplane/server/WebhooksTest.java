package secplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.protocol.json.Json;
import secplane.server.events.Webhooks;

/** Block verdicts pushed to webhooks: real loopback HTTP receivers, the real server. */
class WebhooksTest {
    @TempDir
    Path data;

    private final List<Receiver> receivers = new java.util.ArrayList<>();

    /** A webhook endpoint on loopback that records what it is sent and answers the statuses it is given. */
    private final class Receiver {
        final HttpServer server;
        final BlockingQueue<Map<String, Object>> bodies = new LinkedBlockingQueue<>();
        final BlockingQueue<String> keys = new LinkedBlockingQueue<>();
        /** Statuses answered in order; 200 once they run out. */
        final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();
        /** While it is not counted down, requests hang (a receiver that never answers). */
        volatile CountDownLatch hold = new CountDownLatch(0);

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "webhook-receiver");
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/hook", this::handle);
            server.start();
            receivers.add(this);
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        }

        @SuppressWarnings("unchecked")
        private void handle(HttpExchange x) throws IOException {
            try {
                hold.await();
                bodies.add((Map<String, Object>) Json.parse(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                keys.add(x.getRequestHeaders().getFirst("Idempotency-Key") + " " + x.getRequestHeaders().getFirst("Content-Type"));
                Integer status = statuses.poll();
                x.sendResponseHeaders(status == null ? 200 : status, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                x.close();
            }
        }
    }

    @AfterEach
    void stopReceivers() {
        for (Receiver r : receivers) {
            r.hold.countDown();
            r.server.stop(0);
        }
    }

    private static final String BLOCK = "{\"id\":\"e-1\",\"time\":\"2026-11-29T19:40:00.000Z\",\"type\":\"verdict\",\"joinPoint\":\"jndi.lookup\","
            + "\"aspect\":\"jndi\",\"rule\":\"jndi.remote-lookup\",\"verdict\":\"block\",\"evidence\":{\"name\":\"ldap://evil/x\"}}";
    private static final String OBSERVE = "{\"id\":\"e-2\",\"time\":\"2026-11-29T19:40:01.000Z\",\"type\":\"verdict\",\"rule\":\"jndi.remote-lookup\","
            + "\"verdict\":\"observe\"}";
    private static final String OTHER = "{\"id\":\"e-3\",\"time\":\"2026-11-29T19:40:02.000Z\",\"type\":\"agent.started\"}";

    private record Started(ControlPlane plane, Api api, String admin, Planes.Agent agent) {
    }

    private Started start(List<URI> hooks) {
        ControlPlane plane = ControlPlane.start(Planes.config(data).withWebhooks(hooks));
        Api api = new Api(plane.port());
        String admin = plane.bootstrapToken().orElseThrow();
        Planes.Agent agent = Planes.enrol(api, Planes.enrolToken(api, admin, "orders"), "orders", "orders-1", Map.of());
        return new Started(plane, api, admin, agent);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> webhookStats(Api api) {
        return (Map<String, Object>) api.get("/health", null).json().get("webhooks");
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void each_newly_stored_block_event_is_posted_once_to_every_webhook_with_its_service_and_instance() throws Exception {
        Receiver first = new Receiver();
        Receiver second = new Receiver();
        Started s = start(List.of(first.url(), second.url()));
        try (ControlPlane plane = s.plane()) {
            assertThat(s.api().events(s.agent().id(), s.agent().token(), "b-1", BLOCK + "\n" + OBSERVE + "\n" + OTHER + "\n").status()).isEqualTo(200);

            for (Receiver r : List.of(first, second)) {
                Map<String, Object> body = r.bodies.poll(10, TimeUnit.SECONDS);
                assertThat(body).isNotNull().containsEntry("id", "e-1").containsEntry("verdict", "block").containsEntry("rule", "jndi.remote-lookup")
                        .containsEntry("service", "orders").containsEntry("instanceId", "orders-1").containsEntry("agentId", s.agent().id())
                        .containsEntry("evidence", Map.of("name", "ldap://evil/x"));
                assertThat(r.keys.poll(10, TimeUnit.SECONDS)).isEqualTo("e-1 application/json");
            }
            // the same batch again, and the same event inside another batch, are not stored again: nothing is sent
            assertThat(s.api().events(s.agent().id(), s.agent().token(), "b-1", BLOCK + "\n").json()).containsEntry("duplicate", true);
            assertThat(s.api().events(s.agent().id(), s.agent().token(), "b-2", BLOCK + "\n").json()).containsEntry("accepted", 0L);
            Thread.sleep(500);
            assertThat(first.bodies).as("observe verdicts, other events and repeats are not sent").isEmpty();
            assertThat(second.bodies).isEmpty();
            assertThat(webhookStats(s.api())).containsEntry("urls", 2L).containsEntry("delivered", 2L).containsEntry("failed", 0L)
                    .containsEntry("dropped", 0L);
        }
    }

    @Test
    void a_refused_delivery_is_retried_and_one_that_keeps_failing_is_counted() throws Exception {
        Receiver flaky = new Receiver();
        flaky.statuses.addAll(List.of(503, 500));
        Receiver broken = new Receiver();
        broken.statuses.addAll(List.of(500, 500, 500, 500, 500));
        Started s = start(List.of(flaky.url(), broken.url()));
        try (ControlPlane plane = s.plane()) {
            s.api().events(s.agent().id(), s.agent().token(), "b-1", BLOCK + "\n");

            eventually(() -> ((Number) webhookStats(s.api()).get("failed")).longValue() == 1);
            assertThat(flaky.bodies).as("two refusals, then taken").hasSize(3);
            assertThat(broken.bodies).as("the first attempt and three retries").hasSize(4);
            assertThat(webhookStats(s.api())).containsEntry("delivered", 1L).containsEntry("failed", 1L).containsEntry("queued", 0L);
        }
    }

    @Test
    void health_has_no_webhooks_field_without_webhooks() {
        try (ControlPlane plane = ControlPlane.start(Planes.config(data))) {
            assertThat(new Api(plane.port()).get("/health", null).json()).doesNotContainKey("webhooks");
        }
    }

    @Test
    void a_receiver_that_never_answers_times_out_and_a_full_queue_drops_without_ever_blocking_the_caller() throws Exception {
        Receiver hung = new Receiver();
        hung.hold = new CountDownLatch(1);
        try (Webhooks hooks = new Webhooks(List.of(hung.url()), new Webhooks.Settings(4, 1, Duration.ofMillis(300), Duration.ofMillis(10)))) {
            long started = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                hooks.offer(Map.of("id", "e-" + i, "verdict", "block"));
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(millis).as("1000 offers to a hung receiver, ms").isLessThan(1000);
            assertThat((Long) hooks.stats().get("dropped")).as("beyond the queue of 4 and the one in flight").isGreaterThanOrEqualTo(995L);

            eventually(() -> (Long) hooks.stats().get("failed") >= 1);
            assertThat(hooks.stats()).containsEntry("delivered", 0L);
        }
    }
}
