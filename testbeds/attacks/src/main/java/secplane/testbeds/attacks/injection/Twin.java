package secplane.testbeds.attacks.injection;

/** Which of an endpoint's two implementations a request goes to. */
public enum Twin {
    /** {@code /x}: the deliberately injectable one. */
    VULNERABLE,
    /** {@code /safe/x}: the same job done correctly. */
    SAFE;

    /** The request path of {@code endpoint} (a vulnerable path such as {@code /sql/user}) for this twin. */
    public String path(String endpoint) {
        return this == SAFE ? "/safe" + endpoint : endpoint;
    }
}
