package secplane.detect;

/**
 * The tokens of one sink argument as (type, start, end) triples in one int array: no object per
 * token. White space is not a token. The lexers of the SQL, LDAP, XPath and expression checks fill
 * it; {@link Structure} reads it.
 */
final class Tokens {
    /** A quoted string literal, quotes included. */
    static final int STRING = 1;
    static final int NUMBER = 2;
    /** A bare word: identifier or keyword. */
    static final int WORD = 3;
    /** A quoted identifier ({@code "a b"}, {@code `a`}, {@code [a]}). */
    static final int NAME = 4;
    static final int OPERATOR = 5;
    static final int COMMENT = 6;
    /** A bind variable or host variable ({@code ?}, {@code :id}, {@code @x}, {@code $1}). */
    static final int VARIABLE = 7;
    /** Data that is not code: template text of an expression, an LDAP assertion value. */
    static final int TEXT = 8;
    /** Opens or closes embedded code: {@code ${ #{ }} in templates, {@code /*!} in MySQL. */
    static final int DELIMITER = 9;
    /** Flag on a STRING, NAME or COMMENT token that runs to the end without its closing delimiter. */
    static final int UNTERMINATED = 0x100;

    private int[] data;
    private int count;
    final String text;

    Tokens(String text) {
        this.text = text;
        this.data = new int[Math.min(3 * 64, 3 * (text.length() / 2 + 4))];
    }

    void add(int type, int start, int end) {
        int i = count * 3;
        if (i + 3 > data.length) {
            int[] bigger = new int[data.length * 2];
            System.arraycopy(data, 0, bigger, 0, data.length);
            data = bigger;
        }
        data[i] = type;
        data[i + 1] = start;
        data[i + 2] = end;
        count++;
    }

    int count() {
        return count;
    }

    /** The type without flags. */
    int type(int i) {
        return data[i * 3] & 0xff;
    }

    boolean unterminated(int i) {
        return (data[i * 3] & UNTERMINATED) != 0;
    }

    int start(int i) {
        return data[i * 3 + 1];
    }

    int end(int i) {
        return data[i * 3 + 2];
    }

    String text(int i) {
        return text.substring(start(i), end(i));
    }

    boolean is(int i, int type, String word) {
        return i >= 0 && i < count && type(i) == type && Text.equalsIgnoreCase(text, start(i), end(i), word);
    }

    boolean isOperator(int i, char c) {
        return i >= 0 && i < count && type(i) == OPERATOR && end(i) - start(i) == 1 && text.charAt(start(i)) == c;
    }

    /** Index of the first token that ends after {@code pos}, or {@link #count()}. Tokens are in order. */
    int firstEndingAfter(int pos) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (end(mid) <= pos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Index of the last token that starts before {@code pos}, or -1. */
    int lastStartingBefore(int pos) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (start(mid) < pos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }
}
