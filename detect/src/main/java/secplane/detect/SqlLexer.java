package secplane.detect;

/**
 * A SQL lexer per dialect, only as deep as the structure check needs: where literals, quoted
 * identifiers, comments, numbers, words, variables and operators begin and end.
 *
 * <ul>
 *   <li>MySQL / MariaDB: {@code '} and {@code "} strings with backslash escapes and doubled quotes,
 *       {@code `} identifiers, {@code #} comments, {@code -- } comments only when the second dash is
 *       followed by white space or a control character, {@code /*! ... *}{@code /} executable
 *       comments whose content is lexed as SQL (MySQL Reference Manual 11.7 "Comments"),
 *       {@code _charset'...'}, {@code X'..'}, {@code B'..'}, {@code N'..'} prefixes, {@code @var},
 *       {@code @@sysvar}.</li>
 *   <li>PostgreSQL: standard strings (doubled quotes only), {@code E'...'} with backslash escapes,
 *       {@code U&'...'}, dollar quoting {@code $tag$...$tag$}, nested block comments, {@code $1}
 *       parameters (PostgreSQL docs 4.1 "Lexical Structure").</li>
 *   <li>Oracle: {@code q'[...]'} alternative quoting with {@code [] {} () <>} or any other
 *       delimiter, {@code N'..'}, {@code :bind}.</li>
 *   <li>SQL Server: {@code [identifier]} with {@code ]]}, {@code N'..'}, nested block comments,
 *       {@code @var}, {@code #temp} names.</li>
 *   <li>H2: {@code //} line comments, {@code $$...$$} strings; SQLite: {@code [..]} and {@code `..`}
 *       identifiers, {@code $name :name @name ?NNN} parameters.</li>
 * </ul>
 */
final class SqlLexer {
    private SqlLexer() {
    }

    static Tokens lex(String s, Dialect d) {
        Tokens t = new Tokens(s);
        boolean mysql = d == Dialect.MYSQL;
        boolean pg = d == Dialect.POSTGRESQL;
        boolean nestedComments = pg || d == Dialect.SQLSERVER;
        boolean brackets = d == Dialect.SQLSERVER || d == Dialect.SQLITE;
        boolean backticks = mysql || d == Dialect.SQLITE || d == Dialect.H2;
        boolean dollarQuotes = pg || d == Dialect.H2;
        int executable = 0;
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (space(c)) {
                i++;
                continue;
            }
            char next = i + 1 < n ? s.charAt(i + 1) : '\0';
            int start = i;
            if (c == '-' && next == '-' && (!mysql || i + 2 >= n || s.charAt(i + 2) <= ' ')) {
                i = lineEnd(s, i);
                t.add(Tokens.COMMENT, start, i);
            } else if (c == '#' && mysql) {
                i = lineEnd(s, i);
                t.add(Tokens.COMMENT, start, i);
            } else if (c == '/' && next == '/' && d == Dialect.H2) {
                i = lineEnd(s, i);
                t.add(Tokens.COMMENT, start, i);
            } else if (c == '/' && next == '*') {
                if (mysql && (at(s, i + 2) == '!' || (at(s, i + 2) == 'M' && at(s, i + 3) == '!'))) {
                    i += at(s, i + 2) == '!' ? 3 : 4;
                    while (i < n && Character.isDigit(s.charAt(i))) {
                        i++;
                    }
                    t.add(Tokens.DELIMITER, start, i);
                    executable++;
                } else {
                    i = blockCommentEnd(s, i, nestedComments, t);
                }
            } else if (c == '*' && next == '/' && executable > 0) {
                i += 2;
                t.add(Tokens.DELIMITER, start, i);
                executable--;
            } else if (c == '\'') {
                i = quoted(s, i, i, '\'', mysql, Tokens.STRING, t);
            } else if (c == '"') {
                i = mysql ? quoted(s, i, i, '"', true, Tokens.STRING, t) : quoted(s, i, i, '"', false, Tokens.NAME, t);
            } else if (c == '`' && backticks) {
                i = quoted(s, i, i, '`', false, Tokens.NAME, t);
            } else if (c == '[' && brackets) {
                i = quoted(s, i, i, ']', false, Tokens.NAME, t);
            } else if (c == '$' && dollarQuotes && dollarTagEnd(s, i) > 0 && (i == 0 || !wordChar(s.charAt(i - 1), d))) {
                i = dollarQuoted(s, i, t);
            } else if (c == '$' && (pg || d == Dialect.SQLITE) && i + 1 < n && (Character.isDigit(next) || Character.isLetter(next))) {
                i = wordEnd(s, i + 1, d);
                t.add(Tokens.VARIABLE, start, i);
            } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(next))) {
                i = number(s, i);
                t.add(Tokens.NUMBER, start, i);
            } else if (c == '@') {
                i++;
                if (i < n && s.charAt(i) == '@') {
                    i++;
                }
                char q = at(s, i);
                if (q == '\'' || q == '"' || q == '`') {
                    i = quoted(s, i, start, q, mysql, Tokens.VARIABLE, t);
                } else {
                    i = wordEnd(s, i, d);
                    t.add(Tokens.VARIABLE, start, i);
                }
            } else if (c == ':' && next != ':' && (Character.isLetter(next) || next == '_') && (i == 0 || s.charAt(i - 1) != ':')) {
                i = wordEnd(s, i + 1, d);
                t.add(Tokens.VARIABLE, start, i);
            } else if (c == '?') {
                i++;
                while (i < n && Character.isDigit(s.charAt(i)) && d == Dialect.SQLITE) {
                    i++;
                }
                t.add(Tokens.VARIABLE, start, i);
            } else if (wordStart(c, d)) {
                i = wordEnd(s, i + 1, d);
                i = afterWord(s, start, i, d, t);
            } else if (c == '<' || c == '>' || c == '=' || c == '!' || c == '|' || c == '&' || c == '~' || c == '^') {
                i++;
                while (i < n && i - start < 3 && "<>=!|&~^".indexOf(s.charAt(i)) >= 0) {
                    i++;
                }
                t.add(Tokens.OPERATOR, start, i);
            } else if (c == ':' && next == ':') {
                i += 2;
                t.add(Tokens.OPERATOR, start, i);
            } else {
                i++;
                if (Character.isHighSurrogate(c) && i < n) {
                    i++;
                }
                t.add(Tokens.OPERATOR, start, i);
            }
        }
        return t;
    }

    /** A word just lexed may be the prefix of a string literal: N'..', E'..', X'..', q'[..]', _utf8'..', U&'..'. */
    private static int afterWord(String s, int start, int i, Dialect d, Tokens t) {
        char next = at(s, i);
        int len = i - start;
        if (next == '\'') {
            char p = Character.toUpperCase(s.charAt(start));
            if (d == Dialect.ORACLE && (Text.equalsIgnoreCase(s, start, i, "q") || Text.equalsIgnoreCase(s, start, i, "nq"))) {
                return alternativeQuote(s, start, i, t);
            }
            if (len == 1 && (p == 'N' || p == 'X' || p == 'B' || (p == 'E' && d == Dialect.POSTGRESQL))) {
                return quoted(s, i, start, '\'', d == Dialect.MYSQL || p == 'E', Tokens.STRING, t);
            }
            if (d == Dialect.MYSQL && s.charAt(start) == '_' && len > 1) {
                return quoted(s, i, start, '\'', true, Tokens.STRING, t);
            }
        } else if (next == '&' && at(s, i + 1) == '\'' && len == 1 && Character.toUpperCase(s.charAt(start)) == 'U' && d == Dialect.POSTGRESQL) {
            return quoted(s, i + 1, start, '\'', false, Tokens.STRING, t);
        }
        t.add(Tokens.WORD, start, i);
        return i;
    }

    /** Oracle {@code q'X...X'}: the closing delimiter is X, or its mirror for [ { ( <, followed by a quote. */
    private static int alternativeQuote(String s, int start, int quote, Tokens t) {
        int open = quote + 1;
        if (open >= s.length()) {
            t.add(Tokens.STRING | Tokens.UNTERMINATED, start, s.length());
            return s.length();
        }
        char o = s.charAt(open);
        char close = o == '[' ? ']' : o == '{' ? '}' : o == '(' ? ')' : o == '<' ? '>' : o;
        for (int j = open + 1; j + 1 < s.length(); j++) {
            if (s.charAt(j) == close && s.charAt(j + 1) == '\'') {
                t.add(Tokens.STRING, start, j + 2);
                return j + 2;
            }
        }
        t.add(Tokens.STRING | Tokens.UNTERMINATED, start, s.length());
        return s.length();
    }

    /**
     * A literal or identifier from the quote at {@code i} to its closing {@code close}; a doubled
     * closing character stands for itself, and with {@code backslash} a backslash escapes the next
     * character. The token starts at {@code tokenStart} (before any prefix).
     */
    static int quoted(String s, int i, int tokenStart, char close, boolean backslash, int type, Tokens t) {
        int n = s.length();
        int j = i + 1;
        while (j < n) {
            char c = s.charAt(j);
            if (backslash && c == '\\') {
                j += 2;
            } else if (c == close) {
                if (j + 1 < n && s.charAt(j + 1) == close) {
                    j += 2;
                } else {
                    t.add(type, tokenStart, j + 1);
                    return j + 1;
                }
            } else {
                j++;
            }
        }
        t.add(type | Tokens.UNTERMINATED, tokenStart, n);
        return n;
    }

    private static int blockCommentEnd(String s, int i, boolean nested, Tokens t) {
        int n = s.length();
        int depth = 1;
        int j = i + 2;
        while (j < n) {
            if (s.charAt(j) == '*' && j + 1 < n && s.charAt(j + 1) == '/') {
                j += 2;
                if (--depth == 0) {
                    t.add(Tokens.COMMENT, i, j);
                    return j;
                }
            } else if (nested && s.charAt(j) == '/' && j + 1 < n && s.charAt(j + 1) == '*') {
                depth++;
                j += 2;
            } else {
                j++;
            }
        }
        t.add(Tokens.COMMENT | Tokens.UNTERMINATED, i, n);
        return n;
    }

    /** End of the {@code $tag$} opening at {@code i} (index after it), or -1. */
    private static int dollarTagEnd(String s, int i) {
        int j = i + 1;
        if (j < s.length() && (Character.isLetter(s.charAt(j)) || s.charAt(j) == '_')) {
            while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                j++;
            }
        }
        return j < s.length() && s.charAt(j) == '$' ? j + 1 : -1;
    }

    private static int dollarQuoted(String s, int i, Tokens t) {
        int open = dollarTagEnd(s, i);
        String tag = s.substring(i, open);
        int close = s.indexOf(tag, open);
        if (close < 0) {
            t.add(Tokens.STRING | Tokens.UNTERMINATED, i, s.length());
            return s.length();
        }
        t.add(Tokens.STRING, i, close + tag.length());
        return close + tag.length();
    }

    private static int number(String s, int i) {
        int n = s.length();
        if (s.charAt(i) == '0' && i + 1 < n && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
            int j = i + 2;
            while (j < n && Character.digit(s.charAt(j), 16) >= 0) {
                j++;
            }
            return j;
        }
        if (s.charAt(i) == '0' && i + 2 < n && (s.charAt(i + 1) == 'b' || s.charAt(i + 1) == 'B') && (s.charAt(i + 2) == '0' || s.charAt(i + 2) == '1')) {
            int j = i + 2;
            while (j < n && (s.charAt(j) == '0' || s.charAt(j) == '1')) {
                j++;
            }
            return j;
        }
        int j = i;
        while (j < n && Character.isDigit(s.charAt(j))) {
            j++;
        }
        if (j < n && s.charAt(j) == '.') {
            j++;
            while (j < n && Character.isDigit(s.charAt(j))) {
                j++;
            }
        }
        if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                k++;
            }
            if (k < n && Character.isDigit(s.charAt(k))) {
                while (k < n && Character.isDigit(s.charAt(k))) {
                    k++;
                }
                j = k;
            }
        }
        return j;
    }

    private static boolean wordStart(char c, Dialect d) {
        return Character.isLetter(c) || c == '_' || (c == '#' && d == Dialect.SQLSERVER)
                || (c == '$' && (d == Dialect.MYSQL || d == Dialect.ORACLE || d == Dialect.H2));
    }

    private static boolean wordChar(char c, Dialect d) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || (c == '#' && (d == Dialect.ORACLE || d == Dialect.SQLSERVER));
    }

    private static int wordEnd(String s, int i, Dialect d) {
        while (i < s.length() && wordChar(s.charAt(i), d)) {
            i++;
        }
        return i;
    }

    private static int lineEnd(String s, int i) {
        while (i < s.length() && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    /** White space as SQL servers skip it, including the no-break space MySQL accepts between tokens. */
    static boolean space(char c) {
        return c <= ' ' || c == '\u00a0' || c == '\u0085' || Character.isSpaceChar(c) && c >= 0x2000 && c <= 0x200a;
    }

    private static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : '\0';
    }
}
