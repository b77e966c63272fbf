package secplane.governance.watermark;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** How cells are read the same way when marking and when tracing, whatever the file went through in between. */
final class Cells {
    private Cells() {
    }

    /** A cell as identity: marks stripped, trimmed, numbers in one spelling (so 7, 7.0 and "7.00" agree). */
    static String canonical(String v) {
        if (v == null) {
            return "";
        }
        String s = ZeroWidth.strip(v).strip();
        BigDecimal d = decimal(s);
        return d == null ? s : d.stripTrailingZeros().toPlainString();
    }

    static BigDecimal decimal(String s) {
        if (s == null || s.isEmpty() || s.length() > 40) {
            return null;
        }
        char c = s.charAt(0);
        if (!(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(s);
            return d.scale() > 12 || d.precision() > 30 ? null : d;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The identity of a row: the canonical cells of the identity columns, or null when one is missing from the file. */
    static String identity(ExportTable t, String[] row, List<String> identityColumns) {
        List<String> values = new ArrayList<>(identityColumns.size());
        for (String name : identityColumns) {
            int c = t.column(name);
            if (c < 0) {
                return null;
            }
            values.add(name + "=" + canonical(row[c]));
        }
        return MarkKey.identity(values);
    }
}
