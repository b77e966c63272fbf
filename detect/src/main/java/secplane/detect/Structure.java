package secplane.detect;

/**
 * The rule every token-based check shares: an input occurrence {@code [s, e)} is data when it lies
 * inside one token (a literal, a number, a name); it changes the structure when it overlaps more
 * than one token, or opens a comment. This class finds the overlapped tokens and renders the
 * before/after token lists used in reasons and evidence.
 */
final class Structure {
    private static final int SHOWN_TOKEN_CHARS = 24;
    private static final int SHOWN_TOKENS = 14;

    private Structure() {
    }

    /** The first token the occurrence overlaps ({@code > last} when it overlaps none). */
    static int first(Tokens t, int s) {
        return t.firstEndingAfter(s);
    }

    /** The last token the occurrence overlaps. */
    static int last(Tokens t, int e) {
        return t.lastStartingBefore(e);
    }

    /** The input starts inside token {@code i} (after its first character) and goes on past its end. */
    static boolean breaksOut(Tokens t, int i, int s, int e) {
        return s > t.start(i) && e > t.end(i);
    }

    /** The input ends inside token {@code i} (before its last character) having started before it. */
    static boolean breaksIn(Tokens t, int i, int s, int e) {
        return s < t.start(i) && e < t.end(i);
    }

    /**
     * Inside one quoted token, an escape pair (a doubled quote, or a backslash and the character
     * after it) with one half in the input and the other in the text around it: the input's quote
     * or backslash pairs with the code's own delimiter, so the literal no longer ends where the code
     * meant ({@code '1''} + {@code ' AND ...}). Dollar-quoted and alternative-quoted literals have no
     * escapes and never straddle.
     */
    static boolean straddlesEscape(Tokens t, int i, int s, int e, boolean backslash) {
        String text = t.text;
        int start = t.start(i);
        int end = t.end(i);
        int open = start;
        while (open < end && text.charAt(open) != '\'' && text.charAt(open) != '"' && text.charAt(open) != '`') {
            if (text.charAt(open) == '$') {
                return false;
            }
            open++;
        }
        if (open >= end || open > start && (text.charAt(open - 1) == 'q' || text.charAt(open - 1) == 'Q')) {
            return false;
        }
        if (s <= open || e >= end && !t.unterminated(i)) {
            return false; // the input wrote a delimiter of the literal itself, which is then all its own
        }
        char q = text.charAt(open);
        int last = t.unterminated(i) ? end : end - 1;
        for (int j = open + 1; j < last; j++) {
            char c = text.charAt(j);
            int pairEnd;
            if (backslash && c == '\\') {
                pairEnd = j + 1;
            } else if (c == q && j + 1 < end && text.charAt(j + 1) == q) {
                pairEnd = j + 1;
            } else {
                continue;
            }
            boolean firstInside = j >= s && j < e;
            boolean secondInside = pairEnd >= s && pairEnd < e;
            if (firstInside != secondInside) {
                return true;
            }
            j = pairEnd;
        }
        return false;
    }

    /** Tokens {@code from..to} (inclusive), each shown clipped, in brackets. */
    static String render(Tokens t, int from, int to) {
        StringBuilder sb = new StringBuilder("[");
        int shown = 0;
        for (int i = Math.max(0, from); i <= to && i < t.count(); i++) {
            if (shown == SHOWN_TOKENS) {
                sb.append(", …");
                break;
            }
            if (shown++ > 0) {
                sb.append(", ");
            }
            sb.append(Text.visible(Text.clip(t.text(i), SHOWN_TOKEN_CHARS)));
        }
        return sb.append(']').toString();
    }

    /** What the code meant around the occurrence: the same window with the overlapped tokens as one value. */
    static String expected(Tokens t, int first, int last, int s) {
        StringBuilder sb = new StringBuilder("[");
        int from = Math.max(0, first - 3);
        for (int i = from; i < first; i++) {
            sb.append(Text.visible(Text.clip(t.text(i), SHOWN_TOKEN_CHARS))).append(", ");
        }
        int ft = t.type(first);
        boolean inLiteral = ft == Tokens.STRING && s > t.start(first);
        sb.append(inLiteral ? t.text.charAt(t.start(first)) == '"' ? "\"…\"" : "'…'" : "…");
        int to = Math.min(t.count() - 1, last + 2);
        for (int i = last + 1; i <= to; i++) {
            sb.append(", ").append(Text.visible(Text.clip(t.text(i), SHOWN_TOKEN_CHARS)));
        }
        return sb.append(']').toString();
    }

    /** The same window as {@link #expected} with the tokens as they are. */
    static String actual(Tokens t, int first, int last) {
        return render(t, Math.max(0, first - 3), Math.min(t.count() - 1, last + 2));
    }

    /** The input's own text from the start of token {@code from} (or {@code s}) to {@code e}, for "adds ..." in a reason. */
    static String added(Tokens t, int from, int last, int e) {
        if (from > last || from >= t.count()) {
            return "";
        }
        int start = Math.min(t.start(from), e);
        return Text.visible(Text.clip(t.text.substring(start, e).trim(), 48));
    }

    /** Up to 60 characters either side of {@code [s, e)}, with … where cut. */
    static String excerpt(String text, int s, int e) {
        return excerpt(text, s, e, 60);
    }

    /** Up to {@code radius} characters either side of {@code [s, e)}, with … where cut. */
    static String excerpt(String text, int s, int e, int radius) {
        int from = Math.max(0, s - radius);
        int to = Math.min(text.length(), Math.max(e, s) + radius);
        String mid = text.substring(from, to);
        return (from > 0 ? "…" : "") + mid + (to < text.length() ? "…" : "");
    }
}
