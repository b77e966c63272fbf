package secplane.privacy.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records: comma-separated, double-quoted fields may hold commas, quotes ("") and line
 * breaks. Tracks the line number at which each record starts, for error messages.
 */
final class CsvReader {
    private final BufferedReader in;
    private int line;
    private int recordLine;

    CsvReader(BufferedReader in) {
        this.in = in;
    }

    int recordLine() {
        return recordLine;
    }

    /** The next record, or null at end of input. */
    List<String> next() throws IOException {
        String l = in.readLine();
        if (l == null) {
            return null;
        }
        line++;
        recordLine = line;
        if (line == 1 && !l.isEmpty() && l.charAt(0) == '\uFEFF') {
            l = l.substring(1); // UTF-8 byte order mark written by spreadsheet exports
        }
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (true) {
            if (i >= l.length()) {
                if (quoted) {
                    String more = in.readLine();
                    if (more == null) {
                        throw new InputException("line " + recordLine + ": a quoted field is not closed before the end of the file");
                    }
                    line++;
                    f.append('\n');
                    l = more;
                    i = 0;
                    continue;
                }
                fields.add(f.toString());
                return fields;
            }
            char c = l.charAt(i++);
            if (quoted) {
                if (c == '"') {
                    if (i < l.length() && l.charAt(i) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    f.append(c);
                }
            } else if (c == '"' && f.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
    }
}
