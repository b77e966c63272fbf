package secplane.consortium.trace;

import java.time.Duration;
import secplane.consortium.data.MemberData;

/** How a member decides a freeze request for one of its accounts. */
public interface FreezePolicy {
    FreezeDecision decide(FreezeRequest request, String requester, MemberData data);

    /**
     * The default rule: accept when this member holds the account, the money reached it inside the case window, the
     * window is at most {@code maxWindow} long and the amount reaches {@code minAmount}; reject otherwise, saying which
     * condition failed.
     */
    static FreezePolicy windowRule(Duration maxWindow, long minAmount) {
        return (r, requester, data) -> {
            if (!data.holds(r.account())) {
                return FreezeDecision.reject("the account is not held here");
            }
            if (r.arrived().isBefore(r.windowFrom()) || r.arrived().isAfter(r.windowTo())) {
                return FreezeDecision.reject("the money arrived outside the case window");
            }
            if (Duration.between(r.windowFrom(), r.windowTo()).compareTo(maxWindow) > 0) {
                return FreezeDecision.reject("the case window is longer than " + maxWindow.toHours() + " h");
            }
            if (r.amountIn() < minAmount) {
                return FreezeDecision.reject("the traced amount is below " + minAmount + " minor units");
            }
            return FreezeDecision.accept("money reached the account inside the case window");
        };
    }

    /** {@link #windowRule} with a 7-day window and no minimum amount. */
    static FreezePolicy standard() {
        return windowRule(Duration.ofDays(7), 1);
    }
}
