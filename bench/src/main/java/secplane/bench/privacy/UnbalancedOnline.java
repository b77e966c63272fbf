package secplane.bench.privacy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import secplane.privacy.normalize.Normalization;
import secplane.privacy.psi.ProgressListener;
import secplane.privacy.transport.Connection;
import secplane.privacy.transport.Endpoints;
import secplane.privacy.transport.TestPki;
import secplane.privacy.transport.TlsFiles;
import secplane.privacy.unbalanced.OprfKey;
import secplane.privacy.unbalanced.PreparedSet;
import secplane.privacy.unbalanced.UnbalancedPsi;
import secplane.privacy.unbalanced.UnbalancedResult;

/**
 * The online phase of unbalanced PSI in long-running parties: both in this JVM, over mutual TLS on
 * 127.0.0.1, a new connection per round, against a prepared set made by bench/run-psi.sh. Round 1 is
 * what a freshly started JVM pays (JIT cold); later rounds are a querier that stays up.
 * <pre>java -cp bench/target/benchmarks.jar secplane.bench.privacy.UnbalancedOnline PREPARED.psit OPRF.key QUERIES.csv [ROUNDS]</pre>
 * QUERIES.csv: the joiner file of run-psi.sh (second column, cn-mobile).
 */
public final class UnbalancedOnline {
    private UnbalancedOnline() {
    }

    public static void main(String[] args) throws Exception {
        Path prepared = Path.of(args[0]);
        OprfKey key = OprfKey.read(Path.of(args[1]));
        List<String> items = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[2])).subList(1, Files.readAllLines(Path.of(args[2])).size())) {
            items.add(Normalization.CN_MOBILE.apply(line.split(",")[1]));
        }
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        Path dir = Files.createTempDirectory("psi-online-");
        TestPki.Pki pki = TestPki.create(dir, "a", "b");
        SSLContext a = TlsFiles.fromPem(pki.parties().get(0).certificate(), pki.parties().get(0).key(), pki.ca());
        SSLContext b = TlsFiles.fromPem(pki.parties().get(1).certificate(), pki.parties().get(1).key(), pki.ca());
        int cores = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        UnbalancedPsi psi = new UnbalancedPsi(pool, cores);
        Files.copy(prepared, dir.resolve("cache.psit")); // the querier's copy, as after the offline phase
        try (PreparedSet p = PreparedSet.open(prepared); Endpoints.Listener l = Endpoints.listen("127.0.0.1", 0, a, Duration.ofSeconds(60))) {
            for (int r = 1; r <= rounds; r++) {
                CompletableFuture<UnbalancedResult> s = CompletableFuture.supplyAsync(() -> {
                    try (Connection c = l.accept(Duration.ofSeconds(60))) {
                        return psi.serve(c.channel(), key, p, "cn-mobile", 4096);
                    }
                });
                long t0 = System.nanoTime();
                UnbalancedResult q;
                try (Connection c = Endpoints.connect("127.0.0.1", l.port(), b, Duration.ofSeconds(60))) {
                    q = psi.query(c.channel(), items, dir.resolve("cache.psit"), "cn-mobile", 4096, ProgressListener.NONE);
                }
                long total = System.nanoTime() - t0;
                s.join();
                System.out.printf("round %d: %d queries against %d, %d listed, online %.1f ms (with TLS connect: %.1f ms)%n", r, q.queried(),
                        q.tableSize(), q.listed().size(), q.onlineNanos() / 1e6, total / 1e6);
            }
        }
        pool.shutdownNow();
    }
}
