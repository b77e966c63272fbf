package secplane.testbeds.attacks.injection;

import java.util.Locale;

/** The injection categories of the testbed, with the CWE each one is. */
public enum Category {
    SQL("CWE-89"),
    COMMAND("CWE-78"),
    PATH("CWE-22"),
    SSRF("CWE-918"),
    XXE("CWE-611"),
    LDAP("CWE-90"),
    XPATH("CWE-643"),
    EXPRESSION("CWE-917"),
    XSS("CWE-79");

    private final String cwe;

    Category(String cwe) {
        this.cwe = cwe;
    }

    public String cwe() {
        return cwe;
    }

    /** Lower case, as in the corpus file names: {@code sql}, {@code command}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
