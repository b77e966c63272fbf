package secplane.governance.watermark;

/**
 * The text channel: a 64-bit token written as invisible characters. A frame is U+2063 INVISIBLE SEPARATOR followed by
 * 32 symbols of two bits each from U+200B ZERO WIDTH SPACE, U+200C ZERO WIDTH NON-JOINER, U+200D ZERO WIDTH JOINER and
 * U+2060 WORD JOINER — all default-ignorable (Unicode §5.21), so they do not render, and they survive copying, CSV and
 * JSON (where a writer may escape them as \\u200b: the parser gives them back).
 */
final class ZeroWidth {
    static final char FRAME = '\u2063';
    private static final char[] SYMBOLS = {'\u200B', '\u200C', '\u200D', '\u2060'};
    static final int FRAME_CHARS = 33;

    private ZeroWidth() {
    }

    static String encode(long token) {
        char[] out = new char[FRAME_CHARS];
        out[0] = FRAME;
        for (int i = 0; i < 32; i++) {
            out[1 + i] = SYMBOLS[(int) (token >>> (62 - 2 * i)) & 3];
        }
        return new String(out);
    }

    /** Inserts the frame after the first code point, so trimming the value or taking its first character keeps it. */
    static String insert(String value, long token) {
        if (value.isEmpty()) {
            return value;
        }
        int at = value.offsetByCodePoints(0, 1);
        return value.substring(0, at) + encode(token) + value.substring(at);
    }

    /** Every whole frame in {@code value}, in order; partial or damaged frames are skipped. */
    static long[] tokens(String value) {
        long[] found = new long[0];
        for (int i = value.indexOf(FRAME); i >= 0; i = value.indexOf(FRAME, i + 1)) {
            if (i + FRAME_CHARS > value.length()) {
                break;
            }
            long token = 0;
            boolean whole = true;
            for (int k = 0; k < 32 && whole; k++) {
                int s = symbol(value.charAt(i + 1 + k));
                whole = s >= 0;
                token = (token << 2) | Math.max(s, 0);
            }
            if (whole) {
                found = java.util.Arrays.copyOf(found, found.length + 1);
                found[found.length - 1] = token;
            }
        }
        return found;
    }

    /** The value without any of the characters this channel writes. */
    static String strip(String value) {
        StringBuilder sb = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == FRAME || symbol(c) >= 0) {
                if (sb == null) {
                    sb = new StringBuilder(value.length()).append(value, 0, i);
                }
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? value : sb.toString();
    }

    private static int symbol(char c) {
        for (int s = 0; s < SYMBOLS.length; s++) {
            if (SYMBOLS[s] == c) {
                return s;
            }
        }
        return -1;
    }
}
