package jakarta.servlet.http;

/** A stand-in of the Servlet API type for the agent's unit tests. */
public interface HttpServletResponse extends jakarta.servlet.ServletResponse {
    void setStatus(int status);

    void setHeader(String name, String value);
}
