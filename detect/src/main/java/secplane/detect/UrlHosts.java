package secplane.detect;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a URL sends a request, read the ways common clients read it. Parsers disagree on the
 * authority of odd URLs (Orange Tsai, "A New Era of SSRF", Black Hat USA 2017): java.net.URL ends
 * the authority at '/', '?' or '#' and takes the host after the last '@'; WHATWG URL (browsers,
 * OkHttp-like clients) also ends it at '\', drops tabs and new lines, skips any slashes after the
 * scheme, percent-decodes the host and maps it with IDNA (full-width digits become ASCII). Each
 * distinct reading is a {@link Target}.
 */
final class UrlHosts {
    /** Schemes that read local files or speak to services other than HTTP: dangerous whole, whatever the host. */
    static final String[] DANGEROUS_SCHEMES = {"file", "gopher", "dict", "jar", "netdoc", "tftp", "ldap", "ldaps", "rmi", "iiop",
        "corba", "smb", "phar", "expect", "jdbc"};
    private static final String[] SPECIAL = {"http", "https", "ws", "wss", "ftp", "file"};

    private UrlHosts() {
    }

    /** One reading of a URL: the text it was read from, the host's range in it and the host itself. */
    static final class Target {
        final String text;
        final int hostStart;
        final int hostEnd;
        final String host;
        final String how;

        Target(String text, int hostStart, int hostEnd, String host, String how) {
            this.text = text;
            this.hostStart = hostStart;
            this.hostEnd = hostEnd;
            this.host = host;
            this.how = how;
        }
    }

    /** The readings of {@code url}, Java's first; empty for a relative reference. */
    static List<Target> targets(String url) {
        List<Target> out = new ArrayList<>(3);
        String u = url;
        int lead = 0;
        while (lead < u.length() && u.charAt(lead) <= ' ') {
            lead++;
        }
        int schemeEnd = scheme(u, lead);
        if (schemeEnd < 0) {
            return out;
        }
        String scheme = u.substring(lead, schemeEnd).toLowerCase(Locale.ROOT);
        if ((scheme.equals("jar") || scheme.equals("netdoc")) && schemeEnd + 1 < u.length()) {
            List<Target> inner = targets(u.substring(schemeEnd + 1));
            int shift = schemeEnd + 1;
            for (Target t : inner) {
                out.add(new Target(u, t.hostStart + shift, t.hostEnd + shift, t.host, t.how));
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
        // java.net.URL
        int after = schemeEnd + 1;
        if (u.startsWith("//", after)) {
            int authEnd = indexOfAny(u, after + 2, "/?#");
            add(out, u, after + 2, authEnd, true, "as java.net.URL reads it");
        }
        // WHATWG URL: tabs and new lines removed, any run of / and \ after a special scheme, \ ends the authority
        String w = u;
        if (u.indexOf('\t') >= 0 || u.indexOf('\n') >= 0 || u.indexOf('\r') >= 0) {
            w = u.replace("\t", "").replace("\n", "").replace("\r", "");
        }
        int ws = scheme(w, lead);
        if (ws > 0 && isSpecial(w.substring(lead, ws).toLowerCase(Locale.ROOT))) {
            int a = ws + 1;
            while (a < w.length() && (w.charAt(a) == '/' || w.charAt(a) == '\\')) {
                a++;
            }
            int authEnd = indexOfAny(w, a, "/\\?#");
            add(out, w, a, authEnd, true, "as a WHATWG URL parser (browsers, many HTTP clients) reads it");
            int firstAt = w.indexOf('@', a);
            if (firstAt >= 0 && firstAt < authEnd && w.lastIndexOf('@', authEnd - 1) != firstAt) {
                add(out, w, firstAt + 1, authEnd, false, "taking the host after the first '@'");
            }
        }
        return out;
    }

    private static void add(List<Target> out, String text, int authStart, int authEnd, boolean lastAt, String how) {
        int at = lastAt ? text.lastIndexOf('@', authEnd - 1) : -1;
        int hostStart = at >= authStart ? at + 1 : authStart;
        int hostEnd;
        if (hostStart < authEnd && text.charAt(hostStart) == '[') {
            int close = text.indexOf(']', hostStart);
            hostEnd = close < 0 || close >= authEnd ? authEnd : close + 1;
        } else {
            int colon = text.indexOf(':', hostStart);
            hostEnd = colon < 0 || colon >= authEnd ? authEnd : colon;
        }
        String host = clean(text.substring(hostStart, hostEnd));
        if (host.isEmpty()) {
            return;
        }
        for (Target t : out) {
            if (t.host.equals(host)) {
                return;
            }
        }
        out.add(new Target(text, hostStart, hostEnd, host, how));
    }

    /** Percent-decoded, IDNA-mapped (NFKC), lower case, without trailing dots. */
    static String clean(String host) {
        String h = host;
        if (h.indexOf('%') >= 0 && !h.startsWith("[")) {
            h = PathDecoding.percentDecode(h);
        }
        for (int i = 0; i < h.length(); i++) {
            if (h.charAt(i) > 0x7f) {
                h = Normalizer.normalize(h, Normalizer.Form.NFKC).replace('\u3002', '.');
                break;
            }
        }
        h = h.toLowerCase(Locale.ROOT);
        while (h.endsWith(".") && h.length() > 1) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    /** The index of the ':' ending the URL's scheme (leading white space skipped), or -1. */
    static int schemeEnd(String u) {
        int lead = 0;
        while (lead < u.length() && u.charAt(lead) <= ' ') {
            lead++;
        }
        return scheme(u, lead);
    }

    private static int scheme(String u, int from) {
        if (from >= u.length() || !Character.isLetter(u.charAt(from)) || u.charAt(from) > 'z') {
            return -1;
        }
        for (int i = from + 1; i < u.length() && i < from + 32; i++) {
            char c = u.charAt(i);
            if (c == ':') {
                return i;
            }
            if (!(c < 0x80 && (Character.isLetterOrDigit(c) || c == '+' || c == '.' || c == '-'))) {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isSpecial(String scheme) {
        for (String s : SPECIAL) {
            if (s.equals(scheme)) {
                return true;
            }
        }
        return false;
    }

    static boolean isDangerousScheme(String scheme) {
        for (String s : DANGEROUS_SCHEMES) {
            if (s.equals(scheme)) {
                return true;
            }
        }
        return false;
    }

    private static int indexOfAny(String s, int from, String chars) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }
}
