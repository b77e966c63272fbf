package secplane.detect;

/**
 * Character references a browser decodes in attribute values before it reads a URL or runs a
 * handler (WHATWG HTML §13.2.5.72): numeric ones, with or without the ';', and the named ones
 * attackers use to hide quotes, colons, parentheses and white space.
 */
final class Entities {
    private static final String[][] NAMED = {
        {"quot", "\""}, {"apos", "'"}, {"lt", "<"}, {"gt", ">"}, {"amp", "&"}, {"colon", ":"}, {"tab", "\t"}, {"newline", "\n"},
        {"lpar", "("}, {"rpar", ")"}, {"sol", "/"}, {"bsol", "\\"}, {"semi", ";"}, {"comma", ","}, {"period", "."}, {"equals", "="},
        {"nbsp", "\u00a0"}, {"grave", "`"}, {"lsqb", "["}, {"rsqb", "]"}, {"lcub", "{"}, {"rcub", "}"}, {"excl", "!"},
    };

    private Entities() {
    }

    static String decode(String s) {
        int amp = s.indexOf('&');
        if (amp < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        sb.append(s, 0, amp);
        int i = amp;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '&') {
                sb.append(c);
                i++;
                continue;
            }
            int j = i + 1;
            if (j < s.length() && s.charAt(j) == '#') {
                j++;
                int radix = 10;
                if (j < s.length() && (s.charAt(j) == 'x' || s.charAt(j) == 'X')) {
                    radix = 16;
                    j++;
                }
                int start = j;
                long cp = 0;
                while (j < s.length() && Character.digit(s.charAt(j), radix) >= 0 && j - start < 10) {
                    cp = cp * radix + Character.digit(s.charAt(j), radix);
                    j++;
                }
                if (j > start && cp <= Character.MAX_CODE_POINT) {
                    sb.appendCodePoint(cp == 0 ? 0xfffd : (int) cp);
                    i = j < s.length() && s.charAt(j) == ';' ? j + 1 : j;
                    continue;
                }
            } else {
                boolean matched = false;
                for (String[] e : NAMED) {
                    if (s.regionMatches(true, j, e[0], 0, e[0].length())) {
                        int end = j + e[0].length();
                        sb.append(e[1]);
                        i = end < s.length() && s.charAt(end) == ';' ? end + 1 : end;
                        matched = true;
                        break;
                    }
                }
                if (matched) {
                    continue;
                }
            }
            sb.append(c);
            i++;
        }
        return sb.toString();
    }
}
