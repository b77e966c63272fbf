package secplane.consortium.ledger;

/**
 * Where a member's node records case events (reports, trace steps, freeze requests and answers) on the shared
 * ledger. The implementation submits to the log's operator and returns the entry's index once appended; entries
 * carry personal data only as keyed hashes or encrypted for the parties entitled to read it.
 */
public interface CaseLedger {
    long append(byte[] entry);
}
