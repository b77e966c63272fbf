package secplane.privacy.normalize;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How one identifier column is brought to a canonical form before hashing, so that the same
 * person matches across institutions that write it differently. Every kind first applies Unicode
 * NFKC (full-width digits and letters, common in Chinese data entry, become ASCII) and trims
 * whitespace, including the ideographic space U+3000.
 */
public enum Normalization {
    /** Exactly as written (only NFKC and trimming). */
    TRIM("trim"),
    /** Trimmed and case-folded (Locale.ROOT lower case). */
    TRIM_LOWER("trim-lower"),
    /** Mainland China mobile number to E.164: +86 followed by 11 digits starting 13–19 (MIIT numbering plan). */
    CN_MOBILE("cn-mobile"),
    /** 18-character resident ID (GB 11643-1999) with an upper-case check character X; 15-digit IDs are upgraded. */
    CN_RESIDENT_ID("cn-resident-id"),
    /** Bank card number (ISO/IEC 7812 PAN): digits only, 12–19 of them. */
    BANK_CARD("bank-card"),
    /** E-mail address, lower-cased as a whole (institutions treat the local part case-insensitively). */
    EMAIL("email");

    // compiled once: normalisation runs once per input row
    private static final class Patterns {
        static final Pattern SEPARATORS = Pattern.compile("[\\s\\-().]");
        static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");
        static final Pattern SPACE = Pattern.compile("\\s");
        static final Pattern ID15 = Pattern.compile("[0-9]{15}");
        static final Pattern ID18 = Pattern.compile("[0-9]{17}[0-9X]");
        static final Pattern CARD_SEPARATORS = Pattern.compile("[\\s\\-]");
        static final Pattern CARD = Pattern.compile("[0-9]{12,19}");
    }

    private final String id;

    Normalization(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Normalization parse(String id) {
        for (Normalization n : values()) {
            if (n.id.equalsIgnoreCase(id.trim())) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown normalisation '" + id + "'; use one of "
                + Arrays.stream(values()).map(Normalization::id).collect(Collectors.joining(", ")));
    }

    /**
     * The canonical form of {@code raw}.
     *
     * @throws IllegalArgumentException with a message saying what is wrong with the value
     */
    public String apply(String raw) {
        String s = Normalizer.normalize(raw, Normalizer.Form.NFKC).strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty value");
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                throw new IllegalArgumentException("control character U+" + String.format("%04X", (int) s.charAt(i)) + " in value");
            }
        }
        switch (this) {
            case TRIM:
                return s;
            case TRIM_LOWER:
                return s.toLowerCase(Locale.ROOT);
            case CN_MOBILE:
                return mobile(s);
            case CN_RESIDENT_ID:
                return residentId(s);
            case BANK_CARD:
                return bankCard(s);
            case EMAIL:
                return email(s);
            default:
                throw new AssertionError(this);
        }
    }

    private static String stripSeparators(String s) {
        return Patterns.SEPARATORS.matcher(s).replaceAll("");
    }

    private static String mobile(String s) {
        String d = stripSeparators(s);
        if (d.startsWith("+86")) {
            d = d.substring(3);
        } else if (d.startsWith("0086")) {
            d = d.substring(4);
        } else if (d.length() == 13 && d.startsWith("86")) {
            d = d.substring(2);
        }
        if (!Patterns.MOBILE.matcher(d).matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a mainland China mobile number (11 digits starting 13-19, optionally +86)");
        }
        return "+86" + d;
    }

    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] ID_CHECK = "10X98765432".toCharArray();

    /** GB 11643-1999 §8.2: ISO 7064 MOD 11-2 check character over the first 17 digits. */
    static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return ID_CHECK[sum % 11];
    }

    private static String residentId(String s) {
        String d = Patterns.SPACE.matcher(s).replaceAll("").toUpperCase(Locale.ROOT);
        if (Patterns.ID15.matcher(d).matches()) {
            // first-generation ID: six-digit region, two-digit year (19xx), sequence; no check character
            String first17 = d.substring(0, 6) + "19" + d.substring(6);
            return first17 + checkCharacter(first17);
        }
        if (!Patterns.ID18.matcher(d).matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a resident ID (17 digits and a digit or X, or 15 digits)");
        }
        if (checkCharacter(d) != d.charAt(17)) {
            throw new IllegalArgumentException("'" + s + "' has a wrong check character (GB 11643 expects "
                    + checkCharacter(d) + "); check the value at the source");
        }
        return d;
    }

    private static String bankCard(String s) {
        String d = Patterns.CARD_SEPARATORS.matcher(s).replaceAll("");
        if (!Patterns.CARD.matcher(d).matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a bank card number (12-19 digits, spaces and dashes allowed)");
        }
        return d;
    }

    private static String email(String s) {
        String d = s.toLowerCase(Locale.ROOT);
        int at = d.indexOf('@');
        if (at <= 0 || at != d.lastIndexOf('@') || at == d.length() - 1 || d.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + s + "' is not an e-mail address (one @, no spaces)");
        }
        return d;
    }
}
