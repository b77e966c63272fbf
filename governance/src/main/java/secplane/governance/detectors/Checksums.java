package secplane.governance.detectors;

/** Check-character algorithms of the identifiers the detectors validate; each cites its standard. */
public final class Checksums {
    private Checksums() {
    }

    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";

    /**
     * GB 11643-1999 §8.2, ISO 7064 MOD 11-2: the 18th character of a citizen identity number (and of the
     * residence permit and 2023 foreign permanent resident numbers, which reuse the scheme).
     *
     * @param s at least 17 leading digits
     * @return the expected check character ('0'..'9' or 'X'), or 0 when the first 17 are not all digits
     */
    public static char gb11643(CharSequence s) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return 0;
            }
            sum += d * ID_WEIGHTS[i];
        }
        return ID_CHECK.charAt(sum % 11);
    }

    /** The 31 characters of GB 32100-2015 §4 (no I, O, S, V, Z), in value order. */
    static final String USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] USCC_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    /** GB 32100-2015 §5 (MOD 31-3 over the code's own alphabet): true when the 18th character is right. */
    public static boolean gb32100(CharSequence s) {
        if (s.length() != 18) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = USCC_CHARS.indexOf(s.charAt(i));
            if (v < 0) {
                return false;
            }
            sum += v * USCC_WEIGHTS[i];
        }
        int c = 31 - sum % 31;
        return USCC_CHARS.charAt(c == 31 ? 0 : c) == s.charAt(17);
    }

    private static final int[] ORG_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};

    /** GB 11714-1997 §5: the 9th character of an organisation code over 8 digits / capital letters. */
    public static boolean gb11714(CharSequence s) {
        if (s.length() != 9) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            char ch = s.charAt(i);
            int v = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'A' && ch <= 'Z' ? ch - 'A' + 10 : -1;
            if (v < 0) {
                return false;
            }
            sum += v * ORG_WEIGHTS[i];
        }
        int c = 11 - sum % 11;
        char expected = c == 10 ? 'X' : c == 11 ? '0' : (char) ('0' + c);
        return expected == s.charAt(8);
    }

    /** ISO 7064 MOD 11,10 (GB/T 17710), used by the 15-digit business registration number (GS15-2006). */
    public static boolean mod11_10(CharSequence s) {
        int p = 10;
        for (int i = 0; i < s.length(); i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            int sum = (p + d) % 10;
            if (i == s.length() - 1) {
                return sum == 1;
            }
            p = (2 * (sum == 0 ? 10 : sum)) % 11;
        }
        return false;
    }

    /** The Luhn formula (ISO/IEC 7812-1 Annex B), for payment cards and IMEIs (3GPP TS 23.003 §6.2.1). */
    public static boolean luhn(CharSequence s) {
        int sum = 0;
        boolean dbl = false;
        for (int i = s.length() - 1; i >= 0; i--) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    /** ISO 13616-1 §7.1 / ISO 7064 MOD 97-10: an IBAN is valid when the rearranged number mod 97 is 1. */
    public static boolean iban(CharSequence s) {
        int n = s.length();
        if (n < 5) {
            return false;
        }
        int mod = 0;
        for (int k = 0; k < n; k++) {
            char ch = s.charAt((k + 4) % n);
            if (ch >= '0' && ch <= '9') {
                mod = (mod * 10 + (ch - '0')) % 97;
            } else if (ch >= 'A' && ch <= 'Z') {
                mod = (mod * 100 + (ch - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return mod == 1;
    }

    private static final int[] VIN_WEIGHTS = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};

    /**
     * ISO 3779 / 49 CFR 565.15 check digit in position 9 of a 17-character VIN (GB 16735-2019 keeps it for
     * vehicles made in China). Letters I, O and Q never occur.
     */
    public static boolean vin(CharSequence s) {
        if (s.length() != 17) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = vinValue(s.charAt(i));
            if (v < 0) {
                return false;
            }
            sum += v * VIN_WEIGHTS[i];
        }
        int c = sum % 11;
        return s.charAt(8) == (c == 10 ? 'X' : (char) ('0' + c));
    }

    static int vinValue(char ch) {
        if (ch >= '0' && ch <= '9') {
            return ch - '0';
        }
        switch (ch) {
            case 'A': case 'J': return 1;
            case 'B': case 'K': case 'S': return 2;
            case 'C': case 'L': case 'T': return 3;
            case 'D': case 'M': case 'U': return 4;
            case 'E': case 'N': case 'V': return 5;
            case 'F': case 'W': return 6;
            case 'G': case 'P': case 'X': return 7;
            case 'H': case 'Y': return 8;
            case 'R': case 'Z': return 9;
            default: return -1;
        }
    }
}
