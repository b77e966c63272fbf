package jakarta.servlet;

/** A stand-in of the Servlet API type for the agent's unit tests (the agent only reaches it by reflection). */
public interface ServletRequest {
    String getContentType();

    String getCharacterEncoding();

    String getRemoteAddr();

    java.util.Map<String, String[]> getParameterMap();
}
