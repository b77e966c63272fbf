package secplane.bench.plane;

import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import secplane.protocol.json.Json;

/**
 * Part 2: {@code uploaders} simulated agents, each one thread sending its gzip NDJSON batches one
 * after another (as the agent's upload thread does) for {@code seconds}. Batches are built before
 * the clock starts, so the client's gzip does not take CPU from the server during the run. The
 * same batches against a trivial endpoint in this process (gunzip and count lines) give the
 * client's own ceiling.
 */
final class EventIngest {
    static final String SERVICE = "ingest";

    private record Batch(String key, byte[] gzip, int events) {
    }

    private EventIngest() {
    }

    static Map<String, Object> run(Path work, String db, int uploaders, int seconds, int batchSize, int warmupSeconds) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("uploaders", uploaders);
        out.put("seconds", seconds);
        out.put("batchSize", batchSize);
        EmbeddedPostgres pg = null;
        String url = null;
        if (db.equals("postgresql")) {
            long t0 = System.nanoTime();
            pg = PlaneBench.track(EmbeddedPostgres.builder().setDataDirectory(work.resolve("pgdata")).setCleanDataDirectory(true).start());
            url = pg.getJdbcUrl("postgres", "postgres");
            out.put("postgresStartMs", (System.nanoTime() - t0) / 1e6);
            try (var c = pg.getPostgresDatabase().getConnection(); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT version(), current_setting('synchronous_commit'), current_setting('fsync'), current_setting('shared_buffers')")) {
                rs.next();
                out.put("postgres", rs.getString(1) + "; synchronous_commit=" + rs.getString(2) + ", fsync=" + rs.getString(3) + ", shared_buffers=" + rs.getString(4));
            }
        }
        try (ServerProcess server = PlaneBench.track(ServerProcess.start(work.resolve("server"), url, PlaneBench.SERVER_JVM))) {
            out.put("db", db);
            String enrol = server.api.enrolToken(SERVICE);
            List<String[]> agents = new ArrayList<>();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < uploaders; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.api.base + "/v1/agents/enroll"))
                        .header("Authorization", "Bearer " + enrol).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("service", SERVICE, "instanceId", "up-" + i)))).build(),
                        HttpResponse.BodyHandlers.ofString());
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) Json.parse(r.body());
                agents.add(new String[] {(String) m.get("agentId"), (String) m.get("agentToken")});
            }
            int perUploader = (int) Math.ceil(45_000.0 * (seconds + warmupSeconds) / batchSize / uploaders);
            long g0 = System.nanoTime();
            List<List<Batch>> batches = new ArrayList<>();
            long gzBytes = 0;
            long rawBytes = 0;
            for (int u = 0; u < uploaders; u++) {
                List<Batch> mine = new ArrayList<>();
                for (int b = 0; b < perUploader; b++) {
                    byte[] raw = ndjson(u, b, batchSize);
                    byte[] gz = gzip(raw);
                    rawBytes += raw.length;
                    gzBytes += gz.length;
                    mine.add(new Batch("b-" + u + "-" + b + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()), gz, batchSize));
                }
                batches.add(mine);
            }
            int total = perUploader * uploaders;
            out.put("batchesPrepared", total);
            out.put("prepareMs", (System.nanoTime() - g0) / 1e6);
            out.put("bytesPerEventRaw", rawBytes / (double) total / batchSize);
            out.put("bytesPerBatchGzip", gzBytes / (double) total);
            System.out.printf("%s: %d batches of %d events prepared (%.0f B/event raw, %.0f KiB/batch gzip)%n", db, total, batchSize,
                    rawBytes / (double) total / batchSize, gzBytes / (double) total / 1024);

            if (db.equals("h2")) {
                // The client's ceiling: the same batches to a trivial endpoint in this process (once, with the H2 run).
                out.put("trivialEndpoint", trivial(batches, agents, Math.min(10, seconds)));
            }
            int[] cursor = new int[uploaders];
            if (warmupSeconds > 0) {
                // The server's first seconds run cold (JIT); they are sent and stored but not counted.
                Map<String, Object> warm = upload(server.api.base, batches, agents, warmupSeconds, true, cursor);
                out.put("warmupSeconds", warmupSeconds);
                out.put("warmupAccepted", warm.get("accepted"));
                out.put("warmupPerSecond", warm.get("perSecond"));
            }
            Map<String, Object> run = upload(server.api.base, batches, agents, seconds, true, cursor);
            out.putAll(run);
            long warmAccepted = out.containsKey("warmupAccepted") ? ((Number) out.get("warmupAccepted")).longValue() : 0;
            long stored = -warmAccepted;
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> counts = (List<Map<String, Object>>) (List<?>) server.api.json(server.api.get("/v1/events/counts?by=service&bucket=hour&service=" + SERVICE), 200).get("counts");
            for (Map<String, Object> c : counts) {
                stored += ((Number) c.get("count")).longValue();
            }
            out.put("storedInMeasuredWindow", stored);
            out.put("storedPerSecond", stored / ((Double) run.get("elapsedSeconds")));
            System.out.printf("%s: accepted %d events in %.1f s = %.0f events/s (per-second min %s, median %s); stored in that window (GET /v1/events/counts minus warm-up) %d%n",
                    db, run.get("accepted"), run.get("elapsedSeconds"), run.get("acceptedPerSecond"), run.get("perSecondMin"), run.get("perSecondMedian"), stored);
            out.put("serverLog", server.logProblems(10));
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
        return out;
    }

    /** Each uploader sends its batches in order until the time is up or they run out. */
    static Map<String, Object> upload(String base, List<List<Batch>> batches, List<String[]> agents, int seconds, boolean protocol, int[] cursor) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        AtomicLong accepted = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLongArray perSecond = new AtomicLongArray(seconds + 5);
        List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> firstFailures = java.util.Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        long end = t0 + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        boolean[] ranOut = new boolean[1];
        for (int u = 0; u < agents.size(); u++) {
            String[] agent = agents.get(u);
            List<Batch> mine = batches.get(u);
            final int uploader = u;
            Thread t = new Thread(() -> {
                int i = cursor[uploader];
                while (System.nanoTime() < end) {
                    if (i == mine.size()) {
                        if (protocol) {
                            ranOut[0] = true;
                            return;
                        }
                        i = 0;
                    }
                    Batch b = mine.get(i++);
                    cursor[uploader] = i;
                    HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/v1/agents/" + agent[0] + "/events")).timeout(Duration.ofSeconds(60))
                            .header("Authorization", "Bearer " + agent[1]).header("Secplane-Protocol", "1")
                            .header("Content-Type", "application/x-ndjson").header("Content-Encoding", "gzip").header("Idempotency-Key", b.key)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(b.gzip)).build();
                    long s0 = System.nanoTime();
                    try {
                        HttpResponse<String> resp = client.send(r, HttpResponse.BodyHandlers.ofString());
                        long s1 = System.nanoTime();
                        if (resp.statusCode() != 200) {
                            failures.incrementAndGet();
                            if (firstFailures.size() < 5) {
                                firstFailures.add(resp.statusCode() + " " + resp.body());
                            }
                            continue;
                        }
                        latencies.add((s1 - s0) / 1e6);
                        long n = ((Number) ((Map<?, ?>) Json.parse(resp.body())).get("accepted")).longValue();
                        sent.addAndGet(b.events);
                        if (s1 < end) {
                            accepted.addAndGet(n);
                            perSecond.addAndGet((int) ((s1 - t0) / 1_000_000_000L), n);
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        if (firstFailures.size() < 5) {
                            firstFailures.add(e.toString());
                        }
                    }
                }
            }, "uploader-" + u);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = Math.min(System.nanoTime() - t0, end - t0) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("elapsedSeconds", elapsed);
        m.put("accepted", accepted.get());
        m.put("acceptedPerSecond", accepted.get() / elapsed);
        m.put("eventsSentInclOverrun", sent.get());
        m.put("failures", failures.get());
        m.put("firstFailures", firstFailures);
        m.put("ranOutOfBatches", ranOut[0]);
        List<Double> ps = new ArrayList<>();
        int full = (int) Math.floor(elapsed);
        for (int s = 0; s < full; s++) {
            ps.add((double) perSecond.get(s));
        }
        m.put("perSecond", ps);
        List<Double> sorted = ps.stream().sorted().toList();
        m.put("perSecondMin", sorted.isEmpty() ? Double.NaN : sorted.get(0));
        m.put("perSecondMedian", Percentiles.at(sorted, 50));
        m.put("batchMs", Percentiles.of(latencies));
        return m;
    }

    /** The client's own ceiling: a JDK HttpServer here that gunzips, counts lines and answers like the server. */
    private static Map<String, Object> trivial(List<List<Batch>> batches, List<String[]> agents, int seconds) throws Exception {
        HttpServer hs = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hs.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(agents.size()));
        hs.createContext("/", ex -> {
            long lines = 0;
            try (InputStream in = new GZIPInputStream(ex.getRequestBody())) {
                byte[] buf = new byte[65536];
                for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            lines++;
                        }
                    }
                }
            } catch (IOException e) {
                lines = -1;
            }
            byte[] body = ("{\"accepted\":" + lines + ",\"duplicate\":false}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        hs.start();
        try {
            Map<String, Object> m = upload("http://127.0.0.1:" + hs.getAddress().getPort(), batches, agents, seconds, false, new int[agents.size()]);
            System.out.printf("trivial endpoint (gunzip + count lines, in the harness): %.0f events/s%n", (Double) m.get("acceptedPerSecond"));
            return m;
        } finally {
            hs.stop(0);
            ((java.util.concurrent.ExecutorService) hs.getExecutor()).shutdownNow();
        }
    }

    /** {@code n} events shaped like the agent's verdict events (docs/agent.md "Events"), ids unique per run. */
    private static byte[] ndjson(int uploader, int batch, int n) {
        StringBuilder sb = new StringBuilder(n * 600);
        String time = Instant.now().toString();
        String run = Long.toHexString(ThreadLocalRandom.current().nextLong());
        String[] rules = {"jndi.remote-lookup", "deserialize.gadget", "process.shell", "sql.tautology"};
        for (int i = 0; i < n; i++) {
            String rule = rules[i % rules.length];
            sb.append("{\"id\":\"ev-").append(run).append('-').append(uploader).append('-').append(batch).append('-').append(i)
                    .append("\",\"time\":\"").append(time).append("\",\"type\":\"verdict\",\"service\":\"").append(SERVICE)
                    .append("\",\"joinPoint\":\"jndi.lookup\",\"aspect\":\"jndi\",\"aspectVersion\":\"1.0.0\",\"rule\":\"").append(rule)
                    .append("\",\"verdict\":\"observe\",\"message\":\"remote JNDI lookup of ldap://10.0.").append(i % 250).append(".7:1389\",")
                    .append("\"evidence\":{\"name\":\"ldap://10.0.").append(i % 250).append(".7:1389/x\",\"scheme\":\"ldap\",\"authority\":\"10.0.")
                    .append(i % 250).append(".7:1389\"},\"policyVersion\":\"bench\",\"thread\":\"http-nio-8080-exec-").append(i % 16)
                    .append("\",\"stack\":[\"java.naming/javax.naming.InitialContext.lookup(InitialContext.java:409)\",")
                    .append("\"com.acme.orders.LookupService.find(LookupService.java:").append(40 + i % 30).append(")\",")
                    .append("\"com.acme.orders.OrderController.get(OrderController.java:88)\"]}\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream(raw.length / 4);
        try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
            g.write(raw);
        }
        return bo.toByteArray();
    }
}
