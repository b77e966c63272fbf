package secplane.privacy.unbalanced;

import java.util.List;

/**
 * What one party got from an unbalanced run.
 *
 * @param listed the querier's items found in the large set, in input order (null for the large party)
 * @param queried how many items were queried (all the large party learns)
 * @param tableSize entries in the large party's prepared set
 * @param tableDownloaded whether this run shipped the prepared set (the offline phase)
 * @param offlineNanos time spent shipping the prepared set
 * @param onlineNanos time of the online phase: blinding, evaluation, unblinding, lookup
 */
public record UnbalancedResult(List<String> listed, long queried, long tableSize, boolean tableDownloaded, long offlineNanos,
        long onlineNanos, long bytesSent, long bytesReceived) {
}
