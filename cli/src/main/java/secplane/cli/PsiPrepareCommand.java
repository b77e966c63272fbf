package secplane.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import secplane.privacy.dataset.Dataset;
import secplane.privacy.dataset.DatasetReader;
import secplane.privacy.normalize.ColumnSpec;
import secplane.privacy.unbalanced.OprfKey;
import secplane.privacy.unbalanced.PreparedSet;

@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = "Offline step of unbalanced PSI: evaluate the OPRF on the large set and write the sorted tag file the querier downloads once.")
final class PsiPrepareCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, paramLabel = "<csv>", description = "the large set (UTF-8 CSV with a header row)")
    Path in;

    @Option(names = "--column", required = true, paramLabel = "<name[:kind]>",
            description = "identifier column and normalisation: trim, trim-lower, cn-mobile, cn-resident-id, bank-card, email (repeat for a composite key)")
    List<String> columns;

    @Option(names = "--skip-bad-rows", description = "skip rows that fail normalisation instead of stopping")
    boolean skipBadRows;

    @Option(names = "--oprf-key", required = true, paramLabel = "<file>", description = "the OPRF key; created if missing (keep it secret)")
    Path keyFile;

    @Option(names = "--out", required = true, paramLabel = "<file>", description = "the prepared set to write")
    Path out;

    @Option(names = "--threads", description = "worker threads (default: available processors)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() {
        List<ColumnSpec> specs = columns.stream().map(ColumnSpec::parse).toList();
        Dataset d = new DatasetReader(specs, null, skipBadRows).read(in);
        OprfKey key;
        if (Files.exists(keyFile)) {
            key = OprfKey.read(keyFile);
        } else {
            key = OprfKey.generate(new SecureRandom());
            key.write(keyFile);
            System.err.println("created a new OPRF key in " + keyFile);
        }
        Progress progress = new Progress("prepare", 1000);
        long t0 = System.nanoTime();
        ExecutorService pool = PsiParty.pool(threads);
        try {
            PreparedSet.prepare(key, d.ids(), out, pool, threads, (phase, done, total) -> progress.set((int) (1000 * done / Math.max(1, total)), phase));
        } finally {
            pool.shutdownNow();
        }
        progress.done();
        System.out.printf("prepared %d items (%d rows, %d duplicates, %d skipped) in %.1f s: %s, key %s, normalisation %s%n", d.size(), d.rows(),
                d.duplicates(), d.skipped(), (System.nanoTime() - t0) / 1e9, out, key.fingerprint(), ColumnSpec.settings(specs));
        return 0;
    }
}
