package secplane.agent.core.request;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.List;
import secplane.aspect.RequestInput;

/**
 * Turns the raw parts of a request into {@link RequestInput}s: query strings and form bodies
 * (application/x-www-form-urlencoded, WHATWG URL standard section 5.1), cookie headers
 * (RFC 6265 section 5.4), path segments and the string and number leaves of a JSON body prefix
 * (RFC 8259), named by JSON Pointer (RFC 6901). Every parser is tolerant: malformed escapes stay as
 * they are and a JSON prefix cut anywhere still gives the leaves before the cut.
 */
final class InputParser {
    /** Longest value kept; the detectors look at fewer characters than this. */
    static final int MAX_VALUE = 4096;

    private InputParser() {
    }

    /** Adds {@code name=value} pairs separated by {@code &} (and {@code ;}, which some servers accept). */
    static void form(String raw, String source, Charset cs, List<RequestInput> out, int max) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        int start = 0;
        int n = raw.length();
        while (start <= n && out.size() < max) {
            int end = raw.indexOf('&', start);
            if (end < 0) {
                end = n;
            }
            if (end > start) {
                String pair = raw.substring(start, end);
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                out.add(new RequestInput(source, clip(decode(name, cs, true)), clip(decode(value, cs, true))));
            }
            start = end + 1;
        }
    }

    /** Adds each non-empty segment of a request path, decoded, named by its position from 1. */
    static void path(String uri, Charset cs, List<RequestInput> out, int max) {
        if (uri == null) {
            return;
        }
        int index = 0;
        int start = 0;
        int n = uri.length();
        while (start < n && out.size() < max) {
            int end = uri.indexOf('/', start);
            if (end < 0) {
                end = n;
            }
            if (end > start) {
                index++;
                out.add(new RequestInput("path", String.valueOf(index), clip(decode(uri.substring(start, end), cs, false))));
            }
            start = end + 1;
        }
    }

    /** Adds the pairs of a {@code Cookie} header. */
    static void cookies(String header, List<RequestInput> out, int max) {
        if (header == null) {
            return;
        }
        for (String part : header.split(";")) {
            if (out.size() >= max) {
                return;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
                value = value.substring(1, value.length() - 1);
            }
            out.add(new RequestInput("cookie", clip(name), clip(value)));
        }
    }

    /**
     * Percent-decodes with the given charset; {@code +} is a space in forms and query strings. A
     * {@code %} not followed by two hex digits is kept as it is.
     */
    static String decode(String s, Charset cs, boolean plusIsSpace) {
        int i = 0;
        int n = s.length();
        while (i < n && s.charAt(i) != '%' && !(plusIsSpace && s.charAt(i) == '+')) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder out = new StringBuilder(n);
        out.append(s, 0, i);
        ByteArrayOutputStream bytes = null;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < n && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                if (bytes == null) {
                    bytes = new ByteArrayOutputStream();
                }
                bytes.reset();
                while (i + 2 < n && s.charAt(i) == '%' && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                    bytes.write(hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2)));
                    i += 3;
                }
                out.append(new String(bytes.toByteArray(), cs));
            } else {
                out.append(plusIsSpace && c == '+' ? ' ' : c);
                i++;
            }
        }
        return out.toString();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    static String clip(String s) {
        return s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE) : s;
    }

    /**
     * Adds the string and number leaves of a JSON text (possibly cut short), each named by its JSON
     * Pointer. Object keys are not inputs of their own; a string that is cut short is still added.
     */
    static void json(String text, List<RequestInput> out, int max) {
        new JsonLeaves(text, out, max).run();
    }

    private static final class JsonLeaves {
        private final String s;
        private final List<RequestInput> out;
        private final int max;
        private int i;
        /** The pointer of the current container; segments are appended and cut back. */
        private final StringBuilder pointer = new StringBuilder();

        JsonLeaves(String s, List<RequestInput> out, int max) {
            this.s = s;
            this.out = out;
            this.max = max;
        }

        void run() {
            skipSpace();
            try {
                value(0);
            } catch (IndexOutOfBoundsException cut) {
                // the prefix ended inside a value: what came before is kept
            }
        }

        private void value(int depth) {
            skipSpace();
            if (i >= s.length() || out.size() >= max || depth > 64) {
                i = s.length();
                return;
            }
            char c = s.charAt(i);
            if (c == '{') {
                i++;
                object(depth);
            } else if (c == '[') {
                i++;
                array(depth);
            } else if (c == '"') {
                String v = string();
                out.add(new RequestInput("json", pointer.length() == 0 ? "/" : pointer.toString(), clip(v)));
            } else {
                int start = i;
                while (i < s.length() && ",]} \t\r\n".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                String literal = s.substring(start, i);
                if (!literal.isEmpty() && (literal.charAt(0) == '-' || Character.isDigit(literal.charAt(0)))) {
                    out.add(new RequestInput("json", pointer.length() == 0 ? "/" : pointer.toString(), clip(literal)));
                }
            }
        }

        private void object(int depth) {
            while (true) {
                skipSpace();
                char c = s.charAt(i);
                if (c == '}') {
                    i++;
                    return;
                }
                if (c == ',') {
                    i++;
                    continue;
                }
                if (c != '"') {
                    i = s.length();
                    return;
                }
                String key = string();
                skipSpace();
                if (s.charAt(i) == ':') {
                    i++;
                }
                int mark = pointer.length();
                pointer.append('/').append(key.replace("~", "~0").replace("/", "~1"));
                value(depth + 1);
                pointer.setLength(mark);
                if (i >= s.length()) {
                    return;
                }
            }
        }

        private void array(int depth) {
            int index = 0;
            while (true) {
                skipSpace();
                char c = s.charAt(i);
                if (c == ']') {
                    i++;
                    return;
                }
                if (c == ',') {
                    i++;
                    continue;
                }
                int mark = pointer.length();
                pointer.append('/').append(index++);
                value(depth + 1);
                pointer.setLength(mark);
                if (i >= s.length()) {
                    return;
                }
            }
        }

        /** Reads a string at {@code i} (on its opening quote); a string cut short ends at the end of the text. */
        private String string() {
            i++;
            StringBuilder b = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    break;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n':
                        b.append('\n');
                        break;
                    case 't':
                        b.append('\t');
                        break;
                    case 'r':
                        b.append('\r');
                        break;
                    case 'b':
                        b.append('\b');
                        break;
                    case 'f':
                        b.append('\f');
                        break;
                    case 'u':
                        if (i + 4 <= s.length()) {
                            try {
                                b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            } catch (NumberFormatException bad) {
                                b.append("\\u").append(s, i, i + 4);
                            }
                            i += 4;
                        } else {
                            i = s.length();
                        }
                        break;
                    default:
                        b.append(e);
                        break;
                }
            }
            return b.toString();
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
