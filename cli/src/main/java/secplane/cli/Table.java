package secplane.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with aligned columns, for terminals and logs alike. */
final class Table {
    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        this.header = header;
    }

    Table row(Object... cells) {
        String[] r = new String[header.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = i < cells.length && cells[i] != null ? String.valueOf(cells[i]) : "";
        }
        rows.add(r);
        return this;
    }

    @Override
    public String toString() {
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
            sb.append(i == 0 ? "" : "  ");
            sb.append(i == cells.length - 1 ? cells[i] : String.format("%-" + w[i] + "s", cells[i]));
        }
        sb.append('\n');
    }
}
