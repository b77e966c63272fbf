package jakarta.servlet;

/** A stand-in of the Servlet API type for the agent's unit tests. */
public interface ServletResponse {
    boolean isCommitted();

    void reset();

    void setContentType(String type);

    void setContentLength(int length);

    String getContentType();

    ServletOutputStream getOutputStream() throws java.io.IOException;

    java.io.PrintWriter getWriter() throws java.io.IOException;

    void flushBuffer() throws java.io.IOException;
}
