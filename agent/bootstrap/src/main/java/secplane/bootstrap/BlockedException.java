package secplane.bootstrap;

/**
 * Thrown at a join point when a rule in {@code block} mode stops the call. It is a
 * {@link SecurityException} so that code which already handles security failures treats it as
 * one, and it carries the id of the event that explains why.
 */
public final class BlockedException extends SecurityException {
    private static final long serialVersionUID = 1L;

    private final String eventId;

    public BlockedException(String message, String eventId) {
        super(message);
        this.eventId = eventId;
    }

    public String eventId() {
        return eventId;
    }

    /** No stack fill: the block is expected, and the event already holds the trimmed stack. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
