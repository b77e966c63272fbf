package secplane.privacy.dataset;

/** Bad input data: the message says where (file and line) and what to do. */
public final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }
}
