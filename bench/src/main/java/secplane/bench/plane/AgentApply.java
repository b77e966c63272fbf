package secplane.bench.plane;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Part 4: the real agent jar attached at start ({@code -javaagent}) to an idle JVM, connected to a
 * server child; each push's time until {@code GET /v1/agents} shows the agent applied with that
 * version (polled every 20 ms), and the server's own record (ACK stored at − push issued at).
 */
final class AgentApply {
    static final String SERVICE = "svc";

    private AgentApply() {
    }

    static Map<String, Object> run(Path work, Path agentJar, int pushes) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        try (ServerProcess server = PlaneBench.track(ServerProcess.start(work.resolve("server"), null, PlaneBench.SERVER_JVM))) {
            String enrol = server.api.enrolToken(SERVICE);
            String key = server.api.publicKey();
            Path data = Files.createDirectories(work.resolve("agent-data"));
            String options = "data=" + data + ",service=" + SERVICE + ",server=" + server.api.base + ",server.key=" + key + ",enrol.token=" + enrol + ",instance=i1";
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-javaagent:" + agentJar + "=" + options,
                    "-cp", ServerProcess.classpath(), "secplane.bench.footprint.IdleMain");
            Process app = new ProcessBuilder(cmd).redirectOutput(work.resolve("app.out").toFile()).redirectError(work.resolve("app.err").toFile()).start();
            PlaneBench.track(app);
            OutputStream stdin = app.getOutputStream();
            try {
                long t0 = System.nanoTime();
                while (server.api.agents(SERVICE).isEmpty()) {
                    if (System.nanoTime() - t0 > 30_000_000_000L || !app.isAlive()) {
                        throw new IllegalStateException("the agent did not enrol within 30 s; see " + work);
                    }
                    Thread.sleep(20);
                }
                out.put("startToEnrolledMs", (System.nanoTime() - t0) / 1e6);
                Thread.sleep(1000);
                // One push first, not counted: the agent's first apply loads the classes of that path.
                out.put("warmup", one(server, "warmup"));
                List<Object> runs = new ArrayList<>();
                List<Double> observed = new ArrayList<>();
                List<Double> serverSide = new ArrayList<>();
                for (int i = 1; i <= pushes; i++) {
                    Thread.sleep(300);
                    Map<String, Object> r = one(server, "agent-" + i);
                    runs.add(r);
                    observed.add((Double) r.get("pushToAppliedSeenMs"));
                    serverSide.add((Double) r.get("issuedToAckStoredMs"));
                    System.out.printf("real agent, push %d: applied seen after %.0f ms (server: issued -> ACK stored %.0f ms)%n", i, r.get("pushToAppliedSeenMs"), r.get("issuedToAckStoredMs"));
                }
                out.put("pushes", runs);
                out.put("pushToAppliedSeenMs", Percentiles.of(observed));
                out.put("issuedToAckStoredMs", Percentiles.of(serverSide));
                out.put("agentState", server.api.agents(SERVICE).get(0));
            } finally {
                try {
                    stdin.write("exit\n".getBytes(StandardCharsets.UTF_8));
                    stdin.flush();
                    stdin.close();
                } catch (IOException ignored) {
                    // already gone
                }
                if (!app.waitFor(10, TimeUnit.SECONDS)) {
                    app.destroyForcibly();
                }
            }
            Path log = data.resolve("agent.log");
            if (Files.exists(log)) {
                List<String> warn = Files.readAllLines(log).stream().filter(l -> l.contains("WARN") || l.contains("ERROR")).limit(10).toList();
                out.put("agentLogWarnings", warn);
            }
            out.put("serverLog", server.logProblems(10));
        }
        return out;
    }

    private static Map<String, Object> one(ServerProcess server, String policyVersion) throws Exception {
        long t0 = System.nanoTime();
        Map<String, Object> pushed = server.api.push(SERVICE, policyVersion);
        long version = ((Number) pushed.get("version")).longValue();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("version", version);
        r.put("pushResponseMs", (System.nanoTime() - t0) / 1e6);
        while (true) {
            Map<String, Object> a = server.api.agents(SERVICE).get(0);
            long now = System.nanoTime();
            if (((Number) a.get("appliedVersion")).longValue() >= version) {
                r.put("pushToAppliedSeenMs", (now - t0) / 1e6);
                r.put("issuedToAckStoredMs", (double) (Instant.parse((String) a.get("appliedAt")).toEpochMilli() - Instant.parse((String) pushed.get("issuedAt")).toEpochMilli()));
                r.put("state", a.get("state"));
                return r;
            }
            if (now - t0 > 10_000_000_000L) {
                r.put("pushToAppliedSeenMs", Double.NaN);
                r.put("issuedToAckStoredMs", Double.NaN);
                r.put("state", a.get("state"));
                r.put("error", a.get("error"));
                return r;
            }
            Thread.sleep(20);
        }
    }
}
