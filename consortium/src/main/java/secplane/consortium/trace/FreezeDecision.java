package secplane.consortium.trace;

/** A member's answer to a freeze request. */
public record FreezeDecision(boolean accepted, String reason) {
    public static FreezeDecision accept(String reason) {
        return new FreezeDecision(true, reason);
    }

    public static FreezeDecision reject(String reason) {
        return new FreezeDecision(false, reason);
    }
}
