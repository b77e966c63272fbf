package secplane.consortium.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a member's node records case events (reports, trace steps, freeze requests and answers) on the shared
 * ledger. The implementation submits to the log's operator and returns the entry's index once appended; entries
 * carry personal data only as keyed hashes or encrypted for the parties entitled to read it.
 */
public interface CaseLedger {
    long append(byte[] entry);

    /**
     * Appends several entries in order and returns their indexes. Implementations may send them over one connection
     * and make them durable together; the default appends one by one.
     */
    default List<Long> appendAll(List<byte[]> entries) {
        List<Long> out = new ArrayList<>(entries.size());
        for (byte[] e : entries) {
            out.add(append(e));
        }
        return out;
    }
}
