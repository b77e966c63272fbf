package secplane.detect;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * XML external entities (CWE-611) and entity expansion (CWE-776): a document that came from a
 * request input and declares a DTD or entity the parser would fetch (SYSTEM or PUBLIC identifiers,
 * parameter entities), nests entity references (billion laughs), or pulls content in with
 * XInclude. The encoding is detected as XML 1.0 Appendix F describes (byte order marks, UTF-16 and
 * UTF-32 without them, the declaration's encoding), so a UTF-16 document is read like a UTF-8 one.
 */
final class XmlCheck {
    static final String RULE = "xxe";
    private static final String XINCLUDE_NS = "http://www.w3.org/2001/XInclude";

    private XmlCheck() {
    }

    static Verdict check(byte[] prefix, int length, List<Input> inputs) {
        int n = Math.max(0, Math.min(Math.min(length, prefix.length), Text.SINK_CAP * 4));
        return check(decode(prefix, n), inputs);
    }

    static Verdict check(String document, List<Input> inputs) {
        String doc = Text.cap(document);
        Finding f = scan(doc);
        if (f == null) {
            return Verdict.none();
        }
        String snippet = stripNul(doc.substring(f.start, Math.min(doc.length(), Math.max(f.end, f.start + 9))));
        String shortSnippet = snippet.length() > 48 ? snippet.substring(0, 48) : snippet;
        for (int k = 0; k < inputs.size(); k++) {
            Input in = inputs.get(k);
            if (in == null) {
                continue;
            }
            String v = Text.matchable(in);
            if (v.length() < 2) {
                continue;
            }
            String value = stripNul(in.value().length() > Text.SINK_CAP ? in.value().substring(0, Text.SINK_CAP) : in.value());
            boolean carries = value.contains(shortSnippet);
            if (!carries) {
                int s = doc.indexOf(v);
                carries = s >= 0 && s <= f.start && s + v.length() > f.start;
            }
            if (carries) {
                String reason = Text.who(in) + " is an XML document that " + f.what + ": " + Text.show(Text.clip(snippet, 120));
                return Verdict.attack(RULE, in, reason, "technique", f.technique, "declaration", snippet);
            }
        }
        return Verdict.none();
    }

    /** What the document declares, with its range. */
    static final class Finding {
        final int start;
        final int end;
        final String technique;
        final String what;

        Finding(int start, int end, String technique, String what) {
            this.start = start;
            this.end = end;
            this.technique = technique;
            this.what = what;
        }
    }

    /** The first dangerous declaration of the prolog and DTD, or an XInclude, or null. */
    static Finding scan(String d) {
        int n = d.length();
        int i = 0;
        while (i < n) {
            char c = d.charAt(i);
            if (c == '\ufeff' || c == '\0' || Character.isWhitespace(c)) {
                i++;
            } else if (d.startsWith("<?", i)) {
                int end = d.indexOf("?>", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (d.startsWith("<!--", i)) {
                int end = d.indexOf("-->", i + 4);
                i = end < 0 ? n : end + 3;
            } else if (Text.startsWithIgnoreCase(d, i, "<!DOCTYPE")) {
                Finding f = doctype(d, i);
                return f != null ? f : xinclude(d, i);
            } else {
                break; // the root element: no DTD can follow
            }
        }
        return xinclude(d, i);
    }

    private static Finding doctype(String d, int start) {
        int n = d.length();
        int i = start + 9;
        i = skipSpace(d, i);
        i = skipName(d, i);
        i = skipSpace(d, i);
        if (Text.startsWithIgnoreCase(d, i, "SYSTEM") || Text.startsWithIgnoreCase(d, i, "PUBLIC")) {
            int end = externalIdEnd(d, i);
            return new Finding(start, end, "external-dtd", "declares an external DTD the parser would fetch");
        }
        if (i >= n || d.charAt(i) != '[') {
            return null;
        }
        i++;
        int entitiesReferencingOthers = 0;
        int firstNested = -1;
        while (i < n) {
            i = skipSpace(d, i);
            if (i >= n || d.charAt(i) == ']') {
                break;
            }
            if (d.startsWith("<!--", i)) {
                int end = d.indexOf("-->", i + 4);
                i = end < 0 ? n : end + 3;
            } else if (d.startsWith("<?", i)) {
                int end = d.indexOf("?>", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (d.charAt(i) == '%') {
                int end = d.indexOf(';', i);
                return new Finding(i, end < 0 ? Math.min(n, i + 40) : end + 1, "parameter-entity",
                        "references a parameter entity, which loads or expands DTD text");
            } else if (Text.startsWithIgnoreCase(d, i, "<!ENTITY")) {
                int declStart = i;
                int j = skipSpace(d, i + 8);
                if (j < n && d.charAt(j) == '%') {
                    int end = declarationEnd(d, j);
                    return new Finding(declStart, end, "parameter-entity", "declares a parameter entity (out-of-band XXE)");
                }
                j = skipName(d, j);
                j = skipSpace(d, j);
                if (Text.startsWithIgnoreCase(d, j, "SYSTEM") || Text.startsWithIgnoreCase(d, j, "PUBLIC")) {
                    return new Finding(declStart, externalIdEnd(d, j), "external-entity", "declares an external entity");
                }
                int end = declarationEnd(d, j);
                int refs = references(d, j, end);
                if (refs >= 2) {
                    entitiesReferencingOthers++;
                    if (firstNested < 0) {
                        firstNested = declStart;
                    }
                }
                i = end;
            } else if (d.charAt(i) == '<') {
                i = declarationEnd(d, i);
            } else {
                i++;
            }
        }
        if (entitiesReferencingOthers >= 1) {
            return new Finding(firstNested, Math.min(n, firstNested + 80), "entity-expansion",
                    "declares entities that expand into other entities (billion laughs)");
        }
        return null;
    }

    private static Finding xinclude(String d, int from) {
        int ns = d.indexOf(XINCLUDE_NS, from);
        if (ns < 0) {
            return null;
        }
        int inc = Text.indexOfIgnoreCase(d, ":include", from);
        if (inc < 0) {
            return null;
        }
        int start = d.lastIndexOf('<', inc);
        return new Finding(Math.max(0, start), Math.min(d.length(), inc + 60), "xinclude", "pulls in another resource with XInclude");
    }

    /** Entity references ({@code &name;}) inside a declaration's quoted value. */
    private static int references(String d, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (d.charAt(i) == '&' && i + 1 < to && d.charAt(i + 1) != '#') {
                count++;
            }
        }
        return count;
    }

    /** The end of a markup declaration: the '>' outside quoted literals. */
    private static int declarationEnd(String d, int i) {
        char quote = 0;
        for (; i < d.length(); i++) {
            char c = d.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return i + 1;
            }
        }
        return d.length();
    }

    private static int externalIdEnd(String d, int i) {
        int end = declarationEnd(d, i);
        int bracket = d.indexOf('[', i);
        return bracket >= 0 && bracket < end ? bracket : end;
    }

    private static int skipSpace(String d, int i) {
        while (i < d.length() && (Character.isWhitespace(d.charAt(i)) || d.charAt(i) == '\0')) {
            i++;
        }
        return i;
    }

    private static int skipName(String d, int i) {
        while (i < d.length() && !Character.isWhitespace(d.charAt(i)) && "[>%\"'".indexOf(d.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    private static String stripNul(String s) {
        if (s.indexOf('\0') < 0 && s.indexOf('\ufeff') < 0) {
            return s;
        }
        return s.replace("\0", "").replace("\ufeff", "");
    }

    /** XML 1.0 Appendix F: byte order marks, UTF-16/32 without them, then the declared encoding, else UTF-8. */
    static String decode(byte[] b, int n) {
        if (n >= 4 && (b[0] & 0xff) == 0 && (b[1] & 0xff) == 0 && (b[2] & 0xff) == 0xfe && (b[3] & 0xff) == 0xff) {
            return utf32(b, 4, n, true);
        }
        if (n >= 4 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe && b[2] == 0 && b[3] == 0) {
            return utf32(b, 4, n, false);
        }
        if (n >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
            return new String(b, 3, n - 3, StandardCharsets.UTF_8);
        }
        if (n >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) {
            return new String(b, 2, n - 2, StandardCharsets.UTF_16BE);
        }
        if (n >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) {
            return new String(b, 2, n - 2, StandardCharsets.UTF_16LE);
        }
        if (n >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == '<') {
            return utf32(b, 0, n, true);
        }
        if (n >= 4 && b[0] == '<' && b[1] == 0 && b[2] == 0 && b[3] == 0) {
            return utf32(b, 0, n, false);
        }
        if (n >= 2 && b[0] == 0 && b[1] != 0) {
            return new String(b, 0, n & ~1, StandardCharsets.UTF_16BE);
        }
        if (n >= 2 && b[0] != 0 && b[1] == 0) {
            return new String(b, 0, n & ~1, StandardCharsets.UTF_16LE);
        }
        String ascii = new String(b, 0, Math.min(n, 200), StandardCharsets.ISO_8859_1);
        String declared = declaredEncoding(ascii);
        if (declared != null && !declared.startsWith("utf-8") && !declared.equals("utf8")) {
            try {
                if (Charset.isSupported(declared)) {
                    return new String(b, 0, n, Charset.forName(declared));
                }
            } catch (RuntimeException unsupported) {
                // fall through: read ASCII-compatible markup as Latin-1
            }
            return new String(b, 0, n, StandardCharsets.ISO_8859_1);
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    private static String utf32(byte[] b, int from, int n, boolean bigEndian) {
        StringBuilder sb = new StringBuilder((n - from) / 4);
        for (int i = from; i + 3 < n; i += 4) {
            int cp = bigEndian
                    ? (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff)
                    : (b[i + 3] & 0xff) << 24 | (b[i + 2] & 0xff) << 16 | (b[i + 1] & 0xff) << 8 | (b[i] & 0xff);
            if (Character.isValidCodePoint(cp)) {
                sb.appendCodePoint(cp);
            } else {
                sb.append('\ufffd');
            }
        }
        return sb.toString();
    }

    private static String declaredEncoding(String head) {
        if (!head.startsWith("<?xml")) {
            return null;
        }
        int end = head.indexOf("?>");
        int enc = head.indexOf("encoding");
        if (enc < 0 || end >= 0 && enc > end) {
            return null;
        }
        int q = enc + 8;
        while (q < head.length() && (head.charAt(q) == ' ' || head.charAt(q) == '=' || head.charAt(q) == '\t')) {
            q++;
        }
        if (q >= head.length() || head.charAt(q) != '"' && head.charAt(q) != '\'') {
            return null;
        }
        int close = head.indexOf(head.charAt(q), q + 1);
        return close < 0 ? null : head.substring(q + 1, close).trim().toLowerCase(Locale.ROOT);
    }
}
