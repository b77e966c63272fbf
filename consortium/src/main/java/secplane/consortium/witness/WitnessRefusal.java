package secplane.consortium.witness;

/** A witness declined to cosign; {@link #reason()} says why in a word, the message in a sentence. */
public final class WitnessRefusal extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a checkpoint was not cosigned. */
    public enum Reason {
        /** The origin line names a log this witness does not follow. */
        UNKNOWN_LOG,
        /** The note carries no valid signature by the log operator's key. */
        BAD_SIGNATURE,
        /** The note text is not a checkpoint. */
        MALFORMED,
        /** Smaller than the last checkpoint cosigned: a log never shrinks. */
        ROLLBACK,
        /** Same size as the last cosigned checkpoint but another root: two views of one log. */
        FORK,
        /** Larger, but the consistency proof does not show it extends the last cosigned checkpoint. */
        NOT_AN_EXTENSION
    }

    private final Reason reason;

    public WitnessRefusal(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
