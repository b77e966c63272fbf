package secplane.detect;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reflected cross-site scripting (CWE-79): an input echoed verbatim, not encoded, into an HTML
 * response where, at that position, it starts script: a script-capable element, an event-handler
 * attribute, a {@code javascript:} URL, or code inside a script block or handler. The context at
 * the echo is found by {@link HtmlContext}, a small scanner that follows the HTML tokenizer's main
 * states (WHATWG HTML §13.2.5: data, tag open, attribute name and value, comment, raw text). The
 * chunk is scanned from its own start: an echo in a later chunk of a response whose earlier chunk
 * left a tag open is read as text. Plain text and correctly encoded echoes never match.
 */
final class XssCheck {
    static final String RULE = "xss.reflected";

    /** Elements that run script or load active content whatever their attributes. */
    private static final Set<String> DANGEROUS_TAGS = new HashSet<>(Arrays.asList(
            "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "style", "svg", "math",
            "portal", "isindex", "xml", "import", "handler", "listener"));
    /** Attributes whose value is a URL that a browser follows or loads. */
    private static final Set<String> URL_ATTRIBUTES = new HashSet<>(Arrays.asList(
            "href", "src", "action", "formaction", "data", "xlink:href", "background", "poster", "codebase", "cite", "lowsrc",
            "dynsrc", "srcset", "ping", "manifest", "icon", "archive", "longdesc", "usemap", "to", "from", "values"));

    /** At most this many echoes are examined per chunk. */
    private static final int MAX_ECHOES = 256;

    private XssCheck() {
    }

    static Verdict check(CharSequence chunk, List<Input> inputs) {
        String html = chunk.length() > Text.SINK_CAP ? chunk.subSequence(0, Text.SINK_CAP).toString() : chunk.toString();
        // Every echo of every interesting input, in page order, so that one scan of the page gives
        // each its context (scanning from the start for each would cost inputs × echoes × page).
        int[] at = null;
        int[] who = null;
        int n = 0;
        for (int k = 0; k < inputs.size() && n < MAX_ECHOES; k++) {
            Input in = inputs.get(k);
            if (in == null) {
                continue;
            }
            String v = Text.matchable(in);
            if (v.length() < 2 || !interesting(v)) {
                continue;
            }
            int s = html.indexOf(v);
            for (int found = 0; s >= 0 && found < Text.MAX_OCCURRENCES && n < MAX_ECHOES; found++, s = html.indexOf(v, s + 1)) {
                if (at == null) {
                    at = new int[16];
                    who = new int[16];
                } else if (n == at.length) {
                    at = Arrays.copyOf(at, n * 2);
                    who = Arrays.copyOf(who, n * 2);
                }
                int j = n++;
                while (j > 0 && at[j - 1] > s) {
                    at[j] = at[j - 1];
                    who[j] = who[j - 1];
                    j--;
                }
                at[j] = s;
                who[j] = k;
            }
        }
        if (n == 0) {
            return Verdict.none();
        }
        HtmlContext scanner = HtmlContext.scanner(html);
        for (int e = 0; e < n; e++) {
            int s = at[e];
            Input in = inputs.get(who[e]);
            String v = Text.matchable(in);
            HtmlContext ctx = scanner.advanceTo(s);
            String effect = effect(ctx, html, s, v);
            if (effect != null) {
                String reason = Text.who(in) + " is echoed unencoded into the HTML " + ctx.describe() + " and " + effect + ": "
                        + Text.show(Text.clip(Structure.excerpt(html, s, s + Math.min(v.length(), 60), 24), 120));
                return Verdict.attack(RULE, in, reason, "technique", "reflected", "context", ctx.describe(),
                        "html", Structure.excerpt(html, s, s + v.length()), "offset", s);
            }
        }
        return Verdict.none();
    }

    /** Only inputs with a character that can change HTML or script structure are worth a scan. */
    private static boolean interesting(String v) {
        for (int i = 0; i < v.length(); i++) {
            if ("<>\"'`()=:&".indexOf(v.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static String effect(HtmlContext ctx, String html, int s, String v) {
        switch (ctx.state) {
            case HtmlContext.TEXT:
                return markup(v, 0);
            case HtmlContext.COMMENT: {
                int close = Math.max(v.indexOf("-->"), v.indexOf("--!>"));
                return close < 0 ? null : markup(v, close);
            }
            case HtmlContext.RAWTEXT: {
                int close = Text.indexOfIgnoreCase(v, "</" + ctx.rawTag, 0);
                if (close >= 0) {
                    String m = markup(v, close + 2 + ctx.rawTag.length());
                    if (m != null) {
                        return "closes the element <" + ctx.rawTag + "> and " + m;
                    }
                    return ctx.rawTag.equals("script") ? "closes the script element early" : null;
                }
                if (ctx.rawTag.equals("script")) {
                    return Js.effect(html.substring(ctx.rawStart, s), v);
                }
                return null;
            }
            case HtmlContext.VALUE_DQ:
            case HtmlContext.VALUE_SQ:
            case HtmlContext.VALUE_UQ:
                return inValue(ctx, html, s, v);
            case HtmlContext.BEFORE_VALUE: {
                HtmlContext asValue = ctx.unquotedValueAt(s);
                return inValue(asValue, html, s, v);
            }
            case HtmlContext.TAG_OPEN:
            case HtmlContext.IN_TAG:
            case HtmlContext.ATTR_NAME:
            case HtmlContext.AFTER_ATTR_NAME:
                return attributes(ctx.tag, v, 0);
            default:
                return null;
        }
    }

    private static String inValue(HtmlContext ctx, String html, int s, String v) {
        int out = -1;
        for (int i = 0; i < v.length() && out < 0; i++) {
            char c = v.charAt(i);
            if (ctx.state == HtmlContext.VALUE_DQ ? c == '"' : ctx.state == HtmlContext.VALUE_SQ ? c == '\'' : c == '>' || Character.isWhitespace(c)) {
                out = i;
            }
        }
        if (out >= 0) {
            String m = v.charAt(out) == '>' ? markup(v, out + 1) : attributes(ctx.tag, v, out + 1);
            if (m != null) {
                return "leaves the " + ctx.attr + " attribute and " + m;
            }
        }
        String attr = ctx.attr;
        String before = Entities.decode(html.substring(ctx.valueStart, s));
        String mine = Entities.decode(out >= 0 ? v.substring(0, out) : v);
        if (attr.startsWith("on") && attr.length() > 2) {
            String js = Js.effect(before, mine);
            return js == null ? null : js + " in the " + attr + " handler";
        }
        if (URL_ATTRIBUTES.contains(attr) && Text.blank(before) && Urls.scriptUrl(mine)) {
            return "makes the " + attr + " a " + Urls.scheme(mine) + ": URL";
        }
        if (attr.equals("style") && Urls.cssScript(mine)) {
            return "adds script to the style attribute";
        }
        if (attr.equals("srcdoc")) {
            return markup(mine, 0);
        }
        return null;
    }

    /** Markup the input writes from {@code from}: a dangerous element, or any element with a handler or script URL. */
    static String markup(String v, int from) {
        int i = v.indexOf('<', from);
        while (i >= 0 && i + 1 < v.length()) {
            int j = i + 1;
            while (j < v.length() && (Character.isLetterOrDigit(v.charAt(j)) || v.charAt(j) == '-' || v.charAt(j) == ':')) {
                j++;
            }
            if (j > i + 1 && Character.isLetter(v.charAt(i + 1))) {
                String tag = v.substring(i + 1, j).toLowerCase(Locale.ROOT);
                if (DANGEROUS_TAGS.contains(tag)) {
                    return "opens the element <" + tag + ">";
                }
                String a = attributes(tag, v, j);
                if (a != null) {
                    return a;
                }
            }
            i = v.indexOf('<', i + 1);
        }
        return null;
    }

    /** Attributes written from {@code from} up to the end of the tag: an event handler, or a script URL or style. */
    static String attributes(String tag, String v, int from) {
        int n = v.length();
        int i = from;
        while (i < n) {
            char c = v.charAt(i);
            if (c == '>') {
                return markup(v, i + 1);
            }
            if (Character.isWhitespace(c) || c == '/' || c == '"' || c == '\'') {
                i++;
                continue;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(v.charAt(i)) && "/=>\"'".indexOf(v.charAt(i)) < 0) {
                i++;
            }
            String name = v.substring(start, i).toLowerCase(Locale.ROOT);
            int k = i;
            while (k < n && Character.isWhitespace(v.charAt(k))) {
                k++;
            }
            if (k < n && v.charAt(k) == '=') {
                k++;
                while (k < n && Character.isWhitespace(v.charAt(k))) {
                    k++;
                }
                int vs = k;
                int ve;
                if (k < n && (v.charAt(k) == '"' || v.charAt(k) == '\'')) {
                    int close = v.indexOf(v.charAt(k), k + 1);
                    vs = k + 1;
                    ve = close < 0 ? n : close;
                    k = close < 0 ? n : close + 1;
                } else {
                    while (k < n && !Character.isWhitespace(v.charAt(k)) && v.charAt(k) != '>') {
                        k++;
                    }
                    ve = k;
                }
                String value = Entities.decode(v.substring(vs, ve));
                if (name.startsWith("on") && name.length() > 2 && Character.isLetter(name.charAt(2))) {
                    return "adds the event handler " + name + " to <" + tag + ">";
                }
                if (URL_ATTRIBUTES.contains(name) && Urls.scriptUrl(value)) {
                    return "adds a " + Urls.scheme(value) + ": URL in " + name + " of <" + tag + ">";
                }
                if (name.equals("style") && Urls.cssScript(value)) {
                    return "adds script to the style of <" + tag + ">";
                }
                if (name.equals("srcdoc") && markup(value, 0) != null) {
                    return "adds active markup in srcdoc of <" + tag + ">";
                }
                i = k;
            } else if (name.startsWith("on") && name.length() > 2 && k >= n) {
                return null; // a handler name cut at the end of the input has no value
            }
        }
        return null;
    }

    /** Script and URL schemes inside attribute values. */
    static final class Urls {
        private Urls() {
        }

        /** {@code javascript:}, {@code vbscript:} or {@code data:text/html} once control characters and white space are dropped (browsers ignore them in schemes). */
        static boolean scriptUrl(String value) {
            String s = squeeze(value);
            return s.startsWith("javascript:") || s.startsWith("vbscript:") || s.startsWith("data:text/html") || s.startsWith("data:image/svg+xml")
                    || s.startsWith("data:application/xhtml");
        }

        static String scheme(String value) {
            String s = squeeze(value);
            int c = s.indexOf(':');
            return c < 0 ? s : s.substring(0, c);
        }

        static boolean cssScript(String value) {
            String s = squeeze(value);
            return s.contains("expression(") || s.contains("javascript:") || s.contains("-moz-binding") || s.contains("behavior:");
        }

        private static String squeeze(String value) {
            StringBuilder sb = new StringBuilder(Math.min(value.length(), 64));
            for (int i = 0; i < value.length() && sb.length() < 64; i++) {
                char c = value.charAt(i);
                if (c > ' ' && c != '\u00a0') {
                    sb.append(Character.toLowerCase(c));
                }
            }
            return sb.toString();
        }
    }
}
