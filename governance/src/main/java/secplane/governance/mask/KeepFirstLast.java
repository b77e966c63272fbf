package secplane.governance.mask;

/**
 * Keeps the first n and last m characters and replaces the rest with a mask character, counted in code
 * points so that Chinese text masks cleanly ("张小明" with 0,1 → "**明"). When n + m would reveal the whole
 * value, fewer characters are kept so that at least one is masked.
 */
public record KeepFirstLast(int first, int last, char mask) implements MaskOperator {
    public KeepFirstLast {
        if (first < 0 || last < 0) {
            throw new IllegalArgumentException("keep counts must not be negative: " + first + "," + last);
        }
    }

    public KeepFirstLast(int first, int last) {
        this(first, last, '*');
    }

    @Override
    public String apply(String value) {
        if (!hasSurrogate(value)) {
            return applyToChars(value);
        }
        int[] cps = value.codePoints().toArray();
        int n = cps.length;
        int keepFirst = first;
        int keepLast = last;
        while (keepFirst + keepLast >= n && keepFirst + keepLast > 0) {
            if (keepFirst >= keepLast && keepFirst > 0) {
                keepFirst--;
            } else {
                keepLast--;
            }
        }
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < n; i++) {
            boolean keep = i < keepFirst || i >= n - keepLast || isSeparator(cps[i]);
            if (keep) {
                sb.appendCodePoint(cps[i]);
            } else {
                sb.append(mask);
            }
        }
        return sb.toString();
    }

    /** The same masking when every character is a code point of its own (no surrogates): no code point array. */
    private String applyToChars(String value) {
        int n = value.length();
        int keepFirst = first;
        int keepLast = last;
        while (keepFirst + keepLast >= n && keepFirst + keepLast > 0) {
            if (keepFirst >= keepLast && keepFirst > 0) {
                keepFirst--;
            } else {
                keepLast--;
            }
        }
        char[] out = new char[n];
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            out[i] = i < keepFirst || i >= n - keepLast || isSeparator(c) ? c : mask;
        }
        return new String(out);
    }

    /**
     * Masks characters [start, end) of a builder in place, exactly those {@link #apply} would mask, writing
     * {@code with} instead of the mask character; for values without surrogates (one char, one code point).
     */
    public void maskInPlace(StringBuilder sb, int start, int end, char with) {
        int n = end - start;
        int keepFirst = first;
        int keepLast = last;
        while (keepFirst + keepLast >= n && keepFirst + keepLast > 0) {
            if (keepFirst >= keepLast && keepFirst > 0) {
                keepFirst--;
            } else {
                keepLast--;
            }
        }
        for (int i = keepFirst; i < n - keepLast; i++) {
            if (!isSeparator(sb.charAt(start + i))) {
                sb.setCharAt(start + i, with);
            }
        }
    }

    private static boolean hasSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isSurrogate(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Separators ('-', ' ', '@', '.') stay so that a masked value keeps its shape. */
    private static boolean isSeparator(int cp) {
        return cp == '-' || cp == ' ' || cp == '·';
    }
}
