package secplane.governance.scan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import secplane.governance.catalog.Catalog;
import secplane.governance.catalog.CatalogEntry;
import secplane.governance.detectors.DetectionEngine;
import secplane.governance.detectors.Finding;
import secplane.governance.mask.MaskOperator;
import secplane.governance.mask.MaskSpec;
import secplane.governance.mask.Redact;

/** Hit counts of one asset while its values are sampled; masks the examples it keeps at once. */
final class ColumnProfile {
    private final String source;
    private final String location;
    private final String kind;
    private long sampled;
    private long nonEmpty;
    private final Map<String, long[]> hits = new LinkedHashMap<>();
    private final Map<String, double[]> confidence = new HashMap<>();
    private final Map<String, List<String>> examples = new HashMap<>();

    ColumnProfile(String source, String location, String kind) {
        this.source = source;
        this.location = location;
        this.kind = kind;
    }

    long sampled() {
        return sampled;
    }

    void empty() {
        sampled++;
    }

    void value(String value, String field, DetectionEngine engine, Catalog catalog, int maxExamples) {
        sampled++;
        if (value == null || value.isBlank()) {
            return;
        }
        nonEmpty++;
        List<Finding> found = engine.detect(value, field);
        Set<String> seen = new HashSet<>(4);
        for (Finding f : found) {
            double[] c = confidence.computeIfAbsent(f.type(), t -> new double[2]);
            c[0] += f.confidence();
            c[1]++;
            if (seen.add(f.type())) {
                hits.computeIfAbsent(f.type(), t -> new long[1])[0]++;
                List<String> ex = examples.computeIfAbsent(f.type(), t -> new ArrayList<>());
                if (ex.size() < maxExamples) {
                    ex.add(mask(catalog, f));
                }
            }
        }
    }

    /** The type's default operator when it needs no key; reports never hold a raw value. */
    static String mask(Catalog catalog, Finding f) {
        CatalogEntry e = catalog.entry(f.type());
        MaskOperator op = e == null || MaskSpec.needsKey(e.mask()) ? Redact.DEFAULT : MaskSpec.build(e.mask(), null);
        return op.apply(f.value());
    }

    Asset toAsset(Catalog catalog, double minHitRate) {
        List<TypeHit> types = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Map.Entry<String, long[]> e : hits.entrySet()) {
            long h = e.getValue()[0];
            double rate = nonEmpty == 0 ? 0 : (double) h / nonEmpty;
            if (rate < minHitRate) {
                continue;
            }
            double[] c = confidence.get(e.getKey());
            double meanConf = c[0] / Math.max(1, c[1]);
            types.add(new TypeHit(e.getKey(), h, rate, Math.min(1, meanConf), List.copyOf(examples.get(e.getKey()))));
            kept.add(e.getKey());
        }
        types.sort((a, b) -> Double.compare(b.hitRate(), a.hitRate()));
        return new Asset(source, location, kind, sampled, nonEmpty, List.copyOf(types), catalog.classify(kept));
    }
}
