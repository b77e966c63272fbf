package secplane.consortium.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Renders a {@link TraceResult} as console tables or as JSON (RFC 8259; amounts in minor units, times ISO-8601 UTC). */
public final class TraceReport {
    private TraceReport() {
    }

    /** The transfers followed, the freeze outcomes and the gaps, as aligned plain-text tables. */
    public static String table(TraceResult r) {
        StringBuilder sb = new StringBuilder();
        TraceCase c = r.traceCase();
        sb.append("case ").append(c.caseId()).append(": ").append(r.nodes().size()).append(" accounts, ").append(r.edges().size())
                .append(" transfers, ").append(r.frozenCount()).append(" frozen, ").append(r.gaps().size()).append(" gaps\n\n");
        List<String[]> rows = new ArrayList<>();
        for (TraceResult.Edge e : r.edges()) {
            rows.add(new String[] {Integer.toString(e.depth()), e.fromMember() + " " + e.fromAccount(),
                (e.toMember() == null ? "?" : e.toMember()) + " " + e.toAccount(), minor(e.amount()), e.time().toString(), e.transferId()});
        }
        sb.append(align(new String[] {"hop", "from", "to", "amount", "time", "transfer"}, rows)).append('\n');
        rows = new ArrayList<>();
        for (TraceResult.Freeze f : r.freezes()) {
            rows.add(new String[] {f.member() + " " + f.account(), !f.answered() ? "NOT ASKED" : f.accepted() ? "FROZEN" : "REJECTED", f.reason()});
        }
        sb.append(align(new String[] {"freeze", "outcome", "reason"}, rows));
        if (!r.gaps().isEmpty()) {
            rows = new ArrayList<>();
            for (TraceResult.Gap g : r.gaps()) {
                rows.add(new String[] {g.member() == null ? "?" : g.member(), g.account() == null ? "" : g.account(), g.reason()});
            }
            sb.append('\n').append(align(new String[] {"missing at", "account", "why"}, rows));
        }
        return sb.toString();
    }

    /** Amount in minor units shown with two decimals. */
    static String minor(long v) {
        return String.format("%d.%02d", v / 100, v % 100);
    }

    private static String align(String[] header, List<String[]> rows) {
        int[] w = new int[header.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = header[i].length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, w);
        String[] rule = new String[w.length];
        for (int i = 0; i < w.length; i++) {
            rule[i] = "-".repeat(w[i]);
        }
        line(sb, rule, w);
        for (String[] r : rows) {
            line(sb, r, w);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells, int[] w) {
        for (int i = 0; i < cells.length; i++) {
            sb.append(i == cells.length - 1 ? cells[i] : String.format("%-" + w[i] + "s  ", cells[i]));
        }
        sb.append('\n');
    }

    public static String json(TraceResult r) {
        TraceCase c = r.traceCase();
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"case\":{\"id\":").append(q(c.caseId())).append(",\"victimAccount\":").append(q(c.victimAccount()))
                .append(",\"victimMember\":").append(q(c.victimMember())).append(",\"amount\":").append(c.amount())
                .append(",\"from\":").append(q(c.from().toString())).append(",\"to\":").append(q(c.to().toString()))
                .append(",\"maxHops\":").append(c.maxHops()).append("},\"accounts\":[");
        sep(sb, r.nodes(), n -> "{\"account\":" + q(n.account()) + ",\"member\":" + q(n.member()) + ",\"depth\":" + n.depth()
                + ",\"arrived\":" + q(n.arrived().toString()) + ",\"amountIn\":" + n.amountIn() + "}");
        sb.append("],\"transfers\":[");
        sep(sb, r.edges(), e -> "{\"id\":" + q(e.transferId()) + ",\"from\":" + q(e.fromAccount()) + ",\"fromMember\":" + q(e.fromMember())
                + ",\"to\":" + q(e.toAccount()) + ",\"toMember\":" + q(e.toMember()) + ",\"amount\":" + e.amount() + ",\"time\":"
                + q(e.time().toString()) + ",\"depth\":" + e.depth() + "}");
        sb.append("],\"freezes\":[");
        sep(sb, r.freezes(), f -> "{\"account\":" + q(f.account()) + ",\"member\":" + q(f.member()) + ",\"answered\":" + f.answered()
                + ",\"accepted\":" + f.accepted() + ",\"reason\":" + q(f.reason()) + "}");
        sb.append("],\"gaps\":[");
        sep(sb, r.gaps(), g -> "{\"member\":" + q(g.member()) + ",\"account\":" + q(g.account()) + ",\"reason\":" + q(g.reason()) + "}");
        return sb.append("]}").toString();
    }

    private static <T> void sep(StringBuilder sb, List<T> items, Function<T, String> f) {
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(f.apply(items.get(i)));
        }
    }

    /** A JSON string (RFC 8259 §7), or null. */
    static String q(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
