package secplane.detect;

import java.util.List;

/**
 * XPath injection (CWE-643): an input that is not wholly inside one literal, number or name of an
 * XPath 1.0 expression (W3C XPath 1.0 §3.7 "Lexical Structure": literals in ' or " without escapes,
 * numbers, names with '-' and '.', operators, 'and'/'or'/'div'/'mod', '[' ']' '|' '//' '@' '::' '$').
 */
final class XpathCheck {
    static final String RULE = "xpath.injection";

    private XpathCheck() {
    }

    static Verdict check(String raw, List<Input> inputs) {
        String expr = Text.cap(raw);
        Tokens tokens = null;
        for (int k = 0; k < inputs.size(); k++) {
            Input in = inputs.get(k);
            if (in == null) {
                continue;
            }
            String v = Text.matchable(in);
            if (v.length() < 2 || Text.blank(v)) {
                continue;
            }
            int s = expr.indexOf(v);
            for (int found = 0; s >= 0 && found < Text.MAX_OCCURRENCES; found++, s = expr.indexOf(v, s + 1)) {
                if (tokens == null) {
                    tokens = lex(expr);
                }
                int e = s + v.length();
                int first = Structure.first(tokens, s);
                int last = Structure.last(tokens, e);
                if (first > last) {
                    continue;
                }
                if (first == last) {
                    if (tokens.type(first) == Tokens.STRING && tokens.unterminated(first) && (v.indexOf('\'') >= 0 || v.indexOf('"') >= 0)) {
                        return attack(tokens, in, s, e, first, last, "leaves a string literal open to the end of the expression");
                    }
                    continue;
                }
                if (last == first + 1 && tokens.isOperator(first, '-') && tokens.type(last) == Tokens.NUMBER) {
                    continue;
                }
                String phrase = Structure.breaksOut(tokens, first, s, e)
                        ? "closes a string literal and adds " + Text.show(Structure.added(tokens, first + 1, last, e))
                        : "spans " + (last - first + 1) + " tokens " + Text.show(Structure.added(tokens, first, last, e));
                return attack(tokens, in, s, e, first, last, phrase);
            }
        }
        return Verdict.none();
    }

    private static Verdict attack(Tokens t, Input in, int s, int e, int first, int last, String phrase) {
        String expected = Structure.expected(t, first, last, s);
        String actual = Structure.actual(t, first, last);
        return Verdict.attack(RULE, in, Text.who(in) + " " + phrase + ": the expression's tokens change from " + expected + " to " + actual,
                "technique", "structure", "expression", Structure.excerpt(t.text, s, e), "tokens.expected", expected,
                "tokens.actual", actual, "offset", s);
    }

    static Tokens lex(String x) {
        Tokens t = new Tokens(x);
        int n = x.length();
        int i = 0;
        while (i < n) {
            char c = x.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (c == '\'' || c == '"') {
                int close = x.indexOf(c, i + 1);
                if (close < 0) {
                    t.add(Tokens.STRING | Tokens.UNTERMINATED, i, n);
                    i = n;
                } else {
                    t.add(Tokens.STRING, i, close + 1);
                    i = close + 1;
                }
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(x.charAt(i + 1))) {
                i++;
                while (i < n && (Character.isDigit(x.charAt(i)) || x.charAt(i) == '.')) {
                    i++;
                }
                t.add(Tokens.NUMBER, start, i);
            } else if (Character.isLetter(c) || c == '_') {
                i = nameEnd(x, i + 1);
                // QName prefix:local, and prefix:* ; but not the axis separator '::'
                if (i + 1 < n && x.charAt(i) == ':' && x.charAt(i + 1) != ':' && (Character.isLetter(x.charAt(i + 1)) || x.charAt(i + 1) == '_' || x.charAt(i + 1) == '*')) {
                    i = x.charAt(i + 1) == '*' ? i + 2 : nameEnd(x, i + 2);
                }
                t.add(Tokens.WORD, start, i);
            } else if (c == '$') {
                i = nameEnd(x, i + 1);
                t.add(Tokens.VARIABLE, start, i);
            } else if ((c == '/' || c == '.' || c == ':' || c == '!' || c == '<' || c == '>') && i + 1 < n
                    && (x.charAt(i + 1) == c && c != '!' && c != '<' && c != '>' || x.charAt(i + 1) == '=' && (c == '!' || c == '<' || c == '>'))) {
                i += 2;
                t.add(Tokens.OPERATOR, start, i);
            } else {
                i++;
                t.add(Tokens.OPERATOR, start, i);
            }
        }
        return t;
    }

    private static int nameEnd(String x, int i) {
        while (i < x.length() && (Character.isLetterOrDigit(x.charAt(i)) || x.charAt(i) == '_' || x.charAt(i) == '-' || x.charAt(i) == '.')) {
            i++;
        }
        return i;
    }
}
