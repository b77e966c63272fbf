package secplane.governance.fpe;

/**
 * The characters FF1 tokenisation works on, and which characters of a value it leaves in place: a value's
 * characters inside the alphabet are encrypted as one numeral string, the others (separators, the 'X' of an
 * identity number, letters among digits) keep their position, so the format survives.
 */
public enum Alphabet {
    /** 0-9, radix 10. */
    DIGITS(10),
    /** 0-9, A-Z, a-z, radix 62. */
    ALNUM(62),
    /** CJK Unified Ideographs U+4E00..U+9FFF, radix 20992: names and addresses stay Chinese text. */
    CJK(0x9FFF - 0x4E00 + 1);

    private final int radix;

    Alphabet(int radix) {
        this.radix = radix;
    }

    public int radix() {
        return radix;
    }

    /** The numeral of c in this alphabet, or -1 when c is left in place. */
    public int indexOf(char c) {
        switch (this) {
            case DIGITS:
                return c >= '0' && c <= '9' ? c - '0' : -1;
            case ALNUM:
                if (c >= '0' && c <= '9') {
                    return c - '0';
                }
                if (c >= 'A' && c <= 'Z') {
                    return 10 + c - 'A';
                }
                return c >= 'a' && c <= 'z' ? 36 + c - 'a' : -1;
            default:
                return c >= 0x4E00 && c <= 0x9FFF ? c - 0x4E00 : -1;
        }
    }

    public char charOf(int numeral) {
        switch (this) {
            case DIGITS:
                return (char) ('0' + numeral);
            case ALNUM:
                return numeral < 10 ? (char) ('0' + numeral) : numeral < 36 ? (char) ('A' + numeral - 10) : (char) ('a' + numeral - 36);
            default:
                return (char) (0x4E00 + numeral);
        }
    }
}
