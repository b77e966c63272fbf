package secplane.governance.scan;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 fields: separator, double quotes around fields, "" for a quote inside one. */
public final class Csv {
    private Csv() {
    }

    public static List<String> split(String line, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"' && cur.length() == 0) {
                quoted = true;
            } else if (c == sep) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        if (!out.isEmpty() && out.get(0).startsWith("\uFEFF")) {
            out.set(0, out.get(0).substring(1));
        }
        return out;
    }

    /** Whether a line ends inside a quoted field (the field continues on the next line). */
    public static boolean openQuote(String line, char sep) {
        boolean quoted = false;
        boolean fieldStart = true;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        i++;
                    } else {
                        quoted = false;
                    }
                }
            } else if (c == '"' && fieldStart) {
                quoted = true;
            }
            fieldStart = !quoted && c == sep;
        }
        return quoted;
    }
}
