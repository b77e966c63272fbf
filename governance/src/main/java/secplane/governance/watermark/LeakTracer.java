package secplane.governance.watermark;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names the recipient of a leaked file by testing it against every export in the registry.
 * <ul>
 *   <li>Text channel: a whole invisible token equal to an export's keyed token names it (a chance match is 2^-64 per
 *       export and frame).</li>
 *   <li>Numeric channel: for each export whose identity columns are in the file, every readable (row, decimal column)
 *       bit is compared with the bit that export would have set. In an unrelated file each agrees with probability
 *       1/2, independently (the bits are HMAC outputs), so the chance of m or more agreements in n is the binomial
 *       tail P[X ≥ m], X ~ B(n, 1/2). An export is named only when that tail is below
 *       {@link #FALSE_ATTRIBUTION} divided by the number of exports tested (Bonferroni), so the chance that an
 *       unrelated file names anyone is at most 10^-6.</li>
 * </ul>
 * Rows are deduplicated by identity (a copied row adds no evidence).
 */
public final class LeakTracer {
    public static final double FALSE_ATTRIBUTION = 1e-6;
    /** Fewer readable bits than this cannot clear the threshold for even one export (2^-20 ≈ 10^-6). */
    static final int MIN_BITS = 20;

    private LeakTracer() {
    }

    /** The evidence for one export; {@code log10P} is the log10 of the numeric channel's chance tail (0 when untested). */
    public record Evidence(ExportRecord export, int tokenCells, long bits, long agreeing, double log10P, boolean named) {
    }

    public record Report(int rows, int exportsTested, double log10Threshold, List<Evidence> evidence) {
        public List<Evidence> named() {
            return evidence.stream().filter(Evidence::named).toList();
        }
    }

    public static Report trace(ExportTable leaked, ExportRegistry registry) {
        return trace(leaked, registry, registry.exports());
    }

    /** Traces against {@code exports} read once from the registry (for tracing many files). */
    public static Report trace(ExportTable leaked, ExportRegistry registry, List<ExportRecord> exports) {
        if (exports.isEmpty()) {
            throw new WatermarkException(registry.dir() + ": no exports recorded; trace against the registry the exports were marked with");
        }
        MarkKey key = registry.key();
        Map<Long, Integer> tokens = new HashMap<>();
        for (String[] row : leaked.rows()) {
            for (String cell : row) {
                if (cell != null && cell.indexOf(ZeroWidth.FRAME) >= 0) {
                    for (long t : ZeroWidth.tokens(cell)) {
                        tokens.merge(t, 1, Integer::sum);
                    }
                }
            }
        }
        double log10Threshold = Math.log10(FALSE_ATTRIBUTION / exports.size());
        List<Evidence> evidence = new ArrayList<>();
        Readings readings = new Readings(leaked);
        for (ExportRecord e : exports) {
            int tokenCells = tokens.getOrDefault(key.token(e.id()), 0);
            long[] bits = numericBits(readings, e, key);
            double log10P = bits[0] == 0 ? 0 : log10BinomialTail(bits[0], bits[1]);
            boolean named = tokenCells > 0 || (bits[0] >= MIN_BITS && log10P <= log10Threshold);
            if (named || tokenCells > 0 || bits[0] > 0) {
                evidence.add(new Evidence(e, tokenCells, bits[0], bits[1], log10P, named));
            }
        }
        evidence.sort(Comparator.comparing(Evidence::named).reversed()
                .thenComparing(Comparator.comparingInt(Evidence::tokenCells).reversed())
                .thenComparingDouble(Evidence::log10P));
        return new Report(leaked.rows().size(), exports.size(), log10Threshold, evidence);
    }

    /** {readable bits, agreeing bits} of {@code e}'s numeric channel in the leaked table. */
    private static long[] numericBits(Readings readings, ExportRecord e, MarkKey key) {
        List<Reading> rows = readings.of(e);
        long n = 0;
        long m = 0;
        for (Reading row : rows) {
            for (Map.Entry<String, Integer> col : e.numeric().entrySet()) {
                int parity = row.parity(col.getKey(), col.getValue());
                if (parity < 0) {
                    continue;
                }
                n++;
                if (parity == key.bit(e.id(), row.identity(), col.getKey())) {
                    m++;
                }
            }
        }
        return new long[] {n, m};
    }

    /** One distinct row of the leaked file under one choice of identity columns. */
    private record Reading(String identity, String[] cells, ExportTable table) {
        /** The parity of the cell's last place at {@code places} decimals; -1 when absent or no longer exact there. */
        int parity(String column, int places) {
            int c = table.column(column);
            if (c < 0 || cells[c] == null) {
                return -1;
            }
            BigDecimal v = Cells.decimal(ZeroWidth.strip(cells[c]).strip());
            if (v == null) {
                return -1;
            }
            BigDecimal units = v.movePointRight(places);
            if (units.signum() != 0 && units.stripTrailingZeros().scale() > 0) {
                return -1; // rounded or rescaled since: this cell no longer holds the bit
            }
            return units.toBigInteger().testBit(0) ? 1 : 0;
        }
    }

    /** The leaked rows keyed by each identity-column choice the exports use, computed once per choice. */
    private static final class Readings {
        private final ExportTable leaked;
        private final Map<List<String>, List<Reading>> byIdentity = new HashMap<>();

        Readings(ExportTable leaked) {
            this.leaked = leaked;
        }

        List<Reading> of(ExportRecord e) {
            return byIdentity.computeIfAbsent(e.identity(), cols -> {
                List<Reading> out = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                for (String[] row : leaked.rows()) {
                    String rowId = Cells.identity(leaked, row, cols);
                    if (rowId == null) {
                        return List.of();
                    }
                    if (seen.add(rowId)) {
                        out.add(new Reading(rowId, row, leaked));
                    }
                }
                return out;
            });
        }
    }

    /** log10 P[X ≥ m] for X ~ B(n, 1/2), summed exactly in log space. */
    static double log10BinomialTail(long n, long m) {
        if (m <= 0) {
            return 0;
        }
        if (m > n) {
            return Double.NEGATIVE_INFINITY;
        }
        double logC = 0; // ln C(n, m)
        for (long i = 1; i <= m; i++) {
            logC += Math.log((double) (n - m + i) / i);
        }
        double sum = 1; // Σ_{k ≥ m} C(n,k) / C(n,m)
        double term = 1;
        for (long k = m; k < n; k++) {
            term *= (double) (n - k) / (k + 1);
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        double ln = logC + Math.log(sum) - n * Math.log(2);
        return Math.min(0, ln / Math.log(10));
    }
}
