package javax.servlet.http;

/** A stand-in of the Servlet API type for the agent's unit tests. */
public interface HttpServletResponse extends javax.servlet.ServletResponse {
    void setStatus(int status);

    void setHeader(String name, String value);
}
