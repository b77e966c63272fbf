package secplane.consortium.ledger;

import java.util.List;

/**
 * What {@link LedgerVerifier} checked and found. {@code cosignatures} counts valid witness cosignatures over all
 * checkpoints; {@code keySource} says where the operator key came from (given, or read from the directory).
 */
public record VerificationReport(long entries, int checkpoints, int cosignatures, String keySource, List<Finding> findings) {

    public VerificationReport {
        findings = List.copyOf(findings);
    }

    public boolean tampered() {
        return findings.stream().anyMatch(f -> f.kind().tamper());
    }

    public List<Finding> tamperFindings() {
        return findings.stream().filter(f -> f.kind().tamper()).toList();
    }
}
