package secplane.drill.score;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The drill result as one self-contained HTML page: inline CSS, inline SVG bar charts, no script and
 * no external resource, so it can be mailed or archived as evidence. Everything that comes from the
 * target or the corpus is HTML-escaped; the markup is well-formed XML as well as HTML.
 */
public final class HtmlReport {
    private static final String CSS = "body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
            + "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}"
            + "th{background:#f3f3f3}td.n{text-align:right}.blocked{color:#1a7f37}.detected{color:#9a6700}.missed{color:#cf222e}"
            + ".error{color:#6e7781}code{font-size:.85em;word-break:break-all}.note{color:#555}";

    private HtmlReport() {
    }

    @SuppressWarnings("unchecked")
    public static String render(Map<String, Object> result) {
        Map<String, Object> drill = (Map<String, Object>) result.get("drill");
        List<Map<String, Object>> categories = (List<Map<String, Object>>) result.get("categories");
        List<Map<String, Object>> cases = (List<Map<String, Object>>) result.get("cases");
        StringBuilder h = new StringBuilder(16384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>secplane drill ")
                .append(esc(drill.get("id"))).append("</title><style>").append(CSS).append("</style></head><body>\n");
        h.append("<h1>Drill ").append(esc(drill.get("id"))).append(" against ").append(esc(drill.get("target"))).append("</h1>\n");
        h.append("<p class=\"note\">Service ").append(esc(drill.get("service"))).append(", suite ").append(esc(String.join(", ",
                (List<String>) drill.get("suite")))).append(", ").append(esc(drill.get("requests"))).append(" requests at ")
                .append(esc(drill.get("ratePerSecond"))).append(" a second, from ").append(esc(drill.get("startedAt"))).append(" to ")
                .append(esc(drill.get("finishedAt"))).append(". Events: ").append(esc(drill.get("events"))).append(".</p>\n");

        h.append("<h2>Scorecard</h2>\n").append(chart(categories));
        h.append("<table><thead><tr><th>category</th><th>cases</th><th>detected</th><th>blocked</th><th>missed</th><th>errors</th>"
                + "<th>detected %</th><th>blocked %</th><th>benign requests</th><th>false alarms</th><th>false alarm %</th></tr></thead><tbody>\n");
        for (Map<String, Object> c : categories) {
            h.append("<tr><td>").append(esc(c.get("category"))).append("</td>");
            for (String k : List.of("cases", "detected", "blocked", "missed", "errors", "detectedPct", "blockedPct", "benignRequests",
                    "falseAlarms", "falseAlarmPct")) {
                h.append("<td class=\"n\">").append(esc(c.get(k))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n");

        h.append("<h2>Cases</h2>\n<table><thead><tr><th>case</th><th>category</th><th>sources</th><th>request</th><th>status</th>"
                + "<th>outcome</th><th>rules</th><th>events</th></tr></thead><tbody>\n");
        for (Map<String, Object> c : cases) {
            String outcome = String.valueOf(c.get("outcome"));
            h.append("<tr><td>").append(esc(c.get("id"))).append("<br/><span class=\"note\">").append(esc(c.get("name"))).append("</span></td><td>")
                    .append(esc(c.get("category"))).append("</td><td>").append(esc(String.join(" ", (List<String>) c.get("sources"))))
                    .append("</td><td><code>").append(esc(c.get("request"))).append("</code></td><td class=\"n\">").append(esc(c.get("status")))
                    .append("</td><td class=\"").append(esc(outcome)).append("\">").append(esc(outcome)).append("</td><td>")
                    .append(esc(String.join(" ", (List<String>) c.get("rules")))).append("</td><td><code>")
                    .append(esc(String.join(" ", (List<String>) c.get("events")))).append("</code></td></tr>\n");
        }
        h.append("</tbody></table>\n");

        List<Map<String, Object>> alarms = (List<Map<String, Object>>) result.getOrDefault("falseAlarms", List.of());
        h.append("<h2>False alarms</h2>\n");
        if (alarms.isEmpty()) {
            h.append("<p>None").append(Boolean.TRUE.equals(drill.get("benign")) ? "." : " counted: the benign run was not requested (--benign).")
                    .append("</p>\n");
        } else {
            h.append("<table><thead><tr><th>request</th><th>status</th><th>rules</th><th>events</th></tr></thead><tbody>\n");
            for (Map<String, Object> a : alarms) {
                h.append("<tr><td><code>").append(esc(a.get("request"))).append("</code></td><td class=\"n\">").append(esc(a.get("status")))
                        .append("</td><td>").append(esc(String.join(" ", (List<String>) a.get("rules")))).append("</td><td><code>")
                        .append(esc(String.join(" ", (List<String>) a.get("events")))).append("</code></td></tr>\n");
            }
            h.append("</tbody></table>\n");
        }
        List<Map<String, Object>> na = (List<Map<String, Object>>) result.getOrDefault("notApplicable", List.of());
        if (!na.isEmpty()) {
            h.append("<h2>Not applicable</h2>\n<ul>\n");
            for (Map<String, Object> n : na) {
                h.append("<li>").append(esc(n.get("id"))).append(": ").append(esc(n.get("reason"))).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    /** Two bars per category: detected % and blocked %, on a 0–100 scale. */
    private static String chart(List<Map<String, Object>> categories) {
        int row = 34;
        int height = 20 + row * Math.max(1, categories.size());
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"").append(height + 20)
                .append("\" role=\"img\" aria-label=\"detected and blocked per category\">\n");
        s.append("<text x=\"130\" y=\"12\" font-size=\"11\" fill=\"#9a6700\">detected %</text><text x=\"220\" y=\"12\" font-size=\"11\" fill=\"#1a7f37\">blocked %</text>\n");
        int y = 20;
        for (Map<String, Object> c : categories) {
            double detected = ((Number) c.get("detectedPct")).doubleValue();
            double blocked = ((Number) c.get("blockedPct")).doubleValue();
            s.append("<text x=\"0\" y=\"").append(y + 18).append("\" font-size=\"12\">").append(esc(c.get("category"))).append("</text>");
            s.append("<rect x=\"130\" y=\"").append(y + 2).append("\" width=\"").append(fmt(detected * 4)).append("\" height=\"12\" fill=\"#d4a72c\"/>");
            s.append("<rect x=\"130\" y=\"").append(y + 16).append("\" width=\"").append(fmt(blocked * 4)).append("\" height=\"12\" fill=\"#2da44e\"/>");
            s.append("<text x=\"").append(fmt(136 + detected * 4)).append("\" y=\"").append(y + 12).append("\" font-size=\"10\">")
                    .append(fmt(detected)).append("</text>");
            s.append("<text x=\"").append(fmt(136 + blocked * 4)).append("\" y=\"").append(y + 26).append("\" font-size=\"10\">")
                    .append(fmt(blocked)).append("</text>\n");
            y += row;
        }
        return s.append("</svg>\n").toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** HTML and XML escaping of text and attribute values; control characters become U+FFFD. */
    static String esc(Object value) {
        String s = String.valueOf(value);
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch < 0x20 && ch != '\n' && ch != '\t' ? '\uFFFD' : ch);
            }
        }
        return out.toString();
    }
}
