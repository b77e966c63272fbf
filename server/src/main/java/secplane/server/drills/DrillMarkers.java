package secplane.server.drills;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import secplane.server.store.Sql;
import secplane.server.tokens.Tokens;

/**
 * Checks the drill marker an agent copied into an event ({@code request.drill}, the value of the
 * {@code X-Secplane-Drill} header: {@code <runId>.<secret>.<caseId>:<seq>}). Valid means: the run exists,
 * the secret's hash matches (compared in constant time), and the run is open — not finished, or
 * finished less than {@link #GRACE_MILLIS} ago (the last events of a drill are uploaded after its
 * result), and started less than {@link #MAX_AGE_MILLIS} ago. Anything else is a forged or stale marker:
 * the event is a real one.
 */
public final class DrillMarkers {
    static final long GRACE_MILLIS = 10 * 60_000L;
    static final long MAX_AGE_MILLIS = 24 * 3_600_000L;

    private record Run(String secretHash, long createdAt, long finishedAt) {
    }

    /** Per batch: runs already looked up. */
    private final Map<String, Optional<Run>> runs = new HashMap<>();
    private final Connection c;
    private final long now;

    public DrillMarkers(Connection c, long now) {
        this.c = c;
        this.now = now;
    }

    /** The run id when the marker is valid; empty when it is not (forged, stale, malformed). */
    public Optional<String> check(String marker) throws SQLException {
        String[] parts = marker.split("\\.", 3);
        if (parts.length < 2 || !parts[0].matches("dr-[0-9a-f]{8}") || parts[1].isEmpty()) {
            return Optional.empty();
        }
        Optional<Run> run = runs.get(parts[0]);
        if (run == null) {
            run = Sql.one(c, "SELECT secret_hash, created_at, finished_at FROM drill_runs WHERE id = ?",
                    rs -> new Run(rs.getString(1), rs.getLong(2), rs.getLong(3)), parts[0]);
            runs.put(parts[0], run);
        }
        if (run.isEmpty()) {
            return Optional.empty();
        }
        Run r = run.get();
        boolean open = now - r.createdAt() < MAX_AGE_MILLIS && (r.finishedAt() == 0 || now - r.finishedAt() < GRACE_MILLIS);
        boolean secret = MessageDigest.isEqual(Tokens.hash(parts[1]).getBytes(StandardCharsets.US_ASCII),
                r.secretHash().getBytes(StandardCharsets.US_ASCII));
        return open && secret ? Optional.of(parts[0]) : Optional.empty();
    }
}
