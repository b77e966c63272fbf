package secplane.drill.run;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The drill marker: every request of a run carries {@code X-Secplane-Drill: <runId>.<secret>.<caseId>:<seq>}.
 * The agent copies it into the event ({@code request.drill}); the control plane accepts it as a drill only
 * when the run id and secret match a run it issued, so a marker copied into a real attack without the
 * secret makes that attack a real incident, not a drill.
 */
public record Marker(String runId, String secret) {
    public static final String HEADER = "X-Secplane-Drill";

    /** A run of its own, for drills without a control plane. */
    public static Marker local() {
        SecureRandom random = new SecureRandom();
        byte[] id = new byte[4];
        byte[] secret = new byte[16];
        random.nextBytes(id);
        random.nextBytes(secret);
        return new Marker("dr-" + HexFormat.of().formatHex(id), HexFormat.of().formatHex(secret));
    }

    /** {@code <runId>.<secret>}, as the control plane hands it out. */
    public static Marker parse(String marker) {
        int dot = marker == null ? -1 : marker.indexOf('.');
        if (dot <= 0 || dot == marker.length() - 1 || marker.indexOf('.', dot + 1) >= 0) {
            throw new IllegalArgumentException("a drill marker is <runId>.<secret>, not '" + marker + "'");
        }
        return new Marker(marker.substring(0, dot), marker.substring(dot + 1));
    }

    public String header(Attempt attempt) {
        return runId + "." + secret + "." + attempt.caseId() + ":" + attempt.seq();
    }
}
