package secplane.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import secplane.protocol.Signatures;
import secplane.protocol.json.Json;

/**
 * The agent-facing half of docs/protocol.md as a test needs it to drive the real agent jar with
 * snapshots the production server does not issue yet (virtual patches): enrolment, heartbeats,
 * the snapshot poll, ACK/NACK and event upload, with snapshots signed by a key of its own. It
 * records what the agent sends.
 */
final class SnapshotServer implements AutoCloseable {
    static final String ENROL_TOKEN = "sp_en_e2e-enrolment";
    static final String AGENT_ID = "ag-e2e";
    private static final String AGENT_TOKEN = "sp_ag_e2e-agent";

    private final KeyPair key = Signatures.generate();
    private final HttpServer server;
    private final ConcurrentLinkedQueue<String> snapshots = new ConcurrentLinkedQueue<>();
    final BlockingQueue<Map<String, Object>> acks = new LinkedBlockingQueue<>();
    final List<Map<String, Object>> heartbeats = new CopyOnWriteArrayList<>();

    SnapshotServer() throws Exception {
        server = Loopback.start("snapshot-server", this::handle);
    }

    String url() {
        return Loopback.url(server);
    }

    /** The agent options that point an agent here. */
    String[] agentOptions(String instance) {
        return new String[] {"server=" + url(), "server.key=" + Signatures.rawPublic(key.getPublic()), "enrol.token=" + ENROL_TOKEN,
            "instance=" + instance, "service=orders"};
    }

    /** Queues a signed snapshot for the next poll and returns the agent's ACK or NACK of it. */
    Map<String, Object> deliver(long version, Map<String, Object> policy) throws Exception {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("version", version);
        s.put("service", "orders");
        s.put("issuedAt", "2026-11-29T19:40:00.000Z");
        s.put("policy", policy);
        s.put("bundles", List.of());
        Map<String, Object> sig = new LinkedHashMap<>();
        sig.put("alg", "Ed25519");
        sig.put("keyId", Signatures.keyId(key.getPublic()));
        sig.put("value", Signatures.sign(key.getPrivate(), s));
        snapshots.add(Json.write(Map.of("snapshot", s, "signature", sig)));
        Map<String, Object> ack = acks.poll(30, TimeUnit.SECONDS);
        if (ack == null) {
            throw new AssertionError("no ACK or NACK of snapshot v" + version + " within 30 s");
        }
        return ack;
    }

    @SuppressWarnings("unchecked")
    private void handle(HttpExchange x) throws IOException {
        try {
            String path = x.getRequestURI().getPath();
            byte[] body = x.getRequestBody().readAllBytes();
            String auth = x.getRequestHeaders().getFirst("Authorization");
            if (path.equals("/v1/agents/enroll")) {
                Loopback.json(x, 200, Json.write(Map.of("agentId", AGENT_ID, "agentToken", AGENT_TOKEN, "heartbeatSeconds", 1L, "pollSeconds", 1L)));
            } else if (!("Bearer " + AGENT_TOKEN).equals(auth)) {
                Loopback.json(x, 401, "{\"error\":\"unauthorized\",\"message\":\"unknown agent token\"}");
            } else if (path.endsWith("/heartbeat")) {
                heartbeats.add((Map<String, Object>) Json.parse(new String(body, StandardCharsets.UTF_8)));
                Loopback.json(x, 200, "{\"serverTime\":\"2026-11-29T19:40:00.000Z\"}");
            } else if (path.endsWith("/snapshot")) {
                String next = snapshots.poll();
                for (int i = 0; next == null && i < 5; i++) {
                    Thread.sleep(100);
                    next = snapshots.poll();
                }
                if (next == null) {
                    x.sendResponseHeaders(204, -1);
                } else {
                    Loopback.json(x, 200, next);
                }
            } else if (path.endsWith("/ack")) {
                acks.add((Map<String, Object>) Json.parse(new String(body, StandardCharsets.UTF_8)));
                Loopback.json(x, 200, "{}");
            } else if (path.endsWith("/events")) {
                Loopback.json(x, 200, "{\"accepted\":1,\"duplicate\":false}");
            } else {
                Loopback.json(x, 404, "{\"error\":\"not-found\",\"message\":\"" + path + "\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            x.close();
        }
    }


    @Override
    public void close() {
        server.stop(0);
    }
}
