package secplane.detect;

import java.util.Locale;

/**
 * Where a position in an HTML chunk is, following the HTML tokenizer's main states (WHATWG HTML
 * §13.2.5): text, inside a start tag (its name, between attributes, an attribute name, a quoted or
 * unquoted value), a comment, or the raw text of script, style, textarea, title and the like.
 * Character references and the tree builder are out of scope.
 */
final class HtmlContext {
    static final int TEXT = 0;
    static final int TAG_OPEN = 1;
    static final int IN_TAG = 2;
    static final int ATTR_NAME = 3;
    static final int AFTER_ATTR_NAME = 4;
    static final int BEFORE_VALUE = 5;
    static final int VALUE_DQ = 6;
    static final int VALUE_SQ = 7;
    static final int VALUE_UQ = 8;
    static final int COMMENT = 9;
    static final int RAWTEXT = 10;
    static final int END_TAG = 11;
    static final int BOGUS = 12;

    private static final String[] RAW = {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"};

    int state = TEXT;
    String tag = "";
    String attr = "";
    int valueStart;
    String rawTag = "";
    int rawStart;

    static HtmlContext at(String h, int pos) {
        HtmlContext c = new HtmlContext();
        int tagStart = 0;
        int attrStart = 0;
        int i = 0;
        while (i < pos) {
            char ch = h.charAt(i);
            switch (c.state) {
                case TEXT:
                    if (ch == '<' && i + 1 < h.length()) {
                        char next = h.charAt(i + 1);
                        if (Character.isLetter(next)) {
                            c.state = TAG_OPEN;
                            tagStart = i + 1;
                        } else if (next == '/' && i + 2 < h.length() && Character.isLetter(h.charAt(i + 2))) {
                            c.state = END_TAG;
                        } else if (h.startsWith("<!--", i)) {
                            c.state = COMMENT;
                            i += 3;
                        } else if (next == '!' || next == '?') {
                            c.state = BOGUS;
                        }
                    }
                    break;
                case TAG_OPEN:
                    if (Character.isWhitespace(ch) || ch == '/' || ch == '>') {
                        c.tag = h.substring(tagStart, i).toLowerCase(Locale.ROOT);
                        if (ch == '>') {
                            c.content(i);
                        } else {
                            c.state = IN_TAG;
                        }
                    }
                    break;
                case IN_TAG:
                    if (ch == '>') {
                        c.content(i);
                    } else if (!Character.isWhitespace(ch) && ch != '/') {
                        c.state = ATTR_NAME;
                        attrStart = i;
                    }
                    break;
                case ATTR_NAME:
                    if (ch == '=' || Character.isWhitespace(ch) || ch == '/' || ch == '>') {
                        c.attr = h.substring(attrStart, i).toLowerCase(Locale.ROOT);
                        c.state = ch == '=' ? BEFORE_VALUE : ch == '/' ? IN_TAG : ch == '>' ? TEXT : AFTER_ATTR_NAME;
                        if (ch == '>') {
                            c.content(i);
                        }
                    }
                    break;
                case AFTER_ATTR_NAME:
                    if (ch == '=') {
                        c.state = BEFORE_VALUE;
                    } else if (ch == '>') {
                        c.content(i);
                    } else if (ch == '/') {
                        c.state = IN_TAG;
                    } else if (!Character.isWhitespace(ch)) {
                        c.state = ATTR_NAME;
                        attrStart = i;
                    }
                    break;
                case BEFORE_VALUE:
                    if (ch == '"') {
                        c.state = VALUE_DQ;
                        c.valueStart = i + 1;
                    } else if (ch == '\'') {
                        c.state = VALUE_SQ;
                        c.valueStart = i + 1;
                    } else if (ch == '>') {
                        c.content(i);
                    } else if (!Character.isWhitespace(ch)) {
                        c.state = VALUE_UQ;
                        c.valueStart = i;
                    }
                    break;
                case VALUE_DQ:
                    if (ch == '"') {
                        c.state = IN_TAG;
                    }
                    break;
                case VALUE_SQ:
                    if (ch == '\'') {
                        c.state = IN_TAG;
                    }
                    break;
                case VALUE_UQ:
                    if (Character.isWhitespace(ch)) {
                        c.state = IN_TAG;
                    } else if (ch == '>') {
                        c.content(i);
                    }
                    break;
                case COMMENT:
                    if (h.startsWith("-->", i)) {
                        c.state = TEXT;
                        i += 2;
                    } else if (h.startsWith("--!>", i)) {
                        c.state = TEXT;
                        i += 3;
                    }
                    break;
                case RAWTEXT:
                    if (ch == '<' && i + 1 < h.length() && h.charAt(i + 1) == '/' && h.regionMatches(true, i + 2, c.rawTag, 0, c.rawTag.length())) {
                        int after = i + 2 + c.rawTag.length();
                        if (after >= h.length() || Character.isWhitespace(h.charAt(after)) || h.charAt(after) == '>' || h.charAt(after) == '/') {
                            c.state = END_TAG;
                        }
                    }
                    break;
                case END_TAG:
                case BOGUS:
                    if (ch == '>') {
                        c.state = TEXT;
                    }
                    break;
                default:
                    break;
            }
            i++;
        }
        if (c.state == TAG_OPEN) {
            c.tag = h.substring(tagStart, pos).toLowerCase(Locale.ROOT);
        } else if (c.state == ATTR_NAME) {
            c.attr = h.substring(attrStart, pos).toLowerCase(Locale.ROOT);
        }
        return c;
    }

    /** The '>' at {@code i} ends a start tag: text follows, or raw text for script, style, textarea, .... */
    private void content(int i) {
        state = TEXT;
        for (String r : RAW) {
            if (r.equals(tag)) {
                state = RAWTEXT;
                rawTag = tag;
                rawStart = i + 1;
                return;
            }
        }
    }

    /** This context with the value of the current attribute starting, unquoted, at {@code pos}. */
    HtmlContext unquotedValueAt(int pos) {
        HtmlContext c = new HtmlContext();
        c.state = VALUE_UQ;
        c.tag = tag;
        c.attr = attr;
        c.valueStart = pos;
        return c;
    }

    String describe() {
        switch (state) {
            case TEXT:
                return "as text";
            case TAG_OPEN:
                return "inside the tag name <" + tag + ">";
            case IN_TAG:
            case ATTR_NAME:
            case AFTER_ATTR_NAME:
                return "inside the <" + tag + "> tag";
            case BEFORE_VALUE:
            case VALUE_UQ:
                return "in the unquoted " + attr + " attribute of <" + tag + ">";
            case VALUE_DQ:
                return "in the double-quoted " + attr + " attribute of <" + tag + ">";
            case VALUE_SQ:
                return "in the single-quoted " + attr + " attribute of <" + tag + ">";
            case COMMENT:
                return "inside a comment";
            case RAWTEXT:
                return "inside <" + rawTag + ">";
            default:
                return "inside markup";
        }
    }
}
