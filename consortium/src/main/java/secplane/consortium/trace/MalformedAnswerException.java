package secplane.consortium.trace;

/** A member's answer does not parse or contradicts the request; the tracer rejects it whole and records why. */
public final class MalformedAnswerException extends RuntimeException {
    public MalformedAnswerException(String message) {
        super(message);
    }
}
