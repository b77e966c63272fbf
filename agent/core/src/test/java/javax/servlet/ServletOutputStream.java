package javax.servlet;

/** A stand-in of the Servlet API type for the agent's unit tests. */
public abstract class ServletOutputStream extends java.io.OutputStream {
}
