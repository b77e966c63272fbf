package secplane.consortium.signals;

import java.util.List;
import java.util.Map;

/**
 * The joint risk signal for a set of accounts: the number of fraud flags the contributing members hold on them and the
 * total amount reported, summed over the members; never per member.
 *
 * @param missing members that did not contribute, with why
 */
public record SignalResult(long flags, long reportedAmount, List<String> contributors, Map<String, String> missing) {
}
