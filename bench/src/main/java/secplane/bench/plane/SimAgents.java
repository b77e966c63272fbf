package secplane.bench.plane;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import secplane.protocol.Signatures;
import secplane.protocol.json.Json;

/**
 * Many protocol clients in one process, each an agent of docs/protocol.md reduced to what a push
 * exercises: enrol, then long-poll the snapshot; on a 200 verify the Ed25519 signature against the
 * server key, check version and service, POST the ACK, poll again with the new applied version.
 *
 * <p>Each agent is one thread with one keep-alive HTTP/1.1 connection, as a real agent's poll loop
 * is: a blocked read costs nothing while the poll is held, and the kernel wakes exactly the agent
 * whose answer came. (A shared asynchronous client spent more CPU than the server it measured on
 * this 2-core machine, and so measured itself.)
 */
final class SimAgents implements AutoCloseable {
    final String host;
    final int port;
    final String service;
    final PublicKey key;
    final AtomicInteger inflightPolls = new AtomicInteger();
    final AtomicLong verifyNanos = new AtomicLong();
    final AtomicInteger verified = new AtomicInteger();
    final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
    /** version → nanoTime of each ACK's 2xx, and of each 200 snapshot answer. */
    final Map<Long, ConcurrentLinkedQueue<Long>> acked = new ConcurrentHashMap<>();
    final Map<Long, ConcurrentLinkedQueue<Long>> delivered = new ConcurrentHashMap<>();
    final List<Agent> agents = new ArrayList<>();
    final List<Thread> threads = new ArrayList<>();
    volatile boolean stopped;
    /** With {@code verifyOnce}, a body already verified is not verified again (the same bytes give the same answer). */
    final boolean verifyOnce;
    final Map<String, Boolean> verifiedBodies = new ConcurrentHashMap<>();

    /** One keep-alive HTTP/1.1 connection: requests one after another, answers read whole. */
    static final class Connection implements AutoCloseable {
        final String host;
        final int port;
        Socket socket;
        InputStream in;
        OutputStream out;

        Connection(String host, int port) {
            this.host = host;
            this.port = port;
        }

        record Response(int status, String body, long at) {
        }

        Response call(String method, String path, String token, String body, int timeoutMillis) throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), 10_000);
                in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                out = socket.getOutputStream();
            }
            socket.setSoTimeout(timeoutMillis);
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder req = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                    .append(host).append(':').append(port).append("\r\nSecplane-Protocol: 1\r\n");
            if (token != null) {
                req.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            if (body != null) {
                req.append("Content-Type: application/json\r\nContent-Length: ").append(b.length).append("\r\n");
            }
            req.append("\r\n");
            try {
                out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (b.length > 0) {
                    out.write(b);
                }
                out.flush();
                return read();
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        private Response read() throws IOException {
            String status = line();
            if (status == null || !status.startsWith("HTTP/1.1 ")) {
                throw new IOException("not an HTTP/1.1 answer: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean closeAfter = false;
            for (String h = line(); h != null && !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                    case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                    default -> { }
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                for (long n = Long.parseLong(line().trim(), 16); n > 0; n = Long.parseLong(line().trim(), 16)) {
                    copy(body, n);
                    line();
                }
                line();
            } else if (length > 0) {
                copy(body, length);
            }
            long at = System.nanoTime();
            if (closeAfter) {
                close();
            }
            return new Response(code, body.toString(StandardCharsets.UTF_8), at);
        }

        private void copy(ByteArrayOutputStream to, long n) throws IOException {
            byte[] buf = new byte[8192];
            while (n > 0) {
                int r = in.read(buf, 0, (int) Math.min(buf.length, n));
                if (r < 0) {
                    throw new IOException("connection closed inside a body");
                }
                to.write(buf, 0, r);
                n -= r;
            }
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed by the server");
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing anyway
                }
                socket = null;
            }
        }
    }

    final class Agent implements Runnable {
        final String instance;
        final Connection conn = new Connection(host, port);
        String id;
        String token;
        volatile long applied;

        Agent(String instance) {
            this.instance = instance;
        }

        @Override
        public void run() {
            while (!stopped) {
                try {
                    inflightPolls.incrementAndGet();
                    Connection.Response r;
                    try {
                        r = conn.call("GET", "/v1/agents/" + id + "/snapshot?applied=" + applied + "&wait=30", token, null, 45_000);
                    } finally {
                        inflightPolls.decrementAndGet();
                    }
                    if (r.status() == 204) {
                        continue;
                    }
                    if (r.status() != 200) {
                        error("poll HTTP " + r.status() + ": " + r.body());
                        pause();
                        continue;
                    }
                    onSnapshot(r);
                } catch (IOException e) {
                    if (!stopped) {
                        error("poll " + e.getClass().getSimpleName() + ": " + e.getMessage());
                        pause();
                    }
                }
            }
            conn.close();
        }

        private void pause() {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                stopped = true;
            }
        }

        @SuppressWarnings("unchecked")
        void onSnapshot(Connection.Response r) throws IOException {
            String body = r.body();
            Map<String, Object> signed = (Map<String, Object>) Json.parse(body);
            Map<String, Object> snapshot = (Map<String, Object>) signed.get("snapshot");
            Map<String, Object> signature = (Map<String, Object>) signed.get("signature");
            long version = ((Number) snapshot.get("version")).longValue();
            delivered.computeIfAbsent(version, v -> new ConcurrentLinkedQueue<>()).add(r.at());
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
            String ack;
            if (nack != null) {
                ack = Json.write(Map.of("version", version, "status", "NACK", "error", nack));
            } else {
                // A simulated self-check: every virtual patch in scope reported active, as a real agent does after weaving.
                List<Map<String, Object>> patches = new ArrayList<>();
                Object listed = ((Map<String, Object>) snapshot.get("policy")).get("patches");
                for (Object o : listed instanceof List<?> l ? l : List.of()) {
                    Map<String, Object> p = (Map<String, Object>) o;
                    Object scope = p.get("instances");
                    boolean in = !(scope instanceof List<?> sl) || sl.contains(instance);
                    patches.add(Map.of("id", p.get("id"), "state", in ? "active" : "out-of-scope", "classes", in ? 1 : 0));
                }
                ack = Json.write(patches.isEmpty() ? Map.of("version", version, "status", "ACK") : Map.of("version", version, "status", "ACK", "patches", patches));
            }
            if (nack != null) {
                error("NACK " + nack);
            }
            Connection.Response a = conn.call("POST", "/v1/agents/" + id + "/ack", token, ack, 30_000);
            if (a.status() / 100 != 2) {
                error("ack HTTP " + a.status() + ": " + a.body());
                pause();
                return;
            }
            if (nack == null) {
                acked.computeIfAbsent(version, v -> new ConcurrentLinkedQueue<>()).add(a.at());
                applied = version;
            }
        }
    }

    SimAgents(String base, String service, PublicKey key, boolean verifyOnce) {
        URI u = URI.create(base);
        this.host = u.getHost();
        this.port = u.getPort();
        this.verifyOnce = verifyOnce;
        this.service = service;
        this.key = key;
    }

    void error(String what) {
        String k = what.length() > 160 ? what.substring(0, 160) : what;
        errors.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
    }

    /** Enrols {@code n} agents, {@code parallel} at a time; returns the wall time in ms. */
    @SuppressWarnings("unchecked")
    double enrol(int n, String enrolToken, int parallel) throws Exception {
        for (int i = 0; i < n; i++) {
            agents.add(new Agent(String.format("sim-%04d", i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Agent a = agents.get(i);
                String body = Json.write(Map.of("service", service, "instanceId", a.instance, "host", "bench", "pid", ProcessHandle.current().pid(),
                        "jvm", System.getProperty("java.version"), "agentVersion", "bench", "labels", Map.of("zone", i % 2 == 0 ? "a" : "b")));
                all.add(pool.submit(() -> {
                    Connection.Response r = a.conn.call("POST", "/v1/agents/enroll", enrolToken, body, 60_000);
                    if (r.status() != 200) {
                        throw new IllegalStateException("enrol answered " + r.status() + ": " + r.body());
                    }
                    Map<String, Object> m = (Map<String, Object>) Json.parse(r.body());
                    a.id = (String) m.get("agentId");
                    a.token = (String) m.get("agentToken");
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Each agent reports a one-jar inventory holding {@code group:artifact:version} (PUT /v1/agents/{id}/inventory). */
    void reportInventory(String group, String artifact, String version) throws Exception {
        for (Agent a : agents) {
            String body = Json.write(Map.of("inventoryVersion", 1, "jars", List.of(Map.of("path", "/srv/lib/" + artifact + "-" + version + ".jar", "kind", "jar",
                    "size", 1_000_000, "sha256", "0".repeat(64), "components", List.of(Map.of("group", group, "artifact", artifact, "version", version, "source", "pom.properties"))))));
            Connection.Response r = a.conn.call("PUT", "/v1/agents/" + a.id + "/inventory", a.token, body, 30_000);
            if (r.status() != 200) {
                throw new IllegalStateException("inventory answered " + r.status() + ": " + r.body());
            }
        }
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

    /** Starts every agent's poll loop, each on a thread of its own with a small stack. */
    void startPolling() {
        for (Agent a : agents) {
            Thread t = new Thread(null, a, "sim-" + a.instance, 256 * 1024);
            t.setDaemon(true);
            threads.add(t);
            t.start();
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
        for (Agent a : agents) {
            a.conn.close();
        }
    }
}
