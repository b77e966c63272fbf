package secplane.governance.accuracy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import secplane.governance.detectors.DetectionEngine;
import secplane.governance.detectors.Finding;

/** Precision, recall and F1 per detector over a labelled corpus, and the false-positive rate per near-miss kind. */
public final class Evaluation {
    /** tp, fp, fn per type. */
    public final Map<String, long[]> counts = new TreeMap<>();
    /** near-miss kind → {documents, documents with any finding on the near-miss}. */
    public final Map<String, long[]> nearMisses = new TreeMap<>();

    public static Evaluation run(DetectionEngine engine, List<Corpus.Doc> docs) {
        Evaluation e = new Evaluation();
        for (Corpus.Doc d : docs) {
            List<Finding> found = engine.detect(d.text(), d.field());
            for (Corpus.Planted p : d.planted()) {
                boolean hit = false;
                boolean anyOnSpan = false;
                for (Finding f : found) {
                    if (f.start() < p.end() && p.start() < f.end()) {
                        anyOnSpan = true;
                        hit |= f.type().equals(p.type());
                    }
                }
                if (p.positive()) {
                    e.get(p.type())[hit ? 0 : 2]++;
                } else {
                    long[] nm = e.nearMisses.computeIfAbsent(p.kind(), k -> new long[2]);
                    nm[0]++;
                    nm[1] += anyOnSpan ? 1 : 0;
                }
            }
            for (Finding f : found) {
                boolean truePositive = false;
                for (Corpus.Planted p : d.planted()) {
                    if (p.positive() && p.type().equals(f.type()) && f.start() < p.end() && p.start() < f.end()) {
                        truePositive = true;
                    }
                }
                if (!truePositive) {
                    e.get(f.type())[1]++;
                }
            }
        }
        return e;
    }

    private long[] get(String type) {
        return counts.computeIfAbsent(type, k -> new long[3]);
    }

    public double precision(String type) {
        long[] c = counts.getOrDefault(type, new long[3]);
        return c[0] + c[1] == 0 ? 1 : (double) c[0] / (c[0] + c[1]);
    }

    public double recall(String type) {
        long[] c = counts.getOrDefault(type, new long[3]);
        return c[0] + c[2] == 0 ? 1 : (double) c[0] / (c[0] + c[2]);
    }

    public double f1(String type) {
        double p = precision(type);
        double r = recall(type);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public String table() {
        StringBuilder sb = new StringBuilder(String.format("%-22s %7s %7s %7s %9s %7s %7s%n", "detector", "TP", "FP", "FN", "precision", "recall", "F1"));
        counts.forEach((t, c) -> sb.append(String.format("%-22s %7d %7d %7d %9.4f %7.4f %7.4f%n", t, c[0], c[1], c[2], precision(t), recall(t), f1(t))));
        sb.append(String.format("%n%-22s %9s %9s %9s%n", "near-miss kind", "planted", "flagged", "rate"));
        nearMisses.forEach((k, v) -> sb.append(String.format("%-22s %9d %9d %8.4f%%%n", k, v[0], v[1], 100.0 * v[1] / Math.max(1, v[0]))));
        return sb.toString();
    }
}
