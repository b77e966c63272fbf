package secplane.bench.trace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import secplane.consortium.data.MemberData;
import secplane.consortium.data.MuleNetwork;
import secplane.consortium.data.MuleNetworkGenerator;
import secplane.consortium.data.Transfer;
import secplane.consortium.net.ListenerLimits;
import secplane.consortium.net.MemberAddress;
import secplane.consortium.net.MemberListener;
import secplane.consortium.net.RequestLog;
import secplane.consortium.net.TlsMemberChannels;
import secplane.consortium.trace.FreezePolicy;
import secplane.consortium.trace.TraceCase;
import secplane.consortium.trace.TraceResult;
import secplane.consortium.trace.TraceServices;
import secplane.consortium.trace.Tracer;
import secplane.privacy.transport.TestPki;
import secplane.privacy.transport.TlsFiles;

/**
 * A multi-hop trace across three members (bank, payco, telco), each with its own H2 database and its own mutual-TLS
 * listener on 127.0.0.1, all in this JVM. Setup (data generation and loading, OPRF preparation of each member's
 * accounts) is timed apart from the traces. Each round traces the planted case over the network; the baseline beside
 * it walks the same network with direct queries to the three databases (no TLS, no lookups, no freeze requests), so the
 * ratio is what the protocol costs.
 *
 * <pre>
 * java -cp benchmarks.jar secplane.bench.trace.TraceHarness --accounts 100000 --transfers 1000000 --layers 5 --runs 5 --dir DIR
 * </pre>
 */
public final class TraceHarness {
    private static final List<String> MEMBERS = List.of("bank", "payco", "telco");

    public static void main(String[] args) throws Exception {
        int accounts = 100_000;
        int transfers = 1_000_000;
        int layers = 5;
        int runs = 5;
        Path dir = Path.of("bench/target/trace");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--accounts" -> accounts = Integer.parseInt(args[i + 1]);
                case "--transfers" -> transfers = Integer.parseInt(args[i + 1]);
                case "--layers" -> layers = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --accounts N --transfers N --layers N --runs N --dir DIR");
            }
        }
        int workers = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "trace-bench-worker");
            t.setDaemon(true);
            return t;
        });
        Files.createDirectories(dir);
        // the data and the prepared lookup sets are kept per size: the generator is seeded, so a second run reuses them
        Path work = Files.createDirectories(dir.resolve("data-" + accounts + "-" + transfers + "-" + layers));
        MuleNetworkGenerator.Params params = new MuleNetworkGenerator.Params(20261130L, MEMBERS, accounts, transfers, layers, 2, 4, 100);
        System.out.printf("trace benchmark: %d members x %,d accounts x %,d transfers, %d layers, %d cores%n", MEMBERS.size(), accounts,
                transfers, layers, workers);

        long t0 = System.nanoTime();
        Map<String, MemberData> data = new LinkedHashMap<>();
        for (String m : MEMBERS) {
            data.put(m, MemberData.open("jdbc:h2:file:" + work.resolve(m + "-data").toAbsolutePath()));
        }
        boolean loaded = data.values().stream().allMatch(d -> d.transferCount() == (long) params.transfersPerMember());
        MuleNetwork net = loaded ? MuleNetworkGenerator.generate(params, m -> DISCARD) : MuleNetworkGenerator.generateInto(params, data);
        long t1 = System.nanoTime();
        System.out.printf("setup: generate + load into H2: %.1f s (%,d transfers in all%s)%n", (t1 - t0) / 1e9,
                data.values().stream().mapToLong(MemberData::transferCount).sum(), loaded ? "; reused from an earlier run" : "");
        boolean prepared = Files.exists(work.resolve("bank-state").resolve("accounts.prepared"));
        Map<String, TraceServices> services = new LinkedHashMap<>();
        for (String m : MEMBERS) {
            services.put(m, TraceServices.open(data.get(m), work.resolve(m + "-state"), FreezePolicy.standard(), pool, workers,
                    TraceServices.RequestObserver.NONE));
        }
        long t2 = System.nanoTime();
        System.out.printf("setup: OPRF preparation of %,d accounts: %.1f s%s%n", (long) accounts * MEMBERS.size(), (t2 - t1) / 1e9,
                prepared ? " (prepared sets reused from an earlier run)" : "");

        TestPki.Pki pki = TestPki.create(work.resolve("pki"), MEMBERS.toArray(String[]::new));
        Map<String, MemberListener> listeners = new LinkedHashMap<>();
        for (String m : MEMBERS) {
            List<MemberAddress> peers = new ArrayList<>();
            for (String o : MEMBERS) {
                if (!o.equals(m)) {
                    peers.add(new MemberAddress(o, "127.0.0.1", 1, subject(o)));
                }
            }
            listeners.put(m, MemberListener.start("127.0.0.1", 0, tls(pki, m), peers, services.get(m).services(), ListenerLimits.DEFAULT,
                    RequestLog.NONE));
        }
        List<MemberAddress> others = new ArrayList<>();
        for (String o : MEMBERS) {
            if (!o.equals("bank")) {
                others.add(new MemberAddress(o, "127.0.0.1", listeners.get(o).port(), subject(o)));
            }
        }
        TlsMemberChannels channels = new TlsMemberChannels("bank", tls(pki, "bank"), others, Duration.ofSeconds(30));
        TraceCase c = new TraceCase("bench-case", net.victimAccount(), "bank", net.stolenAmount(), net.windowStart(), net.windowEnd(), layers);
        int plantedCount = net.transfers().size();
        System.out.printf("planted: %d transfers over %d hops, %d mule accounts%n", plantedCount, net.depth(), net.holders().size() - 1);
        System.out.println("round  trace over mTLS (s)  baseline direct SQL (s)  ratio  transfers  frozen  gaps  lookup set shipped");
        Path cache = work.resolve("lookup-cache-" + System.nanoTime());
        for (int round = 1; round <= runs; round++) {
            Tracer tracer = new Tracer(channels, services.get("bank"), pool, workers, cache, 1000);
            boolean cold = !Files.exists(cache.resolve("payco.prepared"));
            long s = System.nanoTime();
            TraceResult r = tracer.trace(c);
            long e = System.nanoTime();
            int baseline = plainTrace(data, c);
            long b = System.nanoTime();
            if (r.edges().size() != plantedCount || baseline != plantedCount || !r.gaps().isEmpty()) {
                throw new IllegalStateException("round " + round + ": the trace found " + r.edges().size() + " transfers (baseline "
                        + baseline + "), planted " + plantedCount + "; gaps " + r.gaps());
            }
            System.out.printf("%5d  %19.3f  %23.3f  %5.1f  %9d  %6d  %4d  %s%n", round, (e - s) / 1e9, (b - e) / 1e9,
                    (double) (e - s) / Math.max(1, b - e), r.edges().size(), r.frozenCount(), r.gaps().size(), cold ? "yes (first trace)" : "no (cached)");
        }
        listeners.values().forEach(MemberListener::close);
        data.values().forEach(MemberData::close);
        pool.shutdownNow();
    }

    private static final secplane.consortium.data.DataSink DISCARD = new secplane.consortium.data.DataSink() {
        @Override
        public void account(String id) {
        }

        @Override
        public void transfer(Transfer t) {
        }

        @Override
        public void flag(secplane.consortium.data.Flag f) {
        }
    };

    /** The same breadth-first walk with the holders known and direct queries: what the data access alone costs. */
    private static int plainTrace(Map<String, MemberData> data, TraceCase c) {
        record At(String account, Instant arrived, int depth) {
        }
        Deque<At> todo = new ArrayDeque<>(List.of(new At(c.victimAccount(), c.from(), 0)));
        Set<String> seen = new HashSet<>(List.of(c.victimAccount()));
        int edges = 0;
        while (!todo.isEmpty()) {
            At a = todo.poll();
            if (a.depth() >= c.maxHops()) {
                continue;
            }
            for (MemberData d : data.values()) {
                if (!d.holds(a.account())) {
                    continue;
                }
                for (Transfer t : d.transfersOut(a.account(), a.arrived(), c.to(), 1000)) {
                    edges++;
                    if (seen.add(t.toAccount())) {
                        todo.add(new At(t.toAccount(), t.time(), a.depth() + 1));
                    }
                }
            }
        }
        return edges;
    }

    private static String subject(String name) {
        return "O=secplane PSI test,CN=" + name;
    }

    private static SSLContext tls(TestPki.Pki pki, String name) {
        TestPki.PartyFiles p = pki.parties().get(MEMBERS.indexOf(name));
        return TlsFiles.fromPem(p.certificate(), p.key(), pki.ca());
    }
}
