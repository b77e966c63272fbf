package secplane.governance.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import secplane.governance.catalog.Catalog;
import secplane.governance.catalog.CatalogEntry;
import secplane.governance.catalog.Classification;
import secplane.governance.scan.Asset;
import secplane.governance.scan.ScanReport;
import secplane.governance.scan.Skipped;
import secplane.governance.scan.TypeHit;
import secplane.protocol.json.Json;

/** The machine-readable report: every asset with its types, levels, hit rates and masked examples. */
public final class JsonReport {
    private JsonReport() {
    }

    public static Map<String, Object> toMap(ScanReport r, Catalog catalog) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", r.target());
        m.put("started", r.started().toString());
        m.put("finished", r.finished() == null ? null : r.finished().toString());
        m.put("complete", r.finished() != null && r.aborted() == null);
        m.put("aborted", r.aborted());
        m.put("sample", (long) r.sample());
        m.put("unitsDone", (long) r.unitsDone());
        m.put("unitsTotal", (long) r.unitsTotal());
        List<Object> assets = new ArrayList<>();
        for (Asset a : r.assets()) {
            if (a.types().isEmpty()) {
                continue;
            }
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("asset", a.name());
            am.put("source", a.source());
            am.put("location", a.location());
            am.put("kind", a.kind());
            am.put("sampled", a.sampled());
            am.put("nonEmpty", a.nonEmpty());
            am.put("piplSensitive", a.classification().piplSensitive());
            am.put("gbt43697", a.classification().gbt43697() == null ? null : a.classification().gbt43697().label());
            am.put("jrt0197", (long) a.classification().jrt0197());
            List<Object> types = new ArrayList<>();
            for (TypeHit t : a.types()) {
                Map<String, Object> tm = new LinkedHashMap<>();
                CatalogEntry e = catalog.entry(t.type());
                tm.put("type", t.type());
                tm.put("name", e == null ? t.type() : e.name());
                tm.put("hits", t.hits());
                tm.put("hitRate", new java.math.BigDecimal(t.hitRate()).setScale(4, java.math.RoundingMode.HALF_UP));
                tm.put("confidence", new java.math.BigDecimal(t.meanConfidence()).setScale(2, java.math.RoundingMode.HALF_UP));
                tm.put("piplSensitive", e != null && e.piplSensitive());
                tm.put("gbt43697", e == null ? null : e.gbt43697().label());
                tm.put("jrt0197", e == null ? null : (Object) (long) e.jrt0197());
                tm.put("maskedExamples", new ArrayList<Object>(t.examples()));
                types.add(tm);
            }
            am.put("types", types);
            assets.add(am);
        }
        m.put("assets", assets);
        List<Object> sources = new ArrayList<>();
        for (Map.Entry<String, Classification> e : bySource(r, catalog).entrySet()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("source", e.getKey());
            sm.put("types", new ArrayList<Object>(e.getValue().types()));
            sm.put("piplSensitive", e.getValue().piplSensitive());
            sm.put("gbt43697", e.getValue().gbt43697().label());
            sm.put("jrt0197", (long) e.getValue().jrt0197());
            sources.add(sm);
        }
        m.put("sources", sources);
        m.put("assetsWithoutFindings", (long) r.assets().stream().filter(a -> a.types().isEmpty()).count());
        List<Object> skipped = new ArrayList<>();
        for (Skipped s : r.skipped()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("what", s.what());
            sm.put("reason", s.reason());
            skipped.add(sm);
        }
        m.put("skipped", skipped);
        return m;
    }

    /**
     * The level of each table or file as a whole: the highest of what its columns or keys hold (a record of the
     * table holds all of them at once).
     */
    public static Map<String, Classification> bySource(ScanReport r, Catalog catalog) {
        Map<String, java.util.Set<String>> types = new java.util.TreeMap<>();
        for (Asset a : r.assets()) {
            for (TypeHit t : a.types()) {
                types.computeIfAbsent(a.source(), k -> new java.util.LinkedHashSet<>()).add(t.type());
            }
        }
        Map<String, Classification> out = new LinkedHashMap<>();
        types.forEach((source, set) -> out.put(source, catalog.classify(set)));
        return out;
    }

    public static void write(ScanReport r, Catalog catalog, Path file) throws IOException {
        atomicWrite(file, Json.write(toMap(r, catalog)) + "\n");
    }

    /** Writes beside the target and renames, so a reader never sees half a report. */
    static void atomicWrite(Path file, String content) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
