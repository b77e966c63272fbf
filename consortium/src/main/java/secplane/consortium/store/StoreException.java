package secplane.consortium.store;

/** The node store cannot be opened, read or written; the message says which and what to check. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
