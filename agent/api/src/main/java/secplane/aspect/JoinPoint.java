package secplane.aspect;

/**
 * One call at an instrumented place. The arguments are the live objects of the call: aspects
 * read them and must never change them. Application types are handed over as {@link Object}
 * and read reflectively, since an aspect cannot see the application's classes by name.
 */
public interface JoinPoint {
    /** The stable name, e.g. {@code jndi.lookup}. */
    String name();

    /** The receiver, or null for a static method or a constructor. */
    Object target();

    /** The join point's arguments; their meaning per join point is documented in docs/join-points.md. */
    Object[] args();

    /** The current thread's stack, captured on first use. */
    StackTraceElement[] stack();

    /**
     * The HTTP request this call is made for, or null outside any request (or while no active aspect
     * subscribes to {@code http.request}, which is what turns request recording on).
     */
    default HttpRequest request() {
        return null;
    }
}
