package secplane.governance.detectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The engine's fast path for the numbers that make up most personal data in responses and logs: resident
 * IDs, UnionPay and payment cards, mobile numbers. Their validators accept only all-digit candidates (a
 * trailing X for the resident ID, GB 11643-1999 §7) of 11 to 19 characters, so one pass over a copy of the
 * text finds the digit runs and digit groups of that length, the validators (the same Builtins code as the
 * engine's, called on the text's characters: no candidate strings) check them, and context keywords are
 * looked for in the window around a validated value instead of over the whole text.
 *
 * <p>It yields exactly what {@link DetectionEngine#detectGeneral} yields for the same detectors (same
 * candidates in the same order, the same validators, the same context arithmetic, the same overlap rule);
 * DigitScannerTest compares the two on the test corpora and on random documents.
 */
final class DigitScanner {
    /** The types whose validators accept only digit candidates of {@link #MIN} to {@link #MAX} characters. */
    static final Set<String> TYPES = Set.of("CN_RESIDENT_ID", "CN_BANK_CARD", "PAYMENT_CARD", "CN_MOBILE");
    /** An 11-digit mobile number is the shortest; a 19-digit card the longest (ISO/IEC 7812-1). */
    private static final int MIN = 11;
    private static final int MAX = 19;
    /** DetectionEngine.digitGroup: a group of digit tokens stops growing at 24 compact characters. */
    private static final int MAX_GROUP = 24;
    private static final boolean[] ALNUM = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            ALNUM[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            ALNUM[c] = true;
            ALNUM[c + 32] = true;
        }
    }

    private static final int RESIDENT_ID = 0;
    private static final int MOBILE = 1;
    private static final int BANK_CARD = 2;
    private static final int PAYMENT_CARD = 3;

    private final CandidateRule[] rules;
    /** The rules' types as the constants above: which Builtins digit validator each rule runs. */
    private final int[] kinds;
    private final Keywords[] positive;
    private final Keywords[] negative;
    private final double threshold;

    private DigitScanner(List<Detector> detectors, double threshold) {
        int n = detectors.size();
        this.rules = new CandidateRule[n];
        this.positive = new Keywords[n];
        this.negative = new Keywords[n];
        this.kinds = new int[n];
        for (int i = 0; i < n; i++) {
            rules[i] = (CandidateRule) detectors.get(i);
            String type = rules[i].type();
            kinds[i] = type.equals("CN_RESIDENT_ID") ? RESIDENT_ID : type.equals("CN_MOBILE") ? MOBILE : type.equals("CN_BANK_CARD") ? BANK_CARD : PAYMENT_CARD;
            positive[i] = new Keywords(rules[i].context().keywordsLower());
            negative[i] = new Keywords(rules[i].context().negativeLower());
        }
        this.threshold = threshold;
    }

    /** The fast path for these detectors, or null when one of them is not a digit rule it reproduces. */
    static DigitScanner forDetectors(List<Detector> detectors, double threshold) {
        if (detectors.isEmpty()) {
            return null;
        }
        for (Detector d : detectors) {
            if (!(d instanceof CandidateRule) || !TYPES.contains(d.type()) || ((CandidateRule) d).needsContext()) {
                return null;
            }
        }
        return new DigitScanner(detectors, threshold);
    }

    /** Findings at or above the threshold, without overlaps, in text order: DetectionEngine.detect's contract. */
    List<Finding> detect(String text, String field) {
        List<Finding> out = new ArrayList<>(4);
        if (text == null || text.isEmpty()) {
            return out;
        }
        String nf = Context.normaliseField(field);
        // the field vote does not depend on the value: once per call, added as Context.score adds it
        double[] fieldAdjust = new double[rules.length];
        for (int r = 0; r < rules.length; r++) {
            int f = rules[r].context().fieldVote(nf);
            fieldAdjust[r] = f > 0 ? Context.FIELD_BOOST : f < 0 ? -Context.PENALTY : 0;
        }
        // one copy of the text: indexing an array is cheaper than String.charAt in the loops below
        char[] t = text.toCharArray();
        Digits view = new Digits();
        char[] scratch = new char[MAX_GROUP];
        int n = t.length;
        int prevEnd = -2;
        boolean prevAllDigits = false;
        int i = 0;
        while (i < n) {
            char c = t[i];
            if (c >= 128 || !ALNUM[c]) {
                i++;
                continue;
            }
            int s = i;
            int digits = 0;
            do {
                if (c <= '9') {
                    digits++;
                }
                i++;
            } while (i < n && (c = t[i]) < 128 && ALNUM[c]);
            if (digits == 0) {
                continue; // a word: not a token of the engine, and it breaks any group
            }
            int e = i;
            int len = e - s;
            boolean plus = s > 0 && t[s - 1] == '+';
            if (len >= MIN && len <= MAX) {
                boolean x = digits == len - 1 && (t[e - 1] | 0x20) == 'x';
                if (digits == len) {
                    view.set(t, s, len);
                    offer(text, t, view, s, e, plus, false, fieldAdjust, out);
                } else if (x) {
                    System.arraycopy(t, s, scratch, 0, len);
                    scratch[len - 1] = 'X';
                    view.set(scratch, 0, len);
                    offer(text, t, view, s, e, plus, false, fieldAdjust, out);
                }
            }
            // DetectionEngine.joins: a digit token right after "<all digits><' ' or '-'>" continues that group
            boolean joined = prevEnd == s - 1 && prevAllDigits && (t[prevEnd] == ' ' || t[prevEnd] == '-');
            if (digits == len && !joined) {
                group(text, t, s, e, plus, view, scratch, fieldAdjust, out);
            }
            prevEnd = e;
            prevAllDigits = digits == len;
        }
        for (int k = 1; k < out.size(); k++) {
            if (out.get(k).start() < out.get(k - 1).end()) {
                return DetectionEngine.resolveOverlaps(out);
            }
        }
        return out; // in text order and without overlaps: what resolveOverlaps would return
    }

    /**
     * DetectionEngine.digitGroup read straight from the text: digit tokens joined by one and the same ' ' or
     * '-' ("138 1234 5678", "6222-0212-3456-7890"), the last of which may end in X, up to 24 characters.
     */
    private void group(String text, char[] t, int s, int e, boolean plus, Digits view, char[] scratch, double[] fieldAdjust,
                       List<Finding> out) {
        int n = t.length;
        if (e >= n) {
            return;
        }
        char sep = t[e];
        if (sep != ' ' && sep != '-') {
            return;
        }
        int compact = e - s;
        int end = e;
        boolean x = false;
        while (end < n && t[end] == sep) {
            int q = end + 1;
            int digits = 0;
            char c;
            while (q < n && (c = t[q]) < 128 && ALNUM[c]) {
                if (c <= '9') {
                    digits++;
                }
                q++;
            }
            int len = q - end - 1;
            if (digits == 0) {
                break; // no token, or a word: the next digit token is further away
            }
            boolean endsWithX = digits == len - 1 && (t[q - 1] | 0x20) == 'x';
            if (!(digits == len || endsWithX) || compact + len > MAX_GROUP) {
                break;
            }
            compact += len;
            end = q;
            if (endsWithX) {
                x = true;
                break;
            }
        }
        if (end == e || compact < MIN || compact > MAX) {
            return; // no group, or one no digit rule accepts (the engine cuts groups of 7 and more)
        }
        int k = 0;
        for (int p = s; p < end; p++) {
            if (t[p] != sep) {
                scratch[k++] = t[p];
            }
        }
        if (x) {
            scratch[compact - 1] = 'X';
        }
        view.set(scratch, 0, compact);
        offer(text, t, view, s, end, plus, true, fieldAdjust, out);
    }

    /**
     * CandidateRule.candidate for a candidate spanning [start, end) of the text whose compact digits are in the
     * view: the rule's validator, the keyword vote from the value's window, and the threshold.
     */
    private void offer(String text, char[] t, Digits compact, int start, int end, boolean plus, boolean grouped, double[] fieldAdjust,
                       List<Finding> out) {
        for (int r = 0; r < rules.length; r++) {
            double base;
            switch (kinds[r]) {
                case RESIDENT_ID:
                    base = Builtins.residentIdDigits(compact);
                    break;
                case MOBILE:
                    base = Builtins.mobileDigits(compact, grouped, plus);
                    break;
                case BANK_CARD:
                    base = Builtins.unionPayDigits(compact);
                    break;
                default:
                    base = Builtins.paymentCardDigits(compact);
            }
            if (base <= 0) {
                continue;
            }
            // Context.score: base, then the field vote, then the keyword vote, clamped to [0, 1]
            double c = base;
            c += fieldAdjust[r];
            int k = keywordVote(r, t, start, end);
            c += k > 0 ? Context.KEYWORD_BOOST : k < 0 ? -Context.PENALTY : 0;
            double conf = Math.max(0, Math.min(1, c));
            if (conf >= threshold) {
                out.add(new Finding(rules[r].type(), start, end, text.substring(start, end), conf));
            }
        }
    }

    /** The compact characters of one candidate, read in place from the text's copy or a scratch buffer. */
    private static final class Digits implements CharSequence {
        private char[] chars;
        private int offset;
        private int length;

        void set(char[] chars, int offset, int length) {
            this.chars = chars;
            this.offset = offset;
            this.length = length;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException("index " + index + ", length " + length);
            }
            return chars[offset + index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new String(chars, offset + start, end - start);
        }

        @Override
        public String toString() {
            return new String(chars, offset, length);
        }
    }

    /**
     * Context.keywordVote without the whole-text index: -1 when a negative keyword ends before the value within
     * {@link Context#BEFORE} characters, else +1 when a keyword lies in that window or within
     * {@link Context#AFTER} characters after it, else 0. Matching is ASCII-case-insensitive, as KeywordIndex's.
     */
    private int keywordVote(int r, char[] text, int start, int end) {
        int from = Math.max(0, start - Context.BEFORE);
        int to = Math.min(text.length, end + Context.AFTER);
        if (negative[r].anyIn(text, from, start)) {
            return -1;
        }
        return positive[r].anyIn(text, from, start) || positive[r].anyIn(text, end, to) ? 1 : 0;
    }

    /** A detector's lower-case keywords by their first character, matched inside a window. */
    private static final class Keywords {
        /** Words starting with an ASCII character, by that character. */
        private final char[][][] ascii = new char[128][][];
        /** The other first characters, and the words starting with each. */
        private final char[] others;
        private final char[][][] otherWords;

        Keywords(List<String> lowerCase) {
            java.util.Map<Character, List<char[]>> byFirst = new java.util.LinkedHashMap<>();
            for (String w : lowerCase) {
                byFirst.computeIfAbsent(w.charAt(0), c -> new ArrayList<>()).add(w.toCharArray());
            }
            List<Character> rest = new ArrayList<>();
            for (java.util.Map.Entry<Character, List<char[]>> e : byFirst.entrySet()) {
                if (e.getKey() < 128) {
                    ascii[e.getKey()] = e.getValue().toArray(new char[0][]);
                } else {
                    rest.add(e.getKey());
                }
            }
            others = new char[rest.size()];
            otherWords = new char[rest.size()][][];
            for (int i = 0; i < rest.size(); i++) {
                others[i] = rest.get(i);
                otherWords[i] = byFirst.get(rest.get(i)).toArray(new char[0][]);
            }
        }

        /** Whether one of the words lies entirely inside [from, to). */
        boolean anyIn(char[] text, int from, int to) {
            for (int p = from; p < to; p++) {
                char c = lower(text[p]);
                char[][] words = null;
                if (c < 128) {
                    words = ascii[c];
                } else {
                    for (int i = 0; i < others.length; i++) {
                        if (others[i] == c) {
                            words = otherWords[i];
                            break;
                        }
                    }
                }
                if (words == null) {
                    continue;
                }
                for (char[] w : words) {
                    if (p + w.length <= to && matchesAt(text, p, w)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static boolean matchesAt(char[] text, int p, char[] w) {
            for (int j = 1; j < w.length; j++) {
                if (lower(text[p + j]) != w[j]) {
                    return false;
                }
            }
            return true;
        }

        private static char lower(char c) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
    }
}
