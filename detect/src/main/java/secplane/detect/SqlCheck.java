package secplane.detect;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SQL injection (CWE-89): an input that appears in the statement and is not wholly inside one
 * token. The statement is lexed only when some input occurs in it, once. See docs/detectors.md.
 */
final class SqlCheck {
    static final String RULE = "sql.injection";

    /** Functions and statements that make the database wait: blind, time-based injection. */
    private static final Set<String> TIME_DELAY = words("SLEEP", "BENCHMARK", "PG_SLEEP", "PG_SLEEP_FOR", "PG_SLEEP_UNTIL",
            "RECEIVE_MESSAGE", "RANDOMBLOB", "GENERATE_SERIES");
    /** Functions that read or write files, start programs or reach the network from the database. */
    private static final Set<String> FILE_ACCESS = words("LOAD_FILE", "PG_READ_FILE", "PG_READ_BINARY_FILE", "PG_LS_DIR",
            "PG_STAT_FILE", "LO_IMPORT", "LO_EXPORT", "XP_CMDSHELL", "XP_DIRTREE", "XP_FILEEXIST", "SP_OACREATE",
            "SP_EXECUTE_EXTERNAL_SCRIPT", "OPENROWSET", "OPENDATASOURCE", "UTL_FILE", "UTL_HTTP", "UTL_INADDR", "DBMS_JAVA",
            "DBMS_SCHEDULER", "FILE_READ", "FILE_WRITE", "CSVREAD", "CSVWRITE", "LOAD_EXTENSION", "SYS_EXEC", "SYS_EVAL",
            "DBMS_XMLGEN", "HTTPURITYPE");
    /** Keywords that can never be part of a benign list of column names. */
    private static final Set<String> RESERVED = words("SELECT", "FROM", "WHERE", "UNION", "AND", "OR", "NOT", "XOR", "INSERT",
            "UPDATE", "DELETE", "DROP", "CREATE", "ALTER", "EXEC", "EXECUTE", "INTO", "VALUES", "SET", "JOIN", "ON", "HAVING",
            "GROUP", "ORDER", "BY", "LIMIT", "OFFSET", "CASE", "WHEN", "THEN", "ELSE", "END", "IF", "LIKE", "IN", "IS", "NULL",
            "BETWEEN", "EXISTS", "WAITFOR", "DECLARE", "TRUNCATE", "GRANT", "REVOKE", "SHUTDOWN", "CALL", "MERGE", "REPLACE",
            "RLIKE", "REGEXP", "DIV", "MOD", "PROCEDURE", "INTERSECT", "EXCEPT", "MINUS", "TOP", "ALL", "DISTINCT", "AS", "WITH",
            "COPY", "HANDLER", "LOAD", "OUTFILE", "DUMPFILE", "ESCAPE", "COLLATE", "BINARY", "TRUE", "FALSE", "ANY", "SOME",
            "FETCH", "ROWNUM", "USING", "LIMIT", "DUAL", "SHOW", "DESCRIBE", "ATTACH", "PRAGMA", "BEGIN", "COMMIT", "ROLLBACK",
            "USE", "GO", "DELAY", "SLEEP", "BENCHMARK", "CAST", "CONVERT", "CHAR", "CHR", "CONCAT", "SUBSTRING", "SUBSTR", "ASCII");
    /** Keywords that join conditions, sets or statements. */
    private static final Set<String> STRUCTURAL = words("OR", "AND", "XOR", "NOT", "UNION", "SELECT", "FROM", "WHERE", "HAVING", "INTO",
            "EXEC", "EXECUTE", "DECLARE", "INSERT", "UPDATE", "DELETE", "DROP", "CREATE", "ALTER", "TRUNCATE", "GRANT", "SHUTDOWN",
            "WAITFOR", "CALL", "RLIKE", "REGEXP", "LIKE", "PROCEDURE", "INTERSECT", "EXCEPT", "MINUS", "LIMIT", "JOIN", "TRUE", "FALSE");

    private SqlCheck() {
    }

    static Verdict check(String statement, Dialect dialect, List<Input> inputs) {
        String sql = Text.cap(statement);
        boolean truncated = statement.length() > sql.length();
        Tokens tokens = null;
        for (int k = 0; k < inputs.size(); k++) {
            Input in = inputs.get(k);
            if (in == null) {
                continue;
            }
            String v = Text.matchable(in);
            if (!candidate(v)) {
                continue;
            }
            // The input as an application escaping quotes by doubling them or with a backslash writes
            // it first: where that form sits inside a literal, the raw form found at the same place is
            // the escaped text read differently, not the input.
            int[] escapedAt = null;
            if (v.indexOf('\'') >= 0) {
                escapedAt = new int[Text.MAX_OCCURRENCES * 4 + 1];
                for (int variant = 0; variant < 2; variant++) {
                    String text = variant == 0 ? v.replace("'", "''") : v.replace("'", "\\'");
                    int s = sql.indexOf(text);
                    if (s < 0) {
                        continue;
                    }
                    if (tokens == null) {
                        tokens = SqlLexer.lex(sql, dialect);
                    }
                    Verdict found = occurrences(tokens, dialect, in, text, s, truncated, escapedAt);
                    if (found != null) {
                        return found;
                    }
                }
            }
            int s = sql.indexOf(v);
            if (s < 0) {
                continue;
            }
            if (tokens == null) {
                tokens = SqlLexer.lex(sql, dialect);
            }
            Verdict found = occurrences(tokens, dialect, in, v, s, truncated, escapedAt);
            if (found != null) {
                return found;
            }
        }
        return Verdict.none();
    }

    /** Trivial inputs (one character, blanks, punctuation without quotes) would match statement text by chance. */
    static boolean candidate(String v) {
        if (v.length() < 2 || Text.blank(v)) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isLetterOrDigit(c) || "'\"`;#-/*()=|&\\".indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Examines the occurrences of {@code text} from {@code s}. {@code escapedAt} (used length in slot
     * 0, then start/end pairs) collects where an escaped form lies inside a literal; raw occurrences
     * (and further escaped ones) overlapping one of those are the same text and are skipped.
     */
    private static Verdict occurrences(Tokens t, Dialect d, Input in, String text, int s, boolean truncated, int[] escapedAt) {
        Verdict deferred = null;
        boolean seenInLiteral = false;
        boolean raw = text.equals(Text.matchable(in));
        String sql = t.text;
        for (int found = 0; s >= 0 && found < Text.MAX_OCCURRENCES; found++, s = sql.indexOf(text, s + 1)) {
            int e = s + text.length();
            if (explained(escapedAt, s, e)) {
                continue;
            }
            int first = Structure.first(t, s);
            int last = Structure.last(t, e);
            if (first > last) {
                continue;
            }
            if (first == last) {
                int type = t.type(first);
                if (type == Tokens.STRING && s >= t.start(first) && e <= t.end(first)) {
                    seenInLiteral = true;
                    // an application that escapes writes balanced quotes; unbalanced ones mean it did not
                    if (!raw && escapedAt != null && escapedAt[0] + 2 < escapedAt.length && (truncated || !endsUnterminated(t))) {
                        escapedAt[++escapedAt[0]] = s;
                        escapedAt[++escapedAt[0]] = e;
                    }
                }
                if ((type == Tokens.COMMENT || type == Tokens.DELIMITER) && t.start(first) >= s) {
                    return verdict(t, d, in, s, e, first, last, "comment", "opens a comment that hides the rest of the statement");
                }
                if ((type == Tokens.STRING || type == Tokens.NAME) && t.unterminated(first) && hasQuote(text) && !truncated) {
                    return verdict(t, d, in, s, e, first, last, "unterminated", "leaves a quoted literal open to the end of the statement");
                }
                if (raw && type == Tokens.STRING && !truncated && (hasQuote(text) || text.indexOf('\\') >= 0) && endsUnterminated(t)) {
                    return verdict(t, d, in, s, e, first, last, "unbalanced-quotes",
                            "pairs its quote or backslash with the statement's own, leaving the statement's quotes unbalanced");
                }
                if (type == Tokens.STRING && Structure.straddlesEscape(t, first, s, e, backslash(d, t, first))) {
                    return verdict(t, d, in, s, e, first, last, "quote-escape",
                            "ends with a quote or backslash that pairs with the statement's own quote, so the literal runs on past it");
                }
                continue;
            }
            String[] technique = technique(t, first, last, s, e);
            if (technique != null) {
                return verdict(t, d, in, s, e, first, last, technique[0], technique[1]);
            }
            if (signedNumber(t, first, last) || valueList(t, first, last) || nameList(t, first, last, s, e) || arithmetic(t, first, last, s, e)) {
                continue;
            }
            Verdict v = verdict(t, d, in, s, e, first, last, "structure", null);
            if (wordsOnly(t, first, last)) {
                if (!anyStructural(t, first, last)) {
                    continue; // "is null", "order by": words that change nothing the input could exploit
                }
                if (deferred == null) {
                    deferred = v;
                }
                continue;
            }
            return v;
        }
        // A run of plain words that the input also fills a literal with elsewhere is the statement's own
        // text matching by chance ("order by" typed into a search box of a lower-case query).
        return seenInLiteral ? null : deferred;
    }

    /** Techniques reported whatever else holds: {name, phrase}, or null. Only tokens the input began count. */
    private static String[] technique(Tokens t, int first, int last, int s, int e) {
        for (int i = first; i <= last; i++) {
            if (t.start(i) < s) {
                continue;
            }
            int type = t.type(i);
            if (type == Tokens.OPERATOR && t.isOperator(i, ';') && nextCode(t, i + 1) >= 0) {
                return new String[] {"stacked-query", "ends the statement and starts another"};
            }
            if (type == Tokens.COMMENT || type == Tokens.DELIMITER) {
                return new String[] {"comment", "opens a comment that hides the rest of the statement"};
            }
            if (type != Tokens.WORD) {
                continue;
            }
            String w = t.text(i).toUpperCase(Locale.ROOT);
            int after = nextCode(t, i + 1);
            if (w.equals("UNION")) {
                int j = after;
                while (t.is(j, Tokens.WORD, "ALL") || t.is(j, Tokens.WORD, "DISTINCT")) {
                    j = nextCode(t, j + 1);
                }
                if (t.is(j, Tokens.WORD, "SELECT") || t.isOperator(j, '(')) {
                    return new String[] {"union-select", "adds UNION SELECT, reading other tables"};
                }
            }
            if (TIME_DELAY.contains(w) && t.isOperator(after, '(') || w.equals("WAITFOR") && (t.is(after, Tokens.WORD, "DELAY") || t.is(after, Tokens.WORD, "TIME"))) {
                return new String[] {"time-delay", "calls the time-delay function " + w};
            }
            if (FILE_ACCESS.contains(w)) {
                return new String[] {"file-access", "calls " + w + ", which reaches files, commands or the network"};
            }
            if (w.equals("INTO") && (t.is(after, Tokens.WORD, "OUTFILE") || t.is(after, Tokens.WORD, "DUMPFILE"))) {
                return new String[] {"file-access", "writes a file with INTO " + t.text(after).toUpperCase(Locale.ROOT)};
            }
            if (w.equals("COPY") && followedWithin(t, i, 12, "PROGRAM")) {
                return new String[] {"file-access", "runs a program with COPY ... PROGRAM"};
            }
            if (w.equals("CREATE") && t.is(after, Tokens.WORD, "ALIAS")) {
                return new String[] {"file-access", "defines Java code with CREATE ALIAS"};
            }
            if (w.equals("ATTACH") && (t.is(after, Tokens.WORD, "DATABASE") || after >= 0 && t.type(after) == Tokens.STRING)) {
                return new String[] {"file-access", "writes a database file with ATTACH DATABASE"};
            }
        }
        return null;
    }

    private static Verdict verdict(Tokens t, Dialect d, Input in, int s, int e, int first, int last, String technique, String phrase) {
        StringBuilder what = new StringBuilder();
        int firstType = t.type(first);
        boolean out = first < last && Structure.breaksOut(t, first, s, e);
        if (out) {
            what.append(firstType == Tokens.NAME ? "closes a quoted identifier" : firstType == Tokens.COMMENT ? "closes a comment" : "closes a string literal")
                    .append(" and adds ").append(Text.show(Structure.added(t, first + 1, last, e)));
        } else if (first < last) {
            what.append("spans ").append(last - first + 1).append(" tokens ").append(Text.show(Structure.added(t, first, last, e)));
        }
        if (phrase != null) {
            what.append(what.length() == 0 ? "" : ", which ").append(phrase);
        }
        String expected = Structure.expected(t, first, last, s);
        String actual = Structure.actual(t, first, last);
        String reason = Text.who(in) + " " + what + ": the statement's tokens change from " + expected + " to " + actual;
        return Verdict.attack(RULE, in, reason, "dialect", d.name(), "technique", technique, "offset", s,
                "statement", Structure.excerpt(t.text, s, e), "tokens.expected", expected, "tokens.actual", actual);
    }

    /** Backslash escapes apply: MySQL strings, PostgreSQL E'' strings. */
    private static boolean backslash(Dialect d, Tokens t, int i) {
        char c = t.text.charAt(t.start(i));
        return d == Dialect.MYSQL || d == Dialect.POSTGRESQL && (c == 'E' || c == 'e');
    }

    private static boolean hasQuote(String v) {
        return v.indexOf('\'') >= 0 || v.indexOf('"') >= 0 || v.indexOf('`') >= 0 || v.indexOf(']') >= 0 || v.indexOf('$') >= 0;
    }

    /** The next token at or after {@code i} that is not a comment, or -1. */
    private static int nextCode(Tokens t, int i) {
        for (; i < t.count(); i++) {
            if (t.type(i) != Tokens.COMMENT && t.type(i) != Tokens.DELIMITER) {
                return i;
            }
        }
        return -1;
    }

    private static boolean followedWithin(Tokens t, int i, int n, String word) {
        for (int j = i + 1; j < t.count() && j <= i + n; j++) {
            if (t.is(j, Tokens.WORD, word)) {
                return true;
            }
        }
        return false;
    }

    /** {@code -5}, {@code +1.5}: a sign and a number. */
    private static boolean signedNumber(Tokens t, int first, int last) {
        return last == first + 1 && (t.isOperator(first, '-') || t.isOperator(first, '+')) && t.type(last) == Tokens.NUMBER;
    }

    /** {@code 1,2,3} or {@code 'a','b'} for an IN list: literals separated by commas. */
    private static boolean valueList(Tokens t, int first, int last) {
        boolean comma = false;
        for (int i = first; i <= last; i++) {
            int type = t.type(i);
            if (t.isOperator(i, ',')) {
                comma = true;
            } else if (!(type == Tokens.NUMBER || type == Tokens.STRING && !t.unterminated(i) || t.isOperator(i, '-') && i < last && t.type(i + 1) == Tokens.NUMBER)) {
                return false;
            }
        }
        return comma;
    }

    /**
     * {@code id-7}, {@code price*2}: names and numbers joined by arithmetic, no keyword, call or
     * parenthesis. Such an input can only compute a value from columns the query already reads; a
     * single name ({@code id}) is one token and never judged, and this is no more than that.
     */
    private static boolean arithmetic(Tokens t, int first, int last, int s, int e) {
        if (t.start(first) < s || t.end(last) > e) {
            return false;
        }
        boolean operator = false;
        for (int i = first; i <= last; i++) {
            int type = t.type(i);
            if (type == Tokens.NUMBER) {
                continue;
            }
            if (type == Tokens.WORD) {
                String w = t.text(i).toUpperCase(Locale.ROOT);
                if (RESERVED.contains(w) || TIME_DELAY.contains(w) || FILE_ACCESS.contains(w) || t.isOperator(i + 1, '(')) {
                    return false;
                }
                continue;
            }
            if (t.isOperator(i, '+') || t.isOperator(i, '-') || t.isOperator(i, '*') || t.isOperator(i, '/') || t.isOperator(i, '%')) {
                operator = true;
                continue;
            }
            return false;
        }
        return operator;
    }

    /** {@code name desc}, {@code t.created_at, id}, {@code 3 desc}: column names or positions for ORDER BY or a select list, no keyword among them. */
    private static boolean nameList(Tokens t, int first, int last, int s, int e) {
        if (t.start(first) < s || t.end(last) > e) {
            return false;
        }
        for (int i = first; i <= last; i++) {
            int type = t.type(i);
            if (type == Tokens.NAME && !t.unterminated(i) || type == Tokens.NUMBER || t.isOperator(i, ',') || t.isOperator(i, '.')) {
                continue;
            }
            if (type != Tokens.WORD) {
                return false;
            }
            String w = t.text(i).toUpperCase(Locale.ROOT);
            if (RESERVED.contains(w) || TIME_DELAY.contains(w) || FILE_ACCESS.contains(w)) {
                return false;
            }
            if (t.isOperator(i + 1, '(')) {
                return false;
            }
        }
        return true;
    }

    /** The statement ends inside a string or quoted name: its quotes do not balance. */
    private static boolean endsUnterminated(Tokens t) {
        int n = t.count();
        return n > 0 && t.unterminated(n - 1) && (t.type(n - 1) == Tokens.STRING || t.type(n - 1) == Tokens.NAME);
    }

    /** {@code [s, e)} overlaps a place where the escaped form of the input lies inside a literal. */
    private static boolean explained(int[] escapedAt, int s, int e) {
        if (escapedAt == null) {
            return false;
        }
        for (int i = 1; i + 1 <= escapedAt[0]; i += 2) {
            if (s < escapedAt[i + 1] && e > escapedAt[i]) {
                return true;
            }
        }
        return false;
    }

    /** A keyword that joins conditions or statements: what a run of plain words needs to change a query's meaning. */
    private static boolean anyStructural(Tokens t, int first, int last) {
        for (int i = first; i <= last; i++) {
            if (STRUCTURAL.contains(t.text(i).toUpperCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static boolean wordsOnly(Tokens t, int first, int last) {
        for (int i = first; i <= last; i++) {
            if (t.type(i) != Tokens.WORD) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> words(String... w) {
        return new HashSet<>(Arrays.asList(w));
    }
}
