package secplane.governance.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import secplane.governance.catalog.Catalog;
import secplane.governance.catalog.CatalogEntry;
import secplane.governance.scan.Asset;
import secplane.governance.scan.ScanReport;
import secplane.governance.scan.Skipped;
import secplane.governance.scan.TypeHit;

/**
 * A self-contained HTML report (inline CSS, no script, no external resource): the data assets sorted by level,
 * each with its types, hit rates and masked examples, then what was skipped and why. Every text from the
 * scanned data or the catalog is HTML-escaped.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    public static String render(ScanReport r, Catalog catalog) {
        StringBuilder h = new StringBuilder(16384);
        h.append("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
                .append("<title>secplane scan: ").append(esc(r.target())).append("</title><style>")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%;margin:1em 0}")
                .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f2f2f2}")
                .append(".s{color:#a00;font-weight:600}.lvl4,.important,.core{background:#fde2e2}.lvl3{background:#fff3d6}code{font-size:13px}")
                .append(".warn{background:#fff3d6;padding:8px;border:1px solid #e0b000}</style></head><body>\n");
        h.append("<h1>Sensitive data scan</h1><p>Target: <code>").append(esc(r.target())).append("</code><br>Started ")
                .append(esc(r.started().toString())).append(", finished ").append(esc(String.valueOf(r.finished())))
                .append("<br>Sample: up to ").append(r.sample()).append(" rows / records / lines per table or file; ")
                .append(r.unitsDone()).append(" of ").append(r.unitsTotal()).append(" scanned.</p>\n");
        if (r.aborted() != null) {
            h.append("<p class=\"warn\">The scan stopped early: ").append(esc(r.aborted())).append(". Everything found before that is below.</p>\n");
        }
        List<Asset> assets = new ArrayList<>();
        for (Asset a : r.assets()) {
            if (!a.types().isEmpty()) {
                assets.add(a);
            }
        }
        assets.sort(Comparator.comparing((Asset a) -> a.classification().gbt43697()).reversed().thenComparing(Asset::name));
        java.util.Map<String, secplane.governance.catalog.Classification> sources = JsonReport.bySource(r, catalog);
        h.append("<h2>Tables and files (").append(sources.size()).append(")</h2>\n<p>Each takes the highest level of what its columns or keys hold.</p>\n")
                .append("<table><tr><th>Table or file</th><th>PIPL</th><th>GB/T 43697</th><th>JR/T 0197</th><th>Types</th></tr>\n");
        sources.forEach((source, c) -> h.append("<tr><td><code>").append(esc(source)).append("</code></td><td>")
                .append(c.piplSensitive() ? "<span class=\"s\">sensitive</span>" : "-").append("</td><td>").append(esc(c.gbt43697().label()))
                .append("</td><td>").append(c.jrt0197()).append("</td><td>").append(esc(String.join(", ", c.types()))).append("</td></tr>\n"));
        h.append("</table>\n");
        h.append("<h2>Data assets with sensitive data (").append(assets.size()).append(")</h2>\n");
        h.append("<table><tr><th>Asset</th><th>Level</th><th>Type</th><th>Hit rate</th><th>Masked examples</th></tr>\n");
        for (Asset a : assets) {
            int rows = a.types().size();
            for (int i = 0; i < rows; i++) {
                TypeHit t = a.types().get(i);
                CatalogEntry e = catalog.entry(t.type());
                h.append("<tr>");
                if (i == 0) {
                    String lvl = a.classification().gbt43697().label();
                    h.append("<td rowspan=\"").append(rows).append("\"><code>").append(esc(a.name())).append("</code><br>")
                            .append(a.nonEmpty()).append(" of ").append(a.sampled()).append(" sampled values non-empty</td>")
                            .append("<td rowspan=\"").append(rows).append("\" class=\"").append(lvl.startsWith("general-") ? "lvl" + lvl.substring(8) : lvl).append("\">")
                            .append(a.classification().piplSensitive() ? "<span class=\"s\">PIPL sensitive</span><br>" : "")
                            .append("GB/T 43697: ").append(esc(lvl)).append("<br>JR/T 0197: ").append(a.classification().jrt0197()).append("</td>");
                }
                h.append("<td>").append(esc(e == null ? t.type() : e.name())).append("<br><code>").append(esc(t.type())).append("</code></td>")
                        .append("<td>").append(String.format("%.1f%%", 100 * t.hitRate())).append(" (").append(t.hits()).append(")</td><td>");
                for (String ex : t.examples()) {
                    h.append("<code>").append(esc(ex)).append("</code><br>");
                }
                h.append("</td></tr>\n");
            }
        }
        h.append("</table>\n<h2>Skipped or partly read (").append(r.skipped().size()).append(")</h2><table><tr><th>What</th><th>Why</th></tr>\n");
        for (Skipped s : r.skipped()) {
            h.append("<tr><td><code>").append(esc(s.what())).append("</code></td><td>").append(esc(s.reason())).append("</td></tr>\n");
        }
        h.append("</table></body></html>\n");
        return h.toString();
    }

    public static void write(ScanReport r, Catalog catalog, Path file) throws IOException {
        JsonReport.atomicWrite(file, render(r, catalog));
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append("&quot;"); break;
                case '\'': sb.append("&#39;"); break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }
}
