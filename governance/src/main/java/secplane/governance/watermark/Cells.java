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

    /**
     * Whether a cell is free text that can carry invisible characters: it has a space or a non-ASCII letter (a name
     * in Chinese, a remark). Codes, identity and card numbers, e-mail addresses and URLs are never marked: software
     * downstream validates them.
     */
    static boolean freeText(String v) {
        if (v == null || v.isBlank() || decimal(v.strip()) != null || v.contains("@") || v.contains("://")) {
            return false;
        }
        String s = v.strip();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || (c > 127 && Character.isLetter(c))) {
                return true;
            }
        }
        return false;
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
