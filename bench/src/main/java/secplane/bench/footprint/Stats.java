package secplane.bench.footprint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Median and spread of repeated measurements; medians because a shared machine has outliers. */
record Stats(List<Double> samples) {

    static Stats of(List<? extends Number> values) {
        List<Double> s = new ArrayList<>();
        values.forEach(v -> s.add(v.doubleValue()));
        Collections.sort(s);
        return new Stats(List.copyOf(s));
    }

    double median() {
        int n = samples.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? samples.get(n / 2) : (samples.get(n / 2 - 1) + samples.get(n / 2)) / 2;
    }

    double min() {
        return samples.isEmpty() ? Double.NaN : samples.get(0);
    }

    double max() {
        return samples.isEmpty() ? Double.NaN : samples.get(samples.size() - 1);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median", median());
        m.put("min", min());
        m.put("max", max());
        m.put("n", samples.size());
        m.put("samples", samples);
        return m;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.1f (min %.1f, max %.1f, n=%d)", median(), min(), max(), samples.size());
    }
}
