package secplane.consortium.data;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@link MuleNetworkGenerator} planted: the victim's account and member, the case window, and every transfer of
 * the laundering network with its hop depth (1 = out of the victim's account) and the member holding each mule account.
 */
public record MuleNetwork(String victimAccount, String victimMember, long stolenAmount, Instant windowStart, Instant windowEnd,
        List<Hop> transfers, Map<String, String> holders) {

    /** One planted transfer and its depth. */
    public record Hop(int depth, String fromMember, Transfer transfer) {
    }

    public int depth() {
        return transfers.stream().mapToInt(Hop::depth).max().orElse(0);
    }
}
