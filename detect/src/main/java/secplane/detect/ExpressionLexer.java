package secplane.detect;

/**
 * Tokens of SpEL, OGNL, MVEL, JEXL and EL expressions. Strings: SpEL doubles its quote inside a
 * literal ({@code 'it''s'}); the others escape with a backslash. Templates: EL always (text with
 * {@code ${...}} and {@code #{...}}), SpEL only as {@code spel-template} (text given to Spring's
 * TemplateParserContext). Plain {@code spel} is one parsed expression: Spring splits a template
 * into literal parts and expressions before any of them is evaluated, so an evaluated
 * SpelExpression never holds template text and {@code #{} inside its string literal is text. Template text is a TEXT token; the delimiters are DELIMITER tokens.
 */
final class ExpressionLexer {
    private ExpressionLexer() {
    }

    static Tokens lex(String x, String lang) {
        Tokens t = new Tokens(x);
        boolean spel = lang.startsWith("spel");
        boolean template = lang.equals("el") || lang.equals("spel-template");
        int n = x.length();
        if (!template) {
            code(x, 0, n, spel, t, false);
            return t;
        }
        int i = 0;
        while (i < n) {
            int open = nextOpen(x, i, spel);
            if (open < 0) {
                t.add(Tokens.TEXT, i, n);
                break;
            }
            if (open > i) {
                t.add(Tokens.TEXT, i, open);
            }
            t.add(Tokens.DELIMITER, open, open + 2);
            i = code(x, open + 2, n, spel, t, true);
            if (i < n && x.charAt(i) == '}') {
                t.add(Tokens.DELIMITER, i, i + 1);
                i++;
            }
        }
        return t;
    }

    /** The next unescaped {@code ${} or {@code #{} at or after {@code i}; SpEL templates only use {@code #{}. */
    private static int nextOpen(String x, int i, boolean spel) {
        for (int j = i; j + 1 < x.length(); j++) {
            char c = x.charAt(j);
            if ((c == '#' || c == '$' && !spel) && x.charAt(j + 1) == '{' && (j == 0 || x.charAt(j - 1) != '\\')) {
                return j;
            }
        }
        return -1;
    }

    /** Code from {@code i}; inside a template it stops at the '}' that closes the expression. */
    private static int code(String x, int i, int n, boolean spel, Tokens t, boolean inTemplate) {
        int depth = 0;
        while (i < n) {
            char c = x.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (c == '\'' || c == '"' || c == '`') {
                i = string(x, i, n, spel, t);
            } else if (Character.isDigit(c)) {
                while (i < n && (Character.isLetterOrDigit(x.charAt(i)) || x.charAt(i) == '.' && i + 1 < n && Character.isDigit(x.charAt(i + 1)))) {
                    i++;
                }
                t.add(Tokens.NUMBER, start, i);
            } else if (Character.isJavaIdentifierStart(c)) {
                i++;
                while (i < n && Character.isJavaIdentifierPart(x.charAt(i))) {
                    i++;
                }
                t.add(Tokens.WORD, start, i);
            } else {
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    if (depth == 0 && inTemplate) {
                        return i;
                    }
                    depth--;
                }
                i++;
                if (i < n && "=&|".indexOf(x.charAt(i)) >= 0 && "=!<>&|".indexOf(c) >= 0) {
                    i++;
                }
                t.add(Tokens.OPERATOR, start, i);
            }
        }
        return i;
    }

    private static int string(String x, int i, int n, boolean spel, Tokens t) {
        char q = x.charAt(i);
        int j = i + 1;
        while (j < n) {
            char c = x.charAt(j);
            if (c == '\\' && !spel) {
                j += 2;
            } else if (c == q) {
                if (spel && j + 1 < n && x.charAt(j + 1) == q) {
                    j += 2;
                } else {
                    t.add(Tokens.STRING, i, j + 1);
                    return j + 1;
                }
            } else {
                j++;
            }
        }
        t.add(Tokens.STRING | Tokens.UNTERMINATED, i, n);
        return n;
    }
}
