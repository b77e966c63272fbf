package secplane.bench.plane;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Nearest-rank percentiles of a sample, in the unit given (ms here). */
final class Percentiles {
    private Percentiles() {
    }

    static double at(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static Map<String, Object> of(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", s.size());
        m.put("min", s.isEmpty() ? Double.NaN : s.get(0));
        m.put("p50", at(s, 50));
        m.put("p95", at(s, 95));
        m.put("p99", at(s, 99));
        m.put("max", s.isEmpty() ? Double.NaN : s.get(s.size() - 1));
        return m;
    }
}
