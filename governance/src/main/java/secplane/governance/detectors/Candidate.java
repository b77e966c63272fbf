package secplane.governance.detectors;

/**
 * A span of text that may hold an identifier: one alphanumeric token, or digit groups joined by single
 * spaces or hyphens ("138 1234 5678", "6222-0212-3456-7890"), or short alphanumeric groups joined by
 * spaces (IBANs written in blocks of four). {@code compact} is the span without its separators.
 *
 * @param plus     whether a '+' directly precedes the span (E.164 numbers)
 * @param grouped  whether the span is made of several groups
 * @param digits   whether compact is all digits (an 'X' or 'x' at the end is allowed for identity numbers)
 */
public record Candidate(String text, int start, int end, String compact, boolean plus, boolean grouped, boolean digits) {
    public char before() {
        return start > 0 ? text.charAt(start - 1) : ' ';
    }
}
