package secplane.report;

/** A report that cannot be made, with what went wrong and what to do; {@link Kind} tells the command's exit code. */
public final class ReportException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the report could not be made. */
    public enum Kind {
        /** the control plane did not answer */
        UNREACHABLE,
        /** the token was refused (401) or lacks the viewer role (403) */
        UNAUTHORIZED,
        /** bad input: a drill file, an option */
        INPUT,
        /** anything else the plane answered with an error */
        FAILED
    }

    private final Kind kind;

    public ReportException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
