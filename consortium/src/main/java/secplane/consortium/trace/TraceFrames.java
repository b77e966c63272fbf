package secplane.consortium.trace;

/**
 * Frame types of the trace request kinds (64-95; privacy uses 1-13 and the node's own frames start at 32). The OPRF
 * lookup of {@code trace.locate} speaks privacy's unbalanced-PSI frames unchanged.
 */
public final class TraceFrames {
    /** {@code trace.onward} request: case reference, account, window, limit. */
    public static final byte ONWARD_REQUEST = 64;
    /** {@code trace.onward} answer: whether the account is held, then the transfers. */
    public static final byte ONWARD_ANSWER = 65;
    /** {@code trace.freeze} request: case reference, account, arrival, amount, window, depth. */
    public static final byte FREEZE_REQUEST = 66;
    /** {@code trace.freeze} answer: accepted or rejected, and why. */
    public static final byte FREEZE_ANSWER = 67;

    public static final String LOCATE = "trace.locate";
    public static final String ONWARD = "trace.onward";
    public static final String FREEZE = "trace.freeze";

    private TraceFrames() {
    }
}
