package secplane.consortium.log;

/** The files of a log directory contradict each other in a way a crash cannot explain. */
public final class LogCorruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LogCorruptedException(String message) {
        super(message);
    }
}
