package secplane.bench.governance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;
import secplane.governance.watermark.ExportRecord;
import secplane.governance.watermark.ExportRegistry;
import secplane.governance.watermark.ExportTable;
import secplane.governance.watermark.LeakTracer;
import secplane.governance.watermark.Watermarker;

/**
 * False attribution of leak tracing on unrelated files: a registry of {@code --exports} marked exports of the same
 * rows, and {@code --files} unrelated files with the same row keys and fresh values (the worst case: every export's
 * identity column is present, so every export is tested on every file). Counts files that name anybody, and the
 * numeric channel's chance values against the binomial model they are computed from (a calibrated tail is what
 * bounds false attribution at 10^-6 per file), plus the recall on real half-leaks.
 * Usage: --exports 100 --files 10000 --rows 100
 */
public final class WatermarkFalseAttribution {
    public static void main(String[] args) throws Exception {
        int exports = 100;
        int files = 10_000;
        int rows = 100;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--exports" -> exports = Integer.parseInt(args[i + 1]);
                case "--files" -> files = Integer.parseInt(args[i + 1]);
                case "--rows" -> rows = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("secplane-watermark-bench");
        ExportRegistry registry = ExportRegistry.open(dir, true);
        ExportTable data = table(rows, new Random(1));
        List<ExportTable> marked = new ArrayList<>();
        for (int e = 0; e < exports; e++) {
            marked.add(Watermarker.mark(data, "recipient-" + e, Instant.now(), registry, List.of("id")).table());
        }
        List<ExportRecord> records = registry.exports();
        double[] levels = {-2, -3, -4, -5};
        AtomicLongArray below = new AtomicLongArray(levels.length);
        AtomicLongArray counts = new AtomicLongArray(3); // tests, files named, bits
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        final int n = files;
        final int r = rows;
        for (int w = 0; w < threads; w++) {
            final int worker = w;
            done.add(pool.submit(() -> {
                for (int f = worker; f < n; f += threads) {
                    LeakTracer.Report rep = LeakTracer.trace(table(r, new Random(1_000_000L + f)), registry, records);
                    if (!rep.named().isEmpty()) {
                        counts.incrementAndGet(1);
                    }
                    for (LeakTracer.Evidence ev : rep.evidence()) {
                        counts.incrementAndGet(0);
                        counts.addAndGet(2, ev.bits());
                        for (int l = 0; l < levels.length; l++) {
                            if (ev.log10P() <= levels[l]) {
                                below.incrementAndGet(l);
                            }
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long tests = counts.get(0);
        int bits = (int) (counts.get(2) / Math.max(1, tests));
        System.out.printf("unrelated files: %,d, each tested against %d exports (%,d tests, %d bits each) in %.1f s%n", n, exports, tests, bits, seconds);
        System.out.printf("files naming anybody: %d of %,d (threshold per export 10^%.1f, per file <= 10^-6)%n", counts.get(1), n,
                Math.log10(LeakTracer.FALSE_ATTRIBUTION / exports));
        System.out.println("chance level   tests at or below   observed rate   binomial model");
        for (int l = 0; l < levels.length; l++) {
            System.out.printf("10^%-10.0f  %,17d   %13.2e   %14.2e%n", levels[l], below.get(l), below.get(l) / (double) tests, model(bits, levels[l]));
        }
        int recall = 0;
        for (int e = 0; e < exports; e++) {
            ExportTable m = marked.get(e);
            List<String[]> half = new ArrayList<>();
            for (int i = e % 2; i < m.rows().size(); i += 2) {
                half.add(m.rows().get(i));
            }
            LeakTracer.Report rep = LeakTracer.trace(new ExportTable(m.columns(), half, Set.of()), registry, records);
            if (rep.named().size() == 1 && rep.named().get(0).export().recipient().equals("recipient-" + e)) {
                recall++;
            }
        }
        System.out.printf("half-leaks of marked exports named correctly: %d of %d%n", recall, exports);
    }

    /** P[tail(X) <= 10^level] for X ~ B(bits, 1/2): the rate a calibrated test shows. */
    private static double model(int bits, double level) {
        double p = 0;
        for (int m = bits; m >= 0; m--) {
            double tail = Math.pow(10, tail(bits, m));
            if (tail > Math.pow(10, level)) {
                break;
            }
            p = tail;
        }
        return p;
    }

    private static double tail(int n, int m) {
        double sum = 0;
        for (int k = m; k <= n; k++) {
            double logC = 0;
            for (int i = 1; i <= k; i++) {
                logC += Math.log((double) (n - k + i) / i);
            }
            sum += Math.exp(logC - n * Math.log(2));
        }
        return Math.log10(sum);
    }

    private static ExportTable table(int rows, Random r) {
        List<String[]> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            out.add(new String[] {"K" + i, r.nextInt(100_000) + "." + (10 + r.nextInt(90)), r.nextInt(10_000) + "." + (10 + r.nextInt(90)),
                "备注 " + r.nextInt(1000)});
        }
        return new ExportTable(List.of("id", "balance", "amount", "memo"), out, Set.of());
    }
}
