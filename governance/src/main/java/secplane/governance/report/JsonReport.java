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
