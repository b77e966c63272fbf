package secplane.testbeds.webapp;

/**
 * A plain form-backing bean. Binding request parameters to it is all CVE-2022-22965 needs:
 * Spring 5.3.17 lets the nested path {@code class.module.classLoader...} through to Tomcat's
 * webapp class loader on JDK 9 and later.
 */
public final class Greeting {

    private String name;
    private String message;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}
