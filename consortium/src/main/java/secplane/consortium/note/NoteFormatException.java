package secplane.consortium.note;

/** Text that is not a well-formed signed note, checkpoint or key; the message says what is wrong and where. */
public final class NoteFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoteFormatException(String message) {
        super(message);
    }
}
