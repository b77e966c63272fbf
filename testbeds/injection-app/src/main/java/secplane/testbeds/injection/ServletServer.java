package secplane.testbeds.injection;

/** A started servlet container serving the app's {@link Route}s on 127.0.0.1. */
public interface ServletServer extends AutoCloseable {

    /** The bound port (the real one when 0 was asked for). */
    int port();

    /** The container's name and version, e.g. {@code Apache Tomcat/10.1.62}. */
    String version();

    /** Stops the container; errors are reported on stderr, never thrown. */
    @Override
    void close();
}
