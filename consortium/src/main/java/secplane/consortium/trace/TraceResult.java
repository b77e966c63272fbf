package secplane.consortium.trace;

import java.time.Instant;
import java.util.List;

/**
 * What a trace found: the accounts reached (with their holding member and depth), the transfers between them, what
 * could not be reached and why, and the freeze outcomes.
 */
public record TraceResult(TraceCase traceCase, List<Node> nodes, List<Edge> edges, List<Gap> gaps, List<Freeze> freezes) {

    /** An account reached at {@code depth} (0 = the victim's), when the traced money arrived. {@code member} is null if not located. */
    public record Node(String account, String member, int depth, Instant arrived, long amountIn) {
    }

    /** A transfer the trace followed. */
    public record Edge(String transferId, String fromAccount, String fromMember, String toAccount, String toMember, long amount, Instant time,
            int depth) {
    }

    /** Something the trace could not do: which member (null when unknown), which account, and why. */
    public record Gap(String member, String account, String reason) {
    }

    /** A freeze request's outcome; {@code answered} is false when the member could not be asked or answered badly. */
    public record Freeze(String account, String member, boolean answered, boolean accepted, String reason) {
    }

    public long frozenCount() {
        return freezes.stream().filter(Freeze::accepted).count();
    }
}
