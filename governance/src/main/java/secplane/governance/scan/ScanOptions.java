package secplane.governance.scan;

/**
 * @param sample        rows per table, records or lines per file (bounded sample; a table is never read whole)
 * @param minHitRate    a type counts for a column when at least this share of its non-empty values hold it
 * @param maxLineChars  lines (and database values) longer than this are skipped, and counted
 * @param maxJsonBytes  a .json document larger than this is not parsed whole (JSON lines have no limit)
 * @param examples      masked examples kept per column and type
 */
public record ScanOptions(int sample, double minHitRate, int maxLineChars, long maxJsonBytes, int examples) {
    public static final int DEFAULT_SAMPLE = 10_000;

    public ScanOptions {
        if (sample < 1) {
            throw new IllegalArgumentException("--sample must be at least 1, not " + sample);
        }
        if (minHitRate < 0 || minHitRate > 1) {
            throw new IllegalArgumentException("--min-hit-rate must be between 0 and 1, not " + minHitRate);
        }
    }

    public static ScanOptions defaults() {
        return new ScanOptions(DEFAULT_SAMPLE, 0.01, 1 << 20, 64L << 20, 3);
    }

    public ScanOptions withSample(int n) {
        return new ScanOptions(n, minHitRate, maxLineChars, maxJsonBytes, examples);
    }

    public ScanOptions withMaxLineChars(int n) {
        return new ScanOptions(sample, minHitRate, n, maxJsonBytes, examples);
    }
}
