package secplane.governance.mask;

/** Replaces the whole value with a constant that does not reveal its length. */
public record Redact(String replacement) implements MaskOperator {
    public static final Redact DEFAULT = new Redact("[REDACTED]");

    @Override
    public String apply(String value) {
        return replacement;
    }
}
