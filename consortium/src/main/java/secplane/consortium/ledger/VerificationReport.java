package secplane.consortium.ledger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import secplane.protocol.json.Json;

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

    /** The report as one JSON object, for tools that watch a ledger (the same fields as the console output). */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tampered", tampered());
        root.put("entries", entries);
        root.put("checkpoints", checkpoints);
        root.put("cosignatures", cosignatures);
        root.put("keySource", keySource);
        root.put("findings", findings.stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", f.kind().name());
            m.put("tamper", f.kind().tamper());
            m.put("firstBadEntry", f.firstBadEntry());
            m.put("checkpoints", f.checkpoints());
            m.put("message", f.message());
            return m;
        }).toList());
        return Json.write(root);
    }
}
