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

    /** Scanner position: the text, the next character to read, where the current tag and attribute names began. */
    private final String h;
    private int i;
    private int tagStart;
    private int attrStart;

    private HtmlContext(String h) {
        this.h = h;
    }

    /** A scanner at the start of {@code h}; {@link #advanceTo} moves it forward only. */
    static HtmlContext scanner(String h) {
        return new HtmlContext(h);
    }

    /** The context at {@code pos} of {@code h}, scanned from its start. */
    static HtmlContext at(String h, int pos) {
        return scanner(h).advanceTo(pos);
    }

    /**
     * Moves the scanner to {@code pos} (a position before where it is leaves it where it is) and
     * returns the context there, as a snapshot that later moves do not change.
     */
    HtmlContext advanceTo(int pos) {
        while (i < pos) {
            char ch = h.charAt(i);
            switch (state) {
                case TEXT:
                    if (ch == '<' && i + 1 < h.length()) {
                        char next = h.charAt(i + 1);
                        if (Character.isLetter(next)) {
                            state = TAG_OPEN;
                            tagStart = i + 1;
                        } else if (next == '/' && i + 2 < h.length() && Character.isLetter(h.charAt(i + 2))) {
                            state = END_TAG;
                        } else if (h.startsWith("<!--", i)) {
                            state = COMMENT;
                            i += 3;
                        } else if (next == '!' || next == '?') {
                            state = BOGUS;
                        }
                    }
                    break;
                case TAG_OPEN:
                    if (Character.isWhitespace(ch) || ch == '/' || ch == '>') {
                        tag = h.substring(tagStart, i).toLowerCase(Locale.ROOT);
                        if (ch == '>') {
                            content(i);
                        } else {
                            state = IN_TAG;
                        }
                    }
                    break;
                case IN_TAG:
                    if (ch == '>') {
                        content(i);
                    } else if (!Character.isWhitespace(ch) && ch != '/') {
                        state = ATTR_NAME;
                        attrStart = i;
                    }
                    break;
                case ATTR_NAME:
                    if (ch == '=' || Character.isWhitespace(ch) || ch == '/' || ch == '>') {
                        attr = h.substring(attrStart, i).toLowerCase(Locale.ROOT);
                        state = ch == '=' ? BEFORE_VALUE : ch == '/' ? IN_TAG : ch == '>' ? TEXT : AFTER_ATTR_NAME;
                        if (ch == '>') {
                            content(i);
                        }
                    }
                    break;
                case AFTER_ATTR_NAME:
                    if (ch == '=') {
                        state = BEFORE_VALUE;
                    } else if (ch == '>') {
                        content(i);
                    } else if (ch == '/') {
                        state = IN_TAG;
                    } else if (!Character.isWhitespace(ch)) {
                        state = ATTR_NAME;
                        attrStart = i;
                    }
                    break;
                case BEFORE_VALUE:
                    if (ch == '"') {
                        state = VALUE_DQ;
                        valueStart = i + 1;
                    } else if (ch == '\'') {
                        state = VALUE_SQ;
                        valueStart = i + 1;
                    } else if (ch == '>') {
                        content(i);
                    } else if (!Character.isWhitespace(ch)) {
                        state = VALUE_UQ;
                        valueStart = i;
                    }
                    break;
                case VALUE_DQ:
                    if (ch == '"') {
                        state = IN_TAG;
                    }
                    break;
                case VALUE_SQ:
                    if (ch == '\'') {
                        state = IN_TAG;
                    }
                    break;
                case VALUE_UQ:
                    if (Character.isWhitespace(ch)) {
                        state = IN_TAG;
                    } else if (ch == '>') {
                        content(i);
                    }
                    break;
                case COMMENT:
                    if (h.startsWith("-->", i)) {
                        state = TEXT;
                        i += 2;
                    } else if (h.startsWith("--!>", i)) {
                        state = TEXT;
                        i += 3;
                    }
                    break;
                case RAWTEXT:
                    if (ch == '<' && i + 1 < h.length() && h.charAt(i + 1) == '/' && h.regionMatches(true, i + 2, rawTag, 0, rawTag.length())) {
                        int after = i + 2 + rawTag.length();
                        if (after >= h.length() || Character.isWhitespace(h.charAt(after)) || h.charAt(after) == '>' || h.charAt(after) == '/') {
                            state = END_TAG;
                        }
                    }
                    break;
                case END_TAG:
                case BOGUS:
                    if (ch == '>') {
                        state = TEXT;
                    }
                    break;
                default:
                    break;
            }
            i++;
        }
        HtmlContext snapshot = new HtmlContext(h);
        snapshot.state = state;
        snapshot.tag = state == TAG_OPEN ? h.substring(tagStart, Math.max(tagStart, Math.min(pos, h.length()))).toLowerCase(Locale.ROOT) : tag;
        snapshot.attr = state == ATTR_NAME ? h.substring(attrStart, Math.max(attrStart, Math.min(pos, h.length()))).toLowerCase(Locale.ROOT) : attr;
        snapshot.valueStart = valueStart;
        snapshot.rawTag = rawTag;
        snapshot.rawStart = rawStart;
        return snapshot;
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
        HtmlContext c = new HtmlContext(h);
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
