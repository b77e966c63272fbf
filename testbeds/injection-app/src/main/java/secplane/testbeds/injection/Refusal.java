package secplane.testbeds.injection;

/**
 * An ordinary error answer: what the input did wrong, with its HTTP status. Endpoints turn the
 * exceptions their libraries throw for bad input (a SQL syntax error, a malformed document, an
 * unknown host) into refusals, so benign-but-odd input gets a 4xx and never a stack trace.
 *
 * <p>A {@link SecurityException} anywhere in the cause chain is never turned into a refusal: it
 * is what a guard at the sink (secplane's agent in block mode) throws, and it must reach the
 * container unchanged so that the guard decides the answer.
 */
public final class Refusal extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    private Refusal(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** 400: the input made the operation fail. */
    public static Refusal badInput(String message, Throwable cause) {
        return of(400, message, cause);
    }

    /** 400 without an underlying exception. */
    public static Refusal badInput(String message) {
        return new Refusal(400, message, null);
    }

    /** 404: the named thing does not exist. */
    public static Refusal notFound(String message) {
        return new Refusal(404, message, null);
    }

    /** 502: a remote server the input named could not be reached or did not answer. */
    public static Refusal upstream(String message, Throwable cause) {
        return of(502, message, cause);
    }

    private static Refusal of(int status, String message, Throwable cause) {
        // bounded: a cause chain can be made circular with initCause
        Throwable t = cause;
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
            if (t instanceof SecurityException blocked) {
                throw blocked;
            }
        }
        String detail = cause == null ? "" : ": " + cause;
        return new Refusal(status, message + detail, cause);
    }
}
