package secplane.report.html;

import java.util.List;
import java.util.Locale;
import secplane.report.ComplianceReport;
import secplane.report.ComplianceReport.Bar;
import secplane.report.ComplianceReport.Cell;
import secplane.report.ComplianceReport.Chart;
import secplane.report.ComplianceReport.EvidenceList;
import secplane.report.ComplianceReport.Figure;
import secplane.report.ComplianceReport.Section;
import secplane.report.ComplianceReport.Table;
import secplane.report.Text;
import secplane.report.Text.Lang;
import secplane.report.clause.Control;

/**
 * The report as one self-contained HTML file: inline CSS and inline SVG charts, nothing fetched. Headings are
 * bilingual (the chosen language first); every number links to the API query it was computed from.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    private static final String CSS = """
            body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:70em;color:#1d2330;line-height:1.45}
            h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #2b5fab;padding-bottom:.2em;margin-top:2em}
            .alt{color:#5a6475;font-weight:normal;font-size:.8em;margin-left:.6em}
            .meta{color:#5a6475}.clauses{background:#f3f6fb;border-left:4px solid #2b5fab;padding:.4em .8em;margin:.8em 0}
            .clauses li{margin:.1em 0}.figs{display:flex;flex-wrap:wrap;gap:.8em;margin:1em 0}
            .fig{border:1px solid #d5dbe5;border-radius:6px;padding:.6em .9em;min-width:13em;flex:1}
            .fig .v{font-size:1.5em;font-weight:600}.fig .v a{color:#1d2330;text-decoration:none;border-bottom:1px dotted #2b5fab}
            .q{font-family:ui-monospace,monospace;font-size:.75em;color:#5a6475;word-break:break-all}
            table{border-collapse:collapse;width:100%;margin:.6em 0 1.2em;font-size:.9em}th,td{border:1px solid #d5dbe5;padding:.3em .5em;text-align:left;vertical-align:top}
            th{background:#eef2f8}caption{text-align:left;font-weight:600;margin:.4em 0}
            .note{color:#8a5a00}svg text{font-family:inherit;font-size:12px}
            @media print{a{color:inherit;text-decoration:none}.fig{break-inside:avoid}}
            """;

    public static String render(ComplianceReport r, Lang lang) {
        Lang other = lang == Lang.EN ? Lang.ZH : Lang.EN;
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"").append(lang == Lang.ZH ? "zh-Hans" : "en").append("\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(title().in(lang))).append("</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(title().in(lang))).append("<span class=\"alt\">").append(esc(title().in(other))).append("</span></h1>\n");
        h.append("<p class=\"meta\">").append(esc(Text.of("Control plane", "控制平面").in(lang))).append(": <a href=\"").append(attr(r.server())).append("\">")
                .append(esc(r.server())).append("</a> · ").append(esc(Text.of("period", "报告期").in(lang))).append(" ").append(esc(r.from())).append(" — ")
                .append(esc(r.to())).append(" · ").append(esc(Text.of("generated", "生成于").in(lang))).append(" ").append(esc(r.generatedAt())).append("</p>\n");
        h.append("<p class=\"meta\">").append(esc(Text.of("Every number links to the API query it was computed from (an operator token of role viewer reads them); "
                + "the event ids behind the counts are listed in the appendix.", "每个数字均链接到计算它的 API 查询（查看者角色的操作员令牌即可读取）；计数所依据的事件编号列于附录。").in(lang)))
                .append("</p>\n");
        for (Text n : r.notes()) {
            h.append("<p class=\"note\">").append(esc(n.in(lang))).append("</p>\n");
        }
        int n = 0;
        for (Section s : r.sections()) {
            section(h, r, s, ++n, lang, other);
        }
        h.append("<h2 id=\"appendix\">").append(esc(Text.of("Appendix: event ids", "附录：事件编号").in(lang))).append("<span class=\"alt\">")
                .append(esc(Text.of("Appendix: event ids", "附录：事件编号").in(other))).append("</span></h2>\n");
        if (r.appendix().isEmpty()) {
            h.append("<p>").append(esc(Text.of("No events behind the counts in this period.", "报告期内计数无对应事件。").in(lang))).append("</p>\n");
        }
        for (EvidenceList e : r.appendix()) {
            h.append("<h3>").append(esc(e.heading())).append("</h3>\n<p class=\"q\"><a href=\"").append(attr(r.server() + e.query())).append("\">")
                    .append(esc(e.query())).append("</a></p>\n<p class=\"q\">").append(esc(String.join(" ", e.eventIds()))).append("</p>\n");
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    public static Text title() {
        return Text.of("secplane compliance report", "secplane 合规报告");
    }

    private static void section(StringBuilder h, ComplianceReport r, Section s, int n, Lang lang, Lang other) {
        Control c = s.control();
        h.append("<section id=\"").append(attr(c.id())).append("\">\n<h2>").append(n).append(". ").append(esc(c.title().in(lang))).append("<span class=\"alt\">")
                .append(esc(c.title().in(other))).append("</span></h2>\n");
        h.append("<div class=\"clauses\"><strong>").append(esc(Text.of("Evidences", "对应条款").in(lang))).append("</strong><ul>\n");
        for (Control.Clause cl : c.clauses()) {
            h.append("<li>").append(esc(cl.law().name().in(lang))).append(" <strong>").append(esc(cl.clause())).append("</strong> — ")
                    .append(esc(cl.title().in(lang))).append(" <span class=\"alt\">").append(esc(cl.title().in(other))).append("</span></li>\n");
        }
        h.append("</ul><span class=\"q\">").append(esc(Text.of("evidence: ", "证据来源：").in(lang))).append(esc(c.evidence())).append("</span></div>\n");
        h.append("<div class=\"figs\">\n");
        for (Figure f : s.figures()) {
            h.append("<div class=\"fig\" id=\"fig-").append(attr(f.id())).append("\"><div>").append(esc(f.label().in(lang))).append("</div><div class=\"v\">");
            if (f.query().startsWith("/")) {
                h.append("<a href=\"").append(attr(r.server() + f.query())).append("\">").append(esc(f.value())).append("</a>");
            } else {
                h.append(esc(f.value()));
            }
            h.append("</div><div class=\"q\">").append(esc(f.query())).append("</div></div>\n");
        }
        h.append("</div>\n");
        for (Chart ch : s.charts()) {
            chart(h, ch, lang);
        }
        for (Table t : s.tables()) {
            table(h, r, t, lang);
        }
        for (Text note : s.notes()) {
            h.append("<p class=\"note\">").append(esc(note.in(lang))).append("</p>\n");
        }
        h.append("</section>\n");
    }

    private static void table(StringBuilder h, ComplianceReport r, Table t, Lang lang) {
        h.append("<table>\n<caption>").append(esc(t.caption().in(lang))).append("</caption>\n<tr>");
        for (Text head : t.headers()) {
            h.append("<th>").append(esc(head.in(lang))).append("</th>");
        }
        h.append("</tr>\n");
        if (t.rows().isEmpty()) {
            h.append("<tr><td colspan=\"").append(t.headers().size()).append("\">").append(esc(Text.of("none", "无").in(lang))).append("</td></tr>\n");
        }
        for (List<Cell> row : t.rows()) {
            h.append("<tr>");
            for (Cell c : row) {
                h.append("<td>");
                if (c.query() != null) {
                    h.append("<a href=\"").append(attr(r.server() + c.query())).append("\">").append(esc(c.text())).append("</a>");
                } else {
                    h.append(esc(c.text()));
                }
                h.append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    /** A horizontal bar chart as inline SVG, scaled to the largest bar. */
    private static void chart(StringBuilder h, Chart ch, Lang lang) {
        int rowH = 22;
        int labelW = 260;
        int barW = 380;
        int height = ch.bars().size() * rowH + 30;
        double max = ch.bars().stream().mapToDouble(Bar::value).max().orElse(0);
        h.append("<figure id=\"chart-").append(attr(ch.id())).append("\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(labelW + barW + 90)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(labelW + barW + 90).append(' ').append(height).append("\">")
                .append("<title>").append(esc(ch.title().in(lang))).append("</title>")
                .append("<text x=\"0\" y=\"14\" font-weight=\"600\">").append(esc(ch.title().in(lang))).append("</text>");
        int y = 26;
        for (Bar b : ch.bars()) {
            double w = max <= 0 ? 0 : b.value() / max * barW;
            h.append("<text x=\"").append(labelW - 6).append("\" y=\"").append(y + 14).append("\" text-anchor=\"end\">").append(esc(b.label())).append("</text>")
                    .append("<rect x=\"").append(labelW).append("\" y=\"").append(y + 3).append("\" width=\"").append(String.format(Locale.ROOT, "%.1f", w))
                    .append("\" height=\"").append(rowH - 6).append("\" fill=\"#2b5fab\"/>")
                    .append("<text x=\"").append(String.format(Locale.ROOT, "%.1f", labelW + w + 6)).append("\" y=\"").append(y + 14).append("\">")
                    .append(esc(b.shown())).append("</text>");
            y += rowH;
        }
        h.append("</svg></figure>\n");
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String attr(String s) {
        return esc(s);
    }
}
