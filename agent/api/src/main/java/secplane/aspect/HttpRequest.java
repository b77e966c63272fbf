package secplane.aspect;

import java.util.List;

/**
 * The HTTP request a join point runs for: the one the current thread is serving, or the one a task
 * was submitted from ({@code ExecutorService}, {@code CompletableFuture}). Everything is read from
 * the container's request object on first use and kept for the rest of the request; nothing here
 * reads the request body: {@link #inputs()} holds the part of the body the application (or the
 * container, for a form) has already read.
 */
public interface HttpRequest {
    /** {@code GET}, {@code POST}, ... */
    String method();

    /** The request URI as sent, without the query string. */
    String uri();

    /** The raw query string, or null. */
    String queryString();

    /** The client's address as the container sees it ({@code getRemoteAddr}). */
    String clientAddress();

    /** The request's content type, or null. */
    String contentType();

    /**
     * The request's inputs, bounded in number and length (docs/agent.md, "Sources"). The same list
     * object is returned until more of the body has been read, so a caller may cache what it derives
     * from it by identity.
     */
    List<RequestInput> inputs();

    /**
     * The name of the user the servlet container authenticated for this request
     * ({@code HttpServletRequest.getUserPrincipal().getName()}: container authentication, or a security
     * filter such as Spring Security that wraps the request), or null when the request is anonymous.
     */
    default String user() {
        return null;
    }

    /**
     * Whether the authenticated user holds the role ({@code HttpServletRequest.isUserInRole}); false for an
     * anonymous request. Unlike a request header, this cannot be set by the client.
     */
    default boolean isUserInRole(String role) {
        return false;
    }

    /** A value an aspect keeps for the rest of this request, or null. */
    Object attachment(String key);

    /** Keeps a value for the rest of this request (it is dropped with the request). */
    void attach(String key, Object value);
}
