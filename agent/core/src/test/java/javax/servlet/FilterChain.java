package javax.servlet;

/** A stand-in of the Servlet API type for the agent's unit tests. */
public interface FilterChain {
    void doFilter(ServletRequest request, ServletResponse response) throws java.io.IOException;
}
