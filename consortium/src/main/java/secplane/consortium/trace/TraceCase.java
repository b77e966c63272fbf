package secplane.consortium.trace;

import java.time.Duration;
import java.time.Instant;

/**
 * A fraud case to trace: money left the victim's account inside [from, to]; follow it at most {@code maxHops}
 * transfers deep. {@code victimMember} is null when the victim reported the account without its institution.
 *
 * @param caseId an opaque reference members may log; it never carries personal data
 */
public record TraceCase(String caseId, String victimAccount, String victimMember, long amount, Instant from, Instant to, int maxHops) {
    /** Longest case window a tracer accepts: fund flows in scope of rapid freezing are days, not months. */
    public static final Duration MAX_WINDOW = Duration.ofDays(31);

    public TraceCase {
        if (caseId == null || caseId.isBlank() || victimAccount == null || victimAccount.isBlank()) {
            throw new IllegalArgumentException("a case needs an id and the victim's account");
        }
        if (from == null || to == null || !from.isBefore(to)) {
            throw new IllegalArgumentException("the case window needs --from before --to");
        }
        if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("the case window is longer than " + MAX_WINDOW.toDays() + " days; narrow --from/--to");
        }
        if (maxHops < 1 || maxHops > 10) {
            throw new IllegalArgumentException("max hops must be between 1 and 10, not " + maxHops);
        }
        if (amount < 0) {
            throw new IllegalArgumentException("the amount cannot be negative");
        }
        if (victimMember != null && victimMember.isBlank()) {
            victimMember = null;
        }
    }
}
