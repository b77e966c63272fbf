package secplane.bench.plane;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import secplane.protocol.Signatures;
import secplane.protocol.json.Json;

/**
 * Many protocol clients in one process, each an agent of docs/protocol.md reduced to what a push
 * exercises: enrol, then long-poll the snapshot; on a 200 verify the Ed25519 signature against the
 * server key, check version and service, POST the ACK, poll again with the new applied version.
 * One {@link HttpClient} (HTTP/1.1: one connection per request in flight); snapshots are verified
 * and ACKed on a pool of 4 threads, so on a small machine the 1,000 verifications queue there.
 */
final class SimAgents implements AutoCloseable {
    final String base;
    final String service;
    final PublicKey key;
    final ExecutorService pool = Executors.newFixedThreadPool(4, r -> daemon(r, "sim-agents"));
    final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sim-retry"));
    /** Several clients, agents spread over them: one JDK HttpClient reads all its connections on one selector thread. */
    final HttpClient[] clients;
    final AtomicInteger inflightPolls = new AtomicInteger();
    final AtomicLong verifyNanos = new AtomicLong();
    final AtomicInteger verified = new AtomicInteger();
    final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
    /** version → nanoTime of each ACK's 2xx, and of each 200 snapshot answer. */
    final Map<Long, ConcurrentLinkedQueue<Long>> acked = new ConcurrentHashMap<>();
    final Map<Long, ConcurrentLinkedQueue<Long>> delivered = new ConcurrentHashMap<>();
    final List<Agent> agents = new ArrayList<>();
    volatile boolean stopped;
    /** With {@code verifyOnce}, a body already verified is not verified again (the same bytes give the same answer). */
    final boolean verifyOnce;
    final Map<String, Boolean> verifiedBodies = new ConcurrentHashMap<>();

    final class Agent {
        final String instance;
        final HttpClient client;
        String id;
        String token;
        volatile long applied;

        Agent(String instance, HttpClient client) {
            this.instance = instance;
            this.client = client;
        }

        HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                    .header("Secplane-Protocol", "1");
        }

        void poll() {
            if (stopped) {
                return;
            }
            inflightPolls.incrementAndGet();
            HttpRequest r = request("/v1/agents/" + id + "/snapshot?applied=" + applied + "&wait=30").timeout(Duration.ofSeconds(45)).GET().build();
            client.sendAsync(r, HttpResponse.BodyHandlers.ofString()).whenComplete((resp, err) -> {
                inflightPolls.decrementAndGet();
                if (resp != null && resp.statusCode() == 200) {
                    got(resp.body());
                }
            }).whenCompleteAsync((resp, err) -> {
                if (err != null) {
                    error("poll " + err.getClass().getSimpleName() + ": " + err.getMessage());
                    later();
                } else if (resp.statusCode() == 204) {
                    poll();
                } else if (resp.statusCode() == 200) {
                    onSnapshot(resp.body());
                } else {
                    error("poll HTTP " + resp.statusCode() + ": " + resp.body());
                    later();
                }
            }, pool);
        }

        void later() {
            if (!stopped) {
                retry.schedule(this::poll, 1, TimeUnit.SECONDS);
            }
        }

        @SuppressWarnings("unchecked")
        /** When the answer arrived, on the client's I/O thread, before it queues for verification. */
        void got(String body) {
            long at = System.nanoTime();
            int i = body.indexOf("\"version\":");
            long version = i < 0 ? -1 : Long.parseLong(body.substring(i + 10).split("[,}]", 2)[0].trim());
            delivered.computeIfAbsent(version, v -> new ConcurrentLinkedQueue<>()).add(at);
        }

        void onSnapshot(String body) {
            Map<String, Object> signed = (Map<String, Object>) Json.parse(body);
            Map<String, Object> snapshot = (Map<String, Object>) signed.get("snapshot");
            Map<String, Object> signature = (Map<String, Object>) signed.get("signature");
            long version = ((Number) snapshot.get("version")).longValue();
            String nack = null;
            long t0 = System.nanoTime();
            try {
                Boolean good = verifyOnce ? verifiedBodies.get(body) : null;
                if (good == null) {
                    good = Signatures.verify(key, snapshot, (String) signature.get("value"));
                    if (verifyOnce) {
                        verifiedBodies.put(body, good);
                    }
                }
                if (!good) {
                    nack = "signature does not verify";
                }
            } catch (Exception e) {
                nack = "signature check failed: " + e;
            }
            verifyNanos.addAndGet(System.nanoTime() - t0);
            verified.incrementAndGet();
            if (nack == null && version <= applied) {
                nack = "downgrade: " + version + " <= " + applied;
            }
            if (nack == null && !service.equals(snapshot.get("service"))) {
                nack = "not this service";
            }
            String ack = nack == null ? Json.write(Map.of("version", version, "status", "ACK"))
                    : Json.write(Map.of("version", version, "status", "NACK", "error", nack));
            if (nack != null) {
                error("NACK " + nack);
            }
            final boolean ok = nack == null;
            HttpRequest r = request("/v1/agents/" + id + "/ack").timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ack)).build();
            client.sendAsync(r, HttpResponse.BodyHandlers.ofString()).whenComplete((resp, err) -> {
                if (err != null || resp.statusCode() / 100 != 2) {
                    error("ack " + (err != null ? err.getClass().getSimpleName() + ": " + err.getMessage() : "HTTP " + resp.statusCode() + ": " + resp.body()));
                    later();
                    return;
                }
                if (ok) {
                    acked.computeIfAbsent(version, v -> new ConcurrentLinkedQueue<>()).add(System.nanoTime());
                    applied = version;
                }
                poll();
            });
        }
    }

    static int CLIENTS = 8;

    SimAgents(String base, String service, PublicKey key, boolean verifyOnce) {
        this.verifyOnce = verifyOnce;
        this.base = base;
        this.service = service;
        this.key = key;
        // Each client's own executor (the JDK default) reads answers; verification and ACKs queue on {@code pool}.
        this.clients = new HttpClient[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            clients[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void error(String what) {
        String k = what.length() > 160 ? what.substring(0, 160) : what;
        errors.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
    }

    /** Enrols {@code n} agents, {@code parallel} at a time; returns the wall time in ms. */
    @SuppressWarnings("unchecked")
    double enrol(int n, String enrolToken, int parallel) throws Exception {
        Semaphore permits = new Semaphore(parallel);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Agent a = new Agent(String.format("sim-%04d", i), clients[i % clients.length]);
            agents.add(a);
            String body = Json.write(Map.of("service", service, "instanceId", a.instance, "host", "bench", "pid", ProcessHandle.current().pid(),
                    "jvm", System.getProperty("java.version"), "agentVersion", "bench", "labels", Map.of("zone", i % 2 == 0 ? "a" : "b")));
            permits.acquire();
            HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/v1/agents/enroll")).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + enrolToken).header("Secplane-Protocol", "1").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            all.add(a.client.sendAsync(r, HttpResponse.BodyHandlers.ofString()).thenAccept(resp -> {
                permits.release();
                if (resp.statusCode() != 200) {
                    throw new IllegalStateException("enrol answered " + resp.statusCode() + ": " + resp.body());
                }
                Map<String, Object> m = (Map<String, Object>) Json.parse(resp.body());
                a.id = (String) m.get("agentId");
                a.token = (String) m.get("agentToken");
            }).whenComplete((x, e) -> {
                if (e != null) {
                    permits.release();
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Runs the JDK's Ed25519 verification until the JIT has compiled it (about 1 ms per verify when warm, 30 ms cold). */
    static double warmUpVerify(int n) throws Exception {
        java.security.KeyPair kp = Signatures.generate();
        Map<String, Object> v = Map.of("version", 1L, "service", "warm-up", "policy", Map.of("mode", "observe"));
        String sig = Signatures.sign(kp.getPrivate(), v);
        for (int i = 0; i < n; i++) {
            Signatures.verify(kp.getPublic(), v, sig);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            Signatures.verify(kp.getPublic(), v, sig);
        }
        return (System.nanoTime() - t0) / 1e6 / 200;
    }

    void startPolling() {
        for (Agent a : agents) {
            a.poll();
        }
    }

    /** Waits until {@code n} polls are in flight at once; false after the timeout. */
    boolean awaitPolls(int n, long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (inflightPolls.get() < n) {
            if (System.currentTimeMillis() > end) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    Map<String, Integer> errorCounts() {
        Map<String, Integer> m = new java.util.TreeMap<>();
        errors.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    @Override
    public void close() {
        stopped = true;
        retry.shutdownNow();
        pool.shutdownNow();
    }
}
