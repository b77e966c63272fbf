package secplane.governance.detectors;

import java.util.List;
import java.util.Locale;

/**
 * The context rules of one detector: keywords near a value (Chinese and English) and hints in a column name
 * or JSON key raise its confidence; words that mark order numbers, transactions or tracking ids lower it.
 * Field hints are compared with the field name lower-cased and stripped of '_', '-', '.' and spaces.
 */
public record Context(List<String> keywords, List<String> negativeKeywords, List<String> fieldHints,
                      List<String> negativeFieldHints, List<String> keywordsLower, List<String> negativeLower) {

    public Context {
        KeywordIndex.register(keywordsLower);
        KeywordIndex.register(negativeLower);
    }

    public Context(List<String> keywords, List<String> negativeKeywords, List<String> fieldHints, List<String> negativeFieldHints) {
        this(keywords, negativeKeywords, fieldHints, negativeFieldHints, lowerAll(keywords), lowerAll(negativeKeywords));
    }

    /** Lower-cased and interned, as KeywordIndex stores them. */
    private static List<String> lowerAll(List<String> words) {
        return words.stream().map(w -> w.toLowerCase(Locale.ROOT).intern()).collect(java.util.stream.Collectors.toUnmodifiableList());
    }

    /** Characters looked at before a value (keywords are usually labels in front of it) and after it. */
    static final int BEFORE = 24;
    static final int AFTER = 12;
    static final double KEYWORD_BOOST = 0.35;
    static final double FIELD_BOOST = 0.4;
    static final double PENALTY = 0.45;

    /** Words that say a digit run is a business number rather than personal data (near-miss cases). */
    static final List<String> BUSINESS_NUMBERS = List.of("订单", "单号", "流水", "交易号", "快递", "运单", "批次", "发票",
            "order", "invoice", "tracking", "txn", "transaction", "serial", "sku", "batch", "ticket");
    static final List<String> BUSINESS_FIELDS = List.of("order", "invoice", "tracking", "txn", "trade", "serial", "sku", "batch", "seq");

    public static Context of(List<String> keywords, List<String> fieldHints) {
        return new Context(keywords, BUSINESS_NUMBERS, fieldHints, BUSINESS_FIELDS);
    }

    public static String normaliseField(String field) {
        if (field == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '_' && c != '-' && c != '.' && c != ' ') {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString();
    }

    /**
     * +1 when the field names this type, -1 when it names something else (a business number, a user name, an
     * identity number for a card); the longer matching hint wins, a negative one on a tie ("idcardno" is an
     * identity number column, not a card column; "ordermobile" is still a phone column).
     */
    public int fieldVote(String normalisedField) {
        if (normalisedField == null || normalisedField.isEmpty()) {
            return 0;
        }
        int positive = 0;
        for (String h : fieldHints) {
            if (h.length() > positive && normalisedField.contains(h)) {
                positive = h.length();
            }
        }
        int negative = 0;
        for (String h : negativeFieldHints) {
            if (h.length() > negative && normalisedField.contains(h)) {
                negative = h.length();
            }
        }
        return positive == 0 && negative == 0 ? 0 : negative >= positive ? -1 : 1;
    }

    /**
     * +1 for a positive keyword in the window around [start,end), -1 for a negative one before it (checked
     * first). The text's keyword occurrences are found once per text (see KeywordIndex); this only looks at
     * those inside the window.
     */
    public int keywordVote(String text, int start, int end) {
        KeywordIndex.Hits hits = KeywordIndex.hits(text);
        if (hits.count == 0) {
            return 0;
        }
        int from = Math.max(0, start - BEFORE);
        int to = Math.min(text.length(), end + AFTER);
        boolean positive = false;
        for (int i = 0; i < hits.count; i++) {
            int p = hits.positions[i];
            String k = hits.keywords[i];
            boolean before = p >= from && p + k.length() <= start;
            boolean after = p >= end && p + k.length() <= to;
            if (!before && !after) {
                continue;
            }
            if (before && contains(negativeLower, k)) {
                return -1;
            }
            positive |= contains(keywordsLower, k);
        }
        return positive ? 1 : 0;
    }

    /** Keywords are interned by KeywordIndex, so identity comparison is enough. */
    private static boolean contains(List<String> words, String k) {
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i) == k) {
                return true;
            }
        }
        return false;
    }

    /** Applies the votes to a detector's base confidence. */
    public double score(double base, String text, int start, int end, String normalisedField) {
        double c = base;
        int f = fieldVote(normalisedField);
        c += f > 0 ? FIELD_BOOST : f < 0 ? -PENALTY : 0;
        int k = keywordVote(text, start, end);
        c += k > 0 ? KEYWORD_BOOST : k < 0 ? -PENALTY : 0;
        return Math.max(0, Math.min(1, c));
    }
}
