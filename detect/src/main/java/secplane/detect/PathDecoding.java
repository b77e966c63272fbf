package secplane.detect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The forms an input takes on its way to a file API when code or servers decode it again:
 * percent-decoding repeated up to three times (double and triple encoding), IIS {@code %uXXXX},
 * overlong UTF-8 ({@code %c0%af} = '/', {@code %c0%ae} = '.', {@code %c1%9c} = '\'; CVE-2000-0884),
 * and the input after a filter that deletes {@code ../} once ({@code ....//} becomes {@code ../}).
 */
final class PathDecoding {
    private PathDecoding() {
    }

    /** {form, how it was obtained (null for the input itself)}, the input first. */
    static List<String[]> forms(String v) {
        boolean percent = v.indexOf('%') >= 0;
        boolean filter = v.contains("....") || v.contains("..././") || v.contains("...\\.\\");
        if (!percent && !filter) {
            return Collections.singletonList(new String[] {v, null});
        }
        List<String[]> out = new ArrayList<>(6);
        out.add(new String[] {v, null});
        String cur = v;
        for (int round = 1; round <= 3 && cur.indexOf('%') >= 0; round++) {
            String next = percentDecode(cur);
            if (next.equals(cur)) {
                break;
            }
            out.add(new String[] {next, round == 1 ? "percent-decoded" : "percent-decoded " + round + " times"});
            cur = next;
        }
        int n = out.size();
        for (int i = 0; i < n; i++) {
            String f = out.get(i)[0];
            String stripped = f.replace("../", "").replace("..\\", "");
            if (!stripped.equals(f) && PathCheck.Paths.hasDotDot(stripped)) {
                out.add(new String[] {stripped, (out.get(i)[1] == null ? "" : out.get(i)[1] + ", ") + "after a filter that removes '../' once"});
            }
        }
        return out;
    }

    /** One round of percent-decoding; bytes are read as UTF-8 including overlong forms, {@code %uXXXX} as a UTF-16 unit. */
    static String percentDecode(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        byte[] bytes = new byte[s.length()];
        int nb = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s, i + 1, 2) >= 0) {
                bytes[nb++] = (byte) hex(s, i + 1, 2);
                i += 3;
                continue;
            }
            nb = flush(bytes, nb, sb);
            if (c == '%' && i + 5 < s.length() && (s.charAt(i + 1) == 'u' || s.charAt(i + 1) == 'U') && hex(s, i + 2, 4) >= 0) {
                sb.append((char) hex(s, i + 2, 4));
                i += 6;
            } else {
                sb.append(c);
                i++;
            }
        }
        flush(bytes, nb, sb);
        return sb.toString();
    }

    private static int flush(byte[] b, int n, StringBuilder sb) {
        int i = 0;
        while (i < n) {
            int b0 = b[i] & 0xff;
            if (b0 >= 0xc0 && b0 <= 0xdf && i + 1 < n && cont(b[i + 1])) {
                sb.append((char) (((b0 & 0x1f) << 6) | (b[i + 1] & 0x3f)));
                i += 2;
            } else if (b0 >= 0xe0 && b0 <= 0xef && i + 2 < n && cont(b[i + 1]) && cont(b[i + 2])) {
                sb.append((char) (((b0 & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f)));
                i += 3;
            } else if (b0 >= 0xf0 && b0 <= 0xf7 && i + 3 < n && cont(b[i + 1]) && cont(b[i + 2]) && cont(b[i + 3])) {
                int cp = ((b0 & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f);
                if (Character.isValidCodePoint(cp)) {
                    sb.appendCodePoint(cp);
                } else {
                    sb.append('\ufffd');
                }
                i += 4;
            } else {
                sb.append((char) b0);
                i++;
            }
        }
        return 0;
    }

    private static boolean cont(byte b) {
        return (b & 0xc0) == 0x80;
    }

    private static int hex(String s, int from, int len) {
        if (from + len > s.length()) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < from + len; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }
}
