package secplane.aspects.data;

/** The fast path for log lines: most have too few digits to hold a resident ID, a card or a mobile number. */
final class LogText {
    private LogText() {
    }

    /** Whether the text has at least {@code n} ASCII digits; stops as soon as it has. */
    static boolean hasDigits(String text, int n) {
        int count = 0;
        for (int i = 0, len = text.length(); i < len; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' && ++count >= n) {
                return true;
            }
        }
        return false;
    }
}
