package javax.servlet.http;

/** A stand-in of the Servlet API type for the agent's unit tests. */
public interface HttpServletRequest extends javax.servlet.ServletRequest {
    String getMethod();

    String getRequestURI();

    String getQueryString();

    String getHeader(String name);

    java.util.Enumeration<String> getHeaderNames();

    java.util.Enumeration<String> getHeaders(String name);

    java.security.Principal getUserPrincipal();

    boolean isUserInRole(String role);
}
