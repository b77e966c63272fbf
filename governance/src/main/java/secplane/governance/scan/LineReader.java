package secplane.governance.scan;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines without ever holding more than {@code max} characters of one: the rest of an overlong line is
 * read past and the line is counted, so a 2 GB single-line file costs no memory.
 */
final class LineReader implements AutoCloseable {
    private final Reader in;
    private final int max;
    private final char[] buf = new char[8192];
    private int pos;
    private int len;
    private int overlong;
    private int lineNumber;

    LineReader(Reader in, int max) {
        this.in = in;
        this.max = max;
    }

    int overlong() {
        return overlong;
    }

    int lineNumber() {
        return lineNumber;
    }

    /** The next line within the cap (without its terminator), or null at the end. */
    String next() throws IOException {
        while (true) {
            StringBuilder sb = new StringBuilder();
            boolean tooLong = false;
            boolean any = false;
            while (true) {
                if (pos == len) {
                    len = in.read(buf);
                    pos = 0;
                    if (len <= 0) {
                        len = 0;
                        if (!any) {
                            return null;
                        }
                        break;
                    }
                }
                any = true;
                char c = buf[pos++];
                if (c == '\n') {
                    break;
                }
                if (!tooLong) {
                    if (sb.length() >= max) {
                        tooLong = true;
                        sb.setLength(0);
                    } else {
                        sb.append(c);
                    }
                }
            }
            lineNumber++;
            if (tooLong) {
                overlong++;
                continue;
            }
            int n = sb.length();
            if (n > 0 && sb.charAt(n - 1) == '\r') {
                sb.setLength(n - 1);
            }
            return sb.toString();
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing was written
        }
    }
}
