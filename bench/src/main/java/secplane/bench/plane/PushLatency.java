package secplane.bench.plane;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import secplane.protocol.Signatures;

/**
 * Parts 1 and 3: {@code agents} simulated agents long-poll one server (child JVM, H2); each push's
 * time to every agent's ACK, and the server's heap with all of them connected.
 */
final class PushLatency {
    static final String SERVICE = "bench";

    private PushLatency() {
    }

    static Map<String, Object> run(Path work, int agents, int pushes, long operatorPollMillis, boolean verifyOnce) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("agents", agents);
        out.put("verifyOnce", verifyOnce);
        out.put("client", "one thread and one keep-alive HTTP/1.1 connection per agent");
        double warm = SimAgents.warmUpVerify(3000);
        out.put("verifyMsWarm", warm);
        System.out.printf("Ed25519 verify (JDK) after warm-up: %.2f ms each%n", warm);
        try (ServerProcess server = PlaneBench.track(ServerProcess.start(work.resolve("server"), null, PlaneBench.SERVER_JVM))) {
            out.put("serverPid", server.process.pid());
            Thread.sleep(1000);
            out.put("memoryNoAgents", server.memory());
            String enrol = server.api.enrolToken(SERVICE);
            String key = server.api.publicKey();
            try (SimAgents sim = new SimAgents(server.api.base, SERVICE, Signatures.publicKey(key), verifyOnce)) {
                double enrolMs = sim.enrol(agents, enrol, 8);
                out.put("enrolMs", enrolMs);
                System.out.printf("enrolled %d agents in %.0f ms%n", agents, enrolMs);
                long t0 = System.nanoTime();
                sim.startPolling();
                boolean all = sim.awaitPolls(agents, 60_000);
                out.put("allPollsHeldMs", (System.nanoTime() - t0) / 1e6);
                out.put("allPollsHeld", all);
                System.out.printf("%d of %d long-polls held%n", sim.inflightPolls.get(), agents);
                Thread.sleep(2000);
                Map<String, Object> mem = server.memory();
                mem.put("pollsInFlight", sim.inflightPolls.get());
                out.put("memoryAgentsPolling", mem);
                System.out.println("server memory, " + sim.inflightPolls.get() + " polls held: " + mem);

                List<Object> results = new ArrayList<>();
                for (int p = 1; p <= pushes; p++) {
                    sim.awaitPolls(agents, 30_000);
                    Thread.sleep(1000);
                    Map<String, Object> r = push(server, sim, agents, "bench-" + p, operatorPollMillis);
                    // The first push after the server started also pays for compiling the server's hot paths.
                    r.put("coldServer", p == 1);
                    results.add(r);
                }
                out.put("pushes", results);
                sim.awaitPolls(agents, 30_000);
                Thread.sleep(1000);
                mem = server.memory();
                mem.put("pollsInFlight", sim.inflightPolls.get());
                mem.put("classHistogramTop", server.jcmd("GC.class_histogram").lines().limit(16).toList());
                out.put("memoryAgentsPollingAfterPushes", mem);
                System.out.println("server memory after the pushes, " + sim.inflightPolls.get() + " polls held: heap after GC " + mem.get("heapUsedAfterGcMiB") + " MiB, RSS " + mem.get("rssMiB") + " MiB, threads " + mem.get("threads"));
                out.put("verifyCount", sim.verified.get());
                out.put("verifyMsTotal", sim.verifyNanos.get() / 1e6);
                out.put("clientErrors", sim.errorCounts());
            }
            out.put("serverLog", server.logProblems(10));
        }
        return out;
    }

    private static Map<String, Object> push(ServerProcess server, SimAgents sim, int agents, String policyVersion, long operatorPollMillis) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        int verifiedBefore = sim.verified.get();
        long verifyBefore = sim.verifyNanos.get();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double serverCpu0 = server.cpuMillis();
        double clientCpu0 = os.getProcessCpuTime() / 1e6;
        long t0 = System.nanoTime();
        // The server's threads 500 ms into the push, to see what the requests wait for.
        Thread dump = new Thread(() -> {
            try {
                Thread.sleep(500);
                java.nio.file.Files.writeString(server.dir.resolve("threads-" + policyVersion + ".txt"), server.jcmd("Thread.print"));
            } catch (Exception e) {
                // diagnostic only
            }
        }, "thread-dump");
        dump.setDaemon(true);
        dump.start();
        Map<String, Object> pushed = server.api.push(SERVICE, policyVersion);
        long pushReturned = System.nanoTime();
        long version = ((Number) pushed.get("version")).longValue();
        r.put("version", version);
        r.put("pushResponseMs", (pushReturned - t0) / 1e6);
        // The operator's view, as `secplane policy push --wait` follows it (GET /v1/agents/summary),
        // polled one call after another (with a pause) until every agent is applied.
        List<Double> callMs = new ArrayList<>();
        Double allAppliedMs = null;
        long deadline = t0 + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            long c0 = System.nanoTime();
            Map<String, Object> summary = server.api.summary(SERVICE, version);
            long c1 = System.nanoTime();
            callMs.add((c1 - c0) / 1e6);
            if (((Number) summary.get("applied")).longValue() == agents) {
                allAppliedMs = (c1 - t0) / 1e6;
                break;
            }
            Thread.sleep(operatorPollMillis);
        }
        // Every ACK is in by now if the operator saw them all; else give the stragglers until the deadline.
        while (count(sim.acked.get(version)) < agents && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        // Who used the CPU from the push until every ACK was in (the operator's progress calls included).
        r.put("wallMs", (System.nanoTime() - t0) / 1e6);
        r.put("serverCpuMs", server.cpuMillis() - serverCpu0);
        r.put("harnessCpuMs", os.getProcessCpuTime() / 1e6 - clientCpu0);
        // The server's own record: each agent's appliedAt (ACK stored) minus the push's issuedAt, both server clock, ms.
        long issued = java.time.Instant.parse((String) pushed.get("issuedAt")).toEpochMilli();
        List<Double> stored = new ArrayList<>();
        for (Map<String, Object> a : server.api.agents(SERVICE)) {
            if (a.get("appliedAt") != null && ((Number) a.get("appliedVersion")).longValue() == version) {
                stored.add((double) (java.time.Instant.parse((String) a.get("appliedAt")).toEpochMilli() - issued));
            }
        }
        r.put("serverIssuedToAckStoredMs", Percentiles.of(stored));
        List<Double> ack = since(sim.acked.get(version), t0);
        List<Double> got = since(sim.delivered.get(version), t0);
        r.put("acks", ack.size());
        r.put("pushToAckMs", Percentiles.of(ack));
        r.put("pushToSnapshotMs", Percentiles.of(got));
        r.put("operatorSawAllAppliedMs", allAppliedMs);
        r.put("operatorListCalls", callMs.size());
        r.put("operatorListCallMs", Percentiles.of(callMs));
        int v = sim.verified.get() - verifiedBefore;
        r.put("verifyMsPerSnapshot", v == 0 ? Double.NaN : (sim.verifyNanos.get() - verifyBefore) / 1e6 / v);
        System.out.printf("push %s (v%d): push call %.0f ms; snapshot answers reached the client: %s; server issued->ACK stored: %s%n", policyVersion, version,
                (pushReturned - t0) / 1e6, brief(Percentiles.of(got)), brief(Percentiles.of(stored)));
        System.out.printf("push %s: wall %.0f ms, CPU used: server %.0f ms, harness (1,000 agents + operator) %.0f ms%n", policyVersion, r.get("wallMs"), r.get("serverCpuMs"), r.get("harnessCpuMs"));
        System.out.printf("push %s (v%d): push call %.0f ms; ACKs %d/%d, push->ACK %s; operator saw all applied at %s ms (%d GET /v1/agents/summary of median %.0f ms)%n",
                policyVersion, version, (pushReturned - t0) / 1e6, ack.size(), agents, brief(Percentiles.of(ack)), allAppliedMs, callMs.size(),
                Percentiles.at(callMs.stream().sorted().toList(), 50));
        return r;
    }

    static String brief(Map<String, Object> p) {
        return String.format("p50 %.0f, p95 %.0f, p99 %.0f, max %.0f ms", p.get("p50"), p.get("p95"), p.get("p99"), p.get("max"));
    }

    private static int count(ConcurrentLinkedQueue<Long> q) {
        return q == null ? 0 : q.size();
    }

    private static List<Double> since(ConcurrentLinkedQueue<Long> q, long t0) {
        List<Double> out = new ArrayList<>();
        if (q != null) {
            for (long t : q) {
                out.add((t - t0) / 1e6);
            }
        }
        return out;
    }
}
