package secplane.agent.core.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import secplane.protocol.Signatures;
import secplane.protocol.json.Json;

/**
 * The control plane's side of docs/protocol.md, as small as the tests need: it enrols one agent,
 * records heartbeats, ACKs and event batches, serves bundles by SHA-256 and hands out the
 * snapshot documents queued by a test, signed with a key of its own.
 */
final class FakeControlPlane implements AutoCloseable {
    static final String ENROL_TOKEN = "sp_en_test-enrolment-secret";
    static final String AGENT_ID = "ag-1";

    /** One request as the server saw it. */
    record Request(String method, String path, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase());
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> json() {
            return (Map<String, Object>) Json.parse(new String(body, StandardCharsets.UTF_8));
        }

        String gunzipped() throws IOException {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    final KeyPair key;
    private final HttpServer server;
    final BlockingQueue<Request> enrolments = new LinkedBlockingQueue<>();
    final BlockingQueue<Request> heartbeats = new LinkedBlockingQueue<>();
    final BlockingQueue<Map<String, Object>> acks = new LinkedBlockingQueue<>();
    final BlockingQueue<Request> eventPosts = new LinkedBlockingQueue<>();
    final BlockingQueue<Request> polls = new LinkedBlockingQueue<>();
    final BlockingQueue<Request> inventoryPuts = new LinkedBlockingQueue<>();
    /** Statuses answered to inventory uploads, in order; 200 once they run out. */
    final Queue<Integer> inventoryStatuses = new ConcurrentLinkedQueue<>();
    /** The inventory version the server holds, told in heartbeat answers; null: the answer does not say. */
    volatile Long storedInventory;
    /** Behaves as a server that predates inventories: unknown field in heartbeats, no such endpoint for uploads. */
    volatile boolean withoutInventories;
    final Queue<String> snapshots = new ConcurrentLinkedQueue<>();
    final Map<String, byte[]> bundles = new ConcurrentHashMap<>();
    /** Statuses answered to event posts, in order; 200 once they run out. */
    final Queue<Integer> eventStatuses = new ConcurrentLinkedQueue<>();
    /** Enrolments answered 503 before one succeeds. */
    final AtomicInteger enrolFailures = new AtomicInteger();
    private final AtomicInteger tokens = new AtomicInteger();
    private volatile String agentToken = "none";

    FakeControlPlane() throws Exception {
        this(Signatures.generate());
    }

    /** A replica signing with the same key as another (replicas share one key). */
    FakeControlPlane(KeyPair key) throws Exception {
        this.key = key;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-control-plane");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String publicKey() {
        return Signatures.rawPublic(key.getPublic());
    }

    /** The agent token stops working, as after a revocation. */
    void revokeAgentToken() {
        agentToken = "revoked";
    }

    String currentAgentToken() {
        return agentToken;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ------------------------------------------------------------------ snapshots

    static Map<String, Object> snapshot(long version, String service, Map<String, Object> policy, List<Map<String, Object>> bundles) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("version", version);
        s.put("service", service);
        s.put("issuedAt", "2026-11-29T19:40:00.000Z");
        s.put("policy", policy);
        s.put("bundles", bundles);
        return s;
    }

    String signed(Map<String, Object> snapshot) throws Exception {
        return signedWith(key, snapshot);
    }

    static String signedWith(KeyPair key, Map<String, Object> snapshot) throws Exception {
        Map<String, Object> sig = new LinkedHashMap<>();
        sig.put("alg", "Ed25519");
        sig.put("keyId", Signatures.keyId(key.getPublic()));
        sig.put("value", Signatures.sign(key.getPrivate(), snapshot));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("snapshot", snapshot);
        doc.put("signature", sig);
        return Json.write(doc);
    }

    /** Serves the jar and returns its entry for a snapshot's {@code bundles}. */
    Map<String, Object> bundle(String id, String version, byte[] jar) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
        bundles.put(sha, jar);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("id", id);
        b.put("version", version);
        b.put("sha256", sha);
        b.put("size", (long) jar.length);
        return b;
    }

    Map<String, Object> nextAck() throws InterruptedException {
        Map<String, Object> ack = acks.poll(15, TimeUnit.SECONDS);
        if (ack == null) {
            throw new AssertionError("no ACK or NACK within 15 s");
        }
        return ack;
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange x) throws IOException {
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            x.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            Request r = new Request(x.getRequestMethod(), x.getRequestURI().toString(), headers, x.getRequestBody().readAllBytes());
            String path = x.getRequestURI().getPath();
            if (!"1".equals(r.header("Secplane-Protocol"))) {
                error(x, 400, "unsupported-protocol", "speaks 1");
            } else if (path.equals("/v1/agents/enroll")) {
                enrolments.add(r);
                if (!("Bearer " + ENROL_TOKEN).equals(r.header("Authorization"))) {
                    error(x, 401, "unauthorized", "wrong enrolment token");
                } else if (enrolFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    error(x, 503, "unavailable", "try later");
                } else {
                    agentToken = "sp_ag_secret-" + tokens.incrementAndGet();
                    send(x, 200, Json.write(Map.of("agentId", AGENT_ID, "agentToken", agentToken, "heartbeatSeconds", 1L,
                            "pollSeconds", 1L)));
                }
            } else if (!("Bearer " + agentToken).equals(r.header("Authorization"))) {
                error(x, 401, "unauthorized", "unknown agent token");
            } else if (path.equals("/v1/agents/" + AGENT_ID + "/heartbeat")) {
                heartbeats.add(r);
                Long stored = storedInventory;
                if (withoutInventories && r.json().containsKey("inventoryVersion")) {
                    // what the real server's strict body reader answers
                    error(x, 400, "unknown-field", "/inventoryVersion: unknown field; expected appliedVersion, eventsDropped, aspects");
                } else if (stored != null) {
                    send(x, 200, "{\"serverTime\":\"2026-11-29T19:40:00.000Z\",\"inventoryVersion\":" + stored + "}");
                } else {
                    send(x, 200, "{\"serverTime\":\"2026-11-29T19:40:00.000Z\"}");
                }
            } else if (path.equals("/v1/agents/" + AGENT_ID + "/inventory") && !withoutInventories) {
                inventoryPuts.add(r);
                Integer status = inventoryStatuses.poll();
                if (status != null && status != 200) {
                    error(x, status, status == 404 ? "not-found" : "unavailable", status == 404 ? "no agent " + AGENT_ID + "; enrol again"
                            : "try later");
                } else {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> doc = (Map<String, Object>) Json.parse(r.gunzipped());
                    storedInventory = (Long) doc.get("inventoryVersion");
                    send(x, 200, Json.write(Map.of("inventoryVersion", storedInventory)));
                }
            } else if (path.equals("/v1/agents/" + AGENT_ID + "/snapshot")) {
                polls.add(r);
                String next = snapshots.poll();
                if (next == null) {
                    Thread.sleep(200);
                    next = snapshots.poll();
                }
                if (next == null) {
                    x.sendResponseHeaders(204, -1);
                } else {
                    send(x, 200, next);
                }
            } else if (path.equals("/v1/agents/" + AGENT_ID + "/ack")) {
                acks.add(r.json());
                send(x, 200, "{}");
            } else if (path.equals("/v1/agents/" + AGENT_ID + "/events")) {
                eventPosts.add(r);
                Integer status = eventStatuses.poll();
                if (status != null && status != 200) {
                    error(x, status, "unavailable", "try later");
                } else {
                    send(x, 200, "{\"accepted\":1,\"duplicate\":false}");
                }
            } else if (path.startsWith("/v1/bundles/")) {
                byte[] jar = bundles.get(path.substring("/v1/bundles/".length()));
                if (jar == null) {
                    error(x, 404, "not-found", "no such bundle");
                } else {
                    x.sendResponseHeaders(200, jar.length);
                    try (OutputStream out = x.getResponseBody()) {
                        out.write(jar);
                    }
                }
            } else {
                // as the real server answers a call it does not have
                error(x, 404, "not-found", "no such endpoint: " + x.getRequestMethod() + " " + path + " (docs/protocol.md lists them)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            x.close();
        }
    }

    private static void error(HttpExchange x, int status, String code, String message) throws IOException {
        send(x, status, Json.write(Map.of("error", code, "message", message)));
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }
}
