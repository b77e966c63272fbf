package secplane.governance.mask;

/** E-mail: the first character of the local part and the whole domain stay ("z***@example.com"). */
public record EmailMask() implements MaskOperator {
    @Override
    public String apply(String value) {
        int at = value.lastIndexOf('@');
        if (at <= 0) {
            return new KeepFirstLast(1, 0).apply(value);
        }
        return value.charAt(0) + "***" + value.substring(at);
    }
}
