package secplane.aspect;

/** What the host offers an aspect besides its config. */
public interface AspectContext {
    /** This aspect's id, as in its descriptor and in policies. */
    String aspectId();

    /** This aspect's version, from its descriptor. */
    String aspectVersion();

    /** Writes a line to the agent's own log file (never to the application's output). */
    void log(String message);

    /**
     * Reads a resource packaged in the aspect's own jar, e.g. a deny-list. Aspects ship their data
     * beside their code so that an upgrade replaces both at once.
     */
    byte[] resource(String name) throws java.io.IOException;
}
