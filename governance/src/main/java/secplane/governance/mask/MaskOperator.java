package secplane.governance.mask;

/** Turns a sensitive value into what may be shown or stored instead of it. */
@FunctionalInterface
public interface MaskOperator {
    String apply(String value);
}
