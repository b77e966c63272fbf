package secplane.aspects.data;

import java.util.Set;

/** Data types whose every value holds at least 11 ASCII digits (GB 11643, ISO/IEC 7812, the 11-digit CN mobile plan). */
final class DigitTypes {
    static final Set<String> ALL = Set.of("CN_RESIDENT_ID", "CN_BANK_CARD", "PAYMENT_CARD", "CN_MOBILE");

    private DigitTypes() {
    }
}
