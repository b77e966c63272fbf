package secplane.bench.node;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import secplane.bench.WorkDir;
import secplane.consortium.config.ConsortiumKeys;
import secplane.consortium.config.MemberConfig;
import secplane.consortium.ledger.CaseLedger;
import secplane.consortium.ledger.LedgerFetcher;
import secplane.consortium.ledger.LedgerOperator;
import secplane.consortium.node.MemberNode;

/**
 * The ledger over the network, three member nodes in this JVM on loopback (mutual TLS 1.3, one connection per
 * request): signed submissions to the operator from one and from four threads and in batches of 32, beside the
 * operator's own local appends (same signature, one fsync per entry: the disk floor) and beside an empty request (connect, handshake,
 * REQUEST/ACCEPTED, close: the transport floor); then the duration of one cosigning round (checkpoint + two witnesses
 * over mTLS, each forcing its state to disk).
 *
 * <p>Usage: {@code SubmitHarness [--seconds 10] [--bytes 256] [--runs 3] [--rounds 20] [--dir bench/target/node-submit]}
 */
public final class SubmitHarness {
    private SubmitHarness() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = 10;
        int bytes = 256;
        int runs = 3;
        int rounds = 20;
        Path root = Path.of("bench/target/node-submit");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--bytes" -> bytes = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--dir" -> root = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --seconds, --bytes, --runs, --rounds, --dir");
            }
        }
        Path dir = WorkDir.fresh(root);
        List<String> names = List.of("bank", "payco", "telco");
        ConsortiumKeys.Written w = ConsortiumKeys.write(dir, names, freePorts(3));
        List<MemberNode> nodes = new ArrayList<>();
        for (Path c : w.configs()) {
            // a long checkpoint interval: this harness drives the cosigning rounds itself
            MemberConfig mc = MemberConfig.load(c);
            MemberConfig slow = new MemberConfig(mc.file(), mc.name(), mc.listenHost(), mc.listenPort(), mc.identity(), mc.members(),
                    new MemberConfig.LedgerSettings(mc.ledger().operator(), mc.ledger().directory(), java.time.Duration.ofHours(1),
                            mc.ledger().quorum()), mc.data(), mc.store(), mc.limits());
            nodes.add(MemberNode.startLedger(slow, line -> { }));
        }
        try {
            MemberNode bank = nodes.get(0);
            LedgerOperator op = bank.operator().orElseThrow();
            byte[][] pool = new byte[256][];
            Random rnd = new Random(42);
            for (int i = 0; i < pool.length; i++) {
                pool[i] = new byte[bytes];
                rnd.nextBytes(pool[i]);
            }
            System.out.printf(Locale.ROOT, "events of %d bytes, %d s per mode, %d runs, %d cores%n", bytes, seconds, runs,
                    Runtime.getRuntime().availableProcessors());
            measure(List.of(nodes.get(1).caseLedger()), pool, 2); // warm-up, not reported
            for (int r = 1; r <= runs; r++) {
                double local = measure(List.of(op), pool, seconds);
                double empty = emptyRequests(nodes.get(1), seconds);
                double remote1 = measure(List.of(nodes.get(1).caseLedger()), pool, seconds);
                double remote4 = measure(List.of(nodes.get(1).caseLedger(), nodes.get(1).caseLedger(), nodes.get(2).caseLedger(),
                        nodes.get(2).caseLedger()), pool, seconds);
                double batched = measureBatches(nodes.get(1).caseLedger(), pool, 32, seconds);
                System.out.printf(Locale.ROOT, "run %d: operator's local appends %,.0f/s | empty mTLS request %,.0f/s | "
                        + "remote submissions, 1 thread %,.0f/s | 4 threads %,.0f/s | batches of 32, 1 thread %,.0f entries/s%n",
                        r, local, empty, remote1, remote4, batched);
            }
            double[] ms = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                for (int k = 0; k < 10; k++) {
                    nodes.get(1 + (k % 2)).caseLedger().append(pool[k]);
                }
                long t0 = System.nanoTime();
                op.checkpointAndCosign();
                ms[i] = (System.nanoTime() - t0) / 1e6;
                if (op.cosignedSize() != op.ledger().log().size()) {
                    throw new IllegalStateException("round " + i + " did not reach the quorum");
                }
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "cosigning round (checkpoint + 2 witnesses over mTLS), %d rounds: median %.1f ms, p90 %.1f ms, max %.1f ms;"
                    + " log size %,d%n", rounds, ms[rounds / 2], ms[(int) (rounds * 0.9)], ms[rounds - 1], op.ledger().log().size());
        } finally {
            for (int i = nodes.size() - 1; i >= 0; i--) {
                nodes.get(i).close();
            }
        }
    }

    private static double measure(List<CaseLedger> ledgers, byte[][] pool, int seconds) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (CaseLedger l : ledgers) {
            Thread t = new Thread(() -> {
                int i = 0;
                while (System.nanoTime() < end) {
                    l.append(pool[i++ & (pool.length - 1)]);
                    done.incrementAndGet();
                }
            });
            threads.add(t);
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    /** Entries per second submitted in batches of {@code size} (a filed case is 1 + transfers + 2 x accounts events). */
    private static double measureBatches(CaseLedger l, byte[][] pool, int size, int seconds) {
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            batch.add(pool[i & (pool.length - 1)]);
        }
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        long n = 0;
        while (System.nanoTime() < end) {
            n += l.appendAll(batch).size();
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /** Opens {@code ledger.fetch} and closes it at once: TCP + TLS 1.3 handshake + REQUEST/ACCEPTED + DONE. */
    private static double emptyRequests(MemberNode from, int seconds) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        long n = 0;
        while (System.nanoTime() < end) {
            try (LedgerFetcher f = LedgerFetcher.open(from.channels(), "bank")) {
                n++;
            }
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static List<Integer> freePorts(int n) throws Exception {
        List<ServerSocket> held = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                ports.add(s.getLocalPort());
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return ports;
    }
}
