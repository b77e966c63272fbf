package secplane.bench.plane;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import secplane.protocol.Signatures;

/**
 * {@code patch apply} → confirmed active on exposed agents: {@code --agents} simulated protocol
 * clients (default 100) each report an inventory with log4j-core 2.14.1 and long-poll; the
 * harness calls {@code POST /v1/patches/apply {"patch":"log4shell","to":"exposed:CVE-2021-44228"}}
 * and follows {@code GET /v1/patches/log4shell/status} (as {@code secplane patch apply} does)
 * until every targeted instance's self-check is active; each patch is reverted before the next.
 */
final class PatchLatency {
    static final String SERVICE = "bench";

    private PatchLatency() {
    }

    static Map<String, Object> run(Path work, int agents, int rounds) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("agents", agents);
        SimAgents.warmUpVerify(3000);
        try (ServerProcess server = PlaneBench.track(ServerProcess.start(work.resolve("server"), null, PlaneBench.SERVER_JVM))) {
            String enrol = server.api.enrolToken(SERVICE);
            try (SimAgents sim = new SimAgents(server.api.base, SERVICE, Signatures.publicKey(server.api.publicKey()), false)) {
                sim.enrol(agents, enrol, 8);
                sim.reportInventory("org.apache.logging.log4j", "log4j-core", "2.14.1");
                sim.startPolling();
                sim.awaitPolls(agents, 60_000);
                List<Object> results = new ArrayList<>();
                for (int r = 1; r <= rounds; r++) {
                    sim.awaitPolls(agents, 30_000);
                    Thread.sleep(500);
                    Map<String, Object> one = round(server, sim, agents);
                    one.put("coldServer", r == 1);
                    results.add(one);
                    server.api.json(server.api.post("/v1/patches/revert", Map.of("patch", "log4shell")), 201);
                    Thread.sleep(1500);
                }
                out.put("rounds", results);
                out.put("clientErrors", sim.errorCounts());
            }
            out.put("serverLog", server.logProblems(10));
        }
        return out;
    }

    private static Map<String, Object> round(ServerProcess server, SimAgents sim, int agents) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Map<String, Object> applied = server.api.json(server.api.post("/v1/patches/apply", Map.of("patch", "log4shell", "to", "exposed:CVE-2021-44228")), 201);
        long returned = System.nanoTime();
        @SuppressWarnings("unchecked")
        long version = ((Number) ((List<Map<String, Object>>) applied.get("services")).get(0).get("version")).longValue();
        Double confirmedMs = null;
        int calls = 0;
        while (System.nanoTime() - t0 < 60_000_000_000L) {
            Map<String, Object> s = server.api.json(server.api.get("/v1/patches/log4shell/status"), 200);
            calls++;
            if (((Number) s.get("active")).intValue() == agents) {
                confirmedMs = (System.nanoTime() - t0) / 1e6;
                break;
            }
            Thread.sleep(100);
        }
        List<Double> acks = new ArrayList<>();
        ConcurrentLinkedQueue<Long> q = sim.acked.get(version);
        for (long t : q == null ? List.<Long>of() : q) {
            acks.add((t - t0) / 1e6);
        }
        r.put("version", version);
        r.put("applyCallMs", (returned - t0) / 1e6);
        r.put("acks", acks.size());
        r.put("applyToAckMs", Percentiles.of(acks));
        r.put("applyToAllConfirmedActiveMs", confirmedMs);
        r.put("statusCalls", calls);
        System.out.printf("patch apply (v%d): call %.0f ms; %d ACKs with self-check, apply->ACK %s; all %d confirmed active (GET status) at %s ms%n",
                version, (returned - t0) / 1e6, acks.size(), PushLatency.brief(Percentiles.of(acks)), agents, confirmedMs);
        return r;
    }
}
