package secplane.detect;

import java.util.List;

/** Small string helpers shared by the checks: caps, clipping for reasons and evidence, input filters. */
final class Text {
    /** Inputs longer than this are matched on their first {@value} characters. */
    static final int INPUT_CAP = 4096;
    /** Sink arguments (statements, filters, paths, documents, HTML chunks) are checked on their first {@value} characters. */
    static final int SINK_CAP = 65536;
    /** At most this many occurrences of one input in one sink argument are examined. */
    static final int MAX_OCCURRENCES = 16;

    private Text() {
    }

    static String clip(String s, int max) {
        if (s == null) {
            return null;
        }
        return s.length() <= max ? s : s.substring(0, Math.max(0, max - 1)) + "…";
    }

    static String cap(String sink) {
        return sink.length() > SINK_CAP ? sink.substring(0, SINK_CAP) : sink;
    }

    /** The part of an input value that is matched: its first {@link #INPUT_CAP} characters. */
    static String matchable(Input in) {
        String v = in.value();
        return v.length() > INPUT_CAP ? v.substring(0, INPUT_CAP) : v;
    }

    /** {@code input 'name' (source)}, used at the start of every reason. */
    static String who(Input in) {
        return "input '" + clip(in.name(), 40) + "' (" + in.source() + ")";
    }

    /** A value shown inside a reason: quoted, control characters made visible, cut at 60 characters. */
    static String show(String s) {
        return "'" + visible(clip(s, 60)) + "'";
    }

    static String visible(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                sb.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : String.format("\\x%02x", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    static boolean blank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** True when the list holds at least one input worth matching (length ≥ 2 and not only white space). */
    static boolean anyCandidate(List<Input> inputs) {
        if (inputs == null) {
            return false;
        }
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            if (in != null && in.value().length() >= 2) {
                return true;
            }
        }
        return false;
    }

    static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    static boolean equalsIgnoreCase(String s, int from, int to, String word) {
        return to - from == word.length() && s.regionMatches(true, from, word, 0, word.length());
    }

    static boolean startsWithIgnoreCase(String s, int from, String word) {
        return s.regionMatches(true, from, word, 0, word.length());
    }

    static int indexOfIgnoreCase(String s, String needle, int from) {
        int n = needle.length();
        for (int i = Math.max(0, from); i + n <= s.length(); i++) {
            if (s.regionMatches(true, i, needle, 0, n)) {
                return i;
            }
        }
        return -1;
    }
}
