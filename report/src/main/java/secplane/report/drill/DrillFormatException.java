package secplane.report.drill;

/** A drill result that is not in the {@code secplane-drill/1} format: names the file, the JSON pointer and what to do. */
public final class DrillFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public DrillFormatException(String message) {
        super(message);
    }
}
