package secplane.protocol.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON reader and a writer, with no dependencies so that both the agent
 * (Java 8, isolated) and the control plane use the same code.
 *
 * <p>Values are read into plain Java: {@link LinkedHashMap} (member order kept), {@link ArrayList},
 * {@link String}, {@link BigDecimal} / {@link Long}, {@link Boolean} and {@code null}. The
 * reader also records where each value started, by JSON Pointer (RFC 6901), so that a validator
 * can point a user at the line and column of a bad field. Duplicate member names are rejected
 * (RFC 8259 §4 leaves them undefined; a signed policy must mean one thing only).
 */
public final class Json {
    /** Deeper documents are rejected: no legitimate policy or event nests this far. */
    public static final int MAX_DEPTH = 64;

    private Json() {
    }

    /** A parsed document and the position (line, column; 1-based) of every value by JSON Pointer. */
    public static final class Document {
        private final Object value;
        private final Map<String, int[]> positions;

        Document(Object value, Map<String, int[]> positions) {
            this.value = value;
            this.positions = Collections.unmodifiableMap(positions);
        }

        public Object value() {
            return value;
        }

        /** @return {line, column} of the value at the pointer, or of its nearest recorded ancestor */
        public int[] position(String pointer) {
            String p = pointer;
            while (true) {
                int[] pos = positions.get(p);
                if (pos != null || p.isEmpty()) {
                    return pos == null ? new int[] {1, 1} : pos;
                }
                int slash = p.lastIndexOf('/');
                p = slash <= 0 ? "" : p.substring(0, slash);
            }
        }

        public Map<String, int[]> positions() {
            return positions;
        }
    }

    public static Object parse(String text) {
        return parseDocument(text).value();
    }

    public static Document parseDocument(String text) {
        Reader r = new Reader(text);
        r.skipWhitespace();
        Object value = r.readValue("", 0);
        r.skipWhitespace();
        if (r.pos < text.length()) {
            throw r.error("unexpected text after the end of the document");
        }
        return new Document(value, r.positions);
    }

    /**
     * Reads JSON Lines (one JSON value per line; blank lines skipped), as the agent writes its
     * events. A line that is not valid JSON fails with its line number.
     */
    public static java.util.List<Object> parseLines(String text) {
        java.util.List<Object> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].trim().isEmpty()) {
                continue;
            }
            try {
                out.add(parse(lines[i]));
            } catch (JsonException e) {
                throw new JsonException("line " + (i + 1) + ": " + e.getMessage(), i + 1, e.column());
            }
        }
        return out;
    }

    /** Escapes one JSON Pointer reference token (RFC 6901 §3). */
    /** What a parsed value is, for error messages: "null", "a string", "a boolean", "a number", "an object" or "an array". */
    public static String typeOf(Object v) {
        if (v == null) {
            return "null";
        } else if (v instanceof String) {
            return "a string";
        } else if (v instanceof Boolean) {
            return "a boolean";
        } else if (v instanceof Number) {
            return "a number";
        } else if (v instanceof java.util.Map) {
            return "an object";
        }
        return "an array";
    }

    public static String pointerToken(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static final class Reader {
        private final String s;
        private int pos;
        private int line = 1;
        private int lineStart;
        final Map<String, int[]> positions = new LinkedHashMap<>();

        Reader(String s) {
            this.s = s;
        }

        JsonException error(String message) {
            return new JsonException(message, line, pos - lineStart + 1);
        }

        void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '\n') {
                    line++;
                    lineStart = pos + 1;
                } else if (c != ' ' && c != '\t' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        Object readValue(String pointer, int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH);
            }
            if (pos >= s.length()) {
                throw error("unexpected end of document, expected a value");
            }
            positions.put(pointer, new int[] {line, pos - lineStart + 1});
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return readObject(pointer, depth);
                case '[':
                    return readArray(pointer, depth);
                case '"':
                    return readString();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return readNumber();
                    }
                    throw error("unexpected character '" + printable(c) + "', expected a value");
            }
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, pos)) {
                throw error("unexpected text, expected " + word);
            }
            pos += word.length();
            return value;
        }

        private Map<String, Object> readObject(String pointer, int depth) {
            Map<String, Object> map = new LinkedHashMap<>();
            pos++;
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("expected a member name in double quotes");
                }
                int keyLine = line;
                int keyColumn = pos - lineStart + 1;
                String key = readString();
                if (map.containsKey(key)) {
                    throw new JsonException("duplicate member \"" + key + "\"", keyLine, keyColumn);
                }
                skipWhitespace();
                if (peek() != ':') {
                    throw error("expected ':' after member name \"" + key + "\"");
                }
                pos++;
                skipWhitespace();
                map.put(key, readValue(pointer + "/" + pointerToken(key), depth + 1));
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == '}') {
                    return map;
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or '}' in object");
                }
            }
        }

        private List<Object> readArray(String pointer, int depth) {
            List<Object> list = new ArrayList<>();
            pos++;
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                skipWhitespace();
                list.add(readValue(pointer + "/" + list.size(), depth + 1));
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == ']') {
                    return list;
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or ']' in array");
                }
            }
        }

        private char peek() {
            if (pos >= s.length()) {
                throw error("unexpected end of document");
            }
            return s.charAt(pos);
        }

        private String readString() {
            pos++;
            StringBuilder sb = null;
            int start = pos;
            while (true) {
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(pos);
                if (c == '"') {
                    String out = sb == null ? s.substring(start, pos) : sb.append(s, start, pos).toString();
                    pos++;
                    return out;
                }
                if (c < 0x20) {
                    throw error("control character in string (escape it)");
                }
                if (c == '\\') {
                    if (sb == null) {
                        sb = new StringBuilder();
                    }
                    sb.append(s, start, pos);
                    pos++;
                    char e = peek();
                    switch (e) {
                        case '"': sb.append('"'); break;
                        case '\\': sb.append('\\'); break;
                        case '/': sb.append('/'); break;
                        case 'b': sb.append('\b'); break;
                        case 'f': sb.append('\f'); break;
                        case 'n': sb.append('\n'); break;
                        case 'r': sb.append('\r'); break;
                        case 't': sb.append('\t'); break;
                        case 'u':
                            if (pos + 5 > s.length()) {
                                throw error("truncated \\u escape");
                            }
                            try {
                                sb.append((char) Integer.parseInt(s.substring(pos + 1, pos + 5), 16));
                            } catch (NumberFormatException ex) {
                                throw error("invalid \\u escape");
                            }
                            pos += 4;
                            break;
                        default:
                            throw error("invalid escape '\\" + printable(e) + "'");
                    }
                    pos++;
                    start = pos;
                    continue;
                }
                pos++;
            }
        }

        private Object readNumber() {
            int start = pos;
            if (s.charAt(pos) == '-') {
                pos++;
            }
            if (pos < s.length() && s.charAt(pos) == '0') {
                pos++;
            } else {
                digits();
            }
            boolean integral = true;
            if (pos < s.length() && s.charAt(pos) == '.') {
                integral = false;
                pos++;
                digits();
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                integral = false;
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                digits();
            }
            String text = s.substring(start, pos);
            if (integral && text.length() < 19) {
                return Long.parseLong(text);
            }
            return new BigDecimal(text);
        }

        private void digits() {
            int start = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == start) {
                throw error("expected a digit");
            }
        }

        private static String printable(char c) {
            return c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
        }
    }

    // ---------------------------------------------------------------- writing

    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    public static void write(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof String) {
            quote(sb, (String) value);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte) {
            sb.append(value);
        } else if (value instanceof BigDecimal) {
            sb.append(((BigDecimal) value).toString());
        } else if (value instanceof Number) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                sb.append("null");
            } else {
                sb.append(value);
            }
        } else if (value instanceof Map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<Object, Object> e : ((Map<Object, Object>) value).entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (value instanceof Iterable) {
            sb.append('[');
            boolean first = true;
            for (Object o : (Iterable<Object>) value) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(sb, o);
            }
            sb.append(']');
        } else if (value instanceof Object[]) {
            write(sb, java.util.Arrays.asList((Object[]) value));
        } else {
            quote(sb, value.toString());
        }
    }

    public static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x2028 || c == 0x2029 || (c >= 0xD800 && c <= 0xDFFF && !validSurrogate(s, i))) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
