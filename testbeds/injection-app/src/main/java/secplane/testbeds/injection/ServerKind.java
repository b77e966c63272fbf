package secplane.testbeds.injection;

import java.util.Locale;

/** The servlet container the app runs on; each needs its own {@code lib/<name>/*} on the class path. */
public enum ServerKind {
    TOMCAT,
    JETTY;

    /** {@code tomcat} or {@code jetty}, as on the command line and in the lib directory's name. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ServerKind parse(String text) {
        for (ServerKind kind : values()) {
            if (kind.id().equals(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("--server must be tomcat or jetty, got '" + text + "'");
    }
}
