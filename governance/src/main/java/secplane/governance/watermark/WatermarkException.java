package secplane.governance.watermark;

/** Bad input to marking or tracing: the message says what is wrong and what to do. */
public final class WatermarkException extends RuntimeException {
    public WatermarkException(String message) {
        super(message);
    }
}
