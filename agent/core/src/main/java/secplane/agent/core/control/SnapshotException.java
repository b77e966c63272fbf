package secplane.agent.core.control;

/**
 * A snapshot that must not be applied. The message is the reason sent back in the NACK
 * (docs/protocol.md, "Snapshot long-poll"), so it says precisely what was wrong.
 */
public final class SnapshotException extends Exception {
    private static final long serialVersionUID = 1L;

    public SnapshotException(String message) {
        super(message);
    }
}
