package secplane.aspect.testing;

import secplane.aspect.HttpRequest;
import secplane.aspect.JoinPoint;

/**
 * A join point built by hand: the name, the arguments the agent would hand over for that join point
 * (docs/join-points.md) and, optionally, the request the call runs for, a receiver and a stack.
 * Immutable; the {@code with...} methods return a copy.
 *
 * <pre>{@code
 * TestJoinPoint call = new TestJoinPoint("sql.execute", request, new Object[] {"SELECT * FROM t WHERE a = '1'", "jdbc:h2:mem:"});
 * Finding f = aspect.inspect(call);
 * }</pre>
 */
public final class TestJoinPoint implements JoinPoint {
    private static final StackTraceElement[] NO_FRAMES = new StackTraceElement[0];

    private final String name;
    private final HttpRequest request;
    private final Object[] args;
    private final Object target;
    private final StackTraceElement[] stack;

    /**
     * A call made for {@code request} (null: outside any request) with these arguments, no receiver and an
     * empty stack. The arguments are an array, not varargs, so that an argument list can never be mistaken
     * for a receiver or a stack.
     */
    public TestJoinPoint(String name, HttpRequest request, Object[] args) {
        this(name, request, args, null, NO_FRAMES);
    }

    private TestJoinPoint(String name, HttpRequest request, Object[] args, Object target, StackTraceElement[] stack) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a join point needs its name, e.g. \"sql.execute\" (docs/join-points.md)");
        }
        this.name = name;
        this.request = request;
        this.args = args == null ? new Object[0] : args;
        this.target = target;
        this.stack = stack;
    }

    /** A call outside any request. */
    public static TestJoinPoint of(String name, Object... args) {
        return new TestJoinPoint(name, null, args, null, NO_FRAMES);
    }

    /** A stack frame for {@link #withStack}: the class and method are what stack-based rules read. */
    public static StackTraceElement frame(String className, String method) {
        return new StackTraceElement(className, method, null, -1);
    }

    /** This call with a receiver (the agent hands over null for static methods and constructors). */
    public TestJoinPoint withTarget(Object receiver) {
        return new TestJoinPoint(name, request, args, receiver, stack);
    }

    /** This call with the given stack, innermost frame first, as {@link Thread#getStackTrace()} minus its own frame. */
    public TestJoinPoint withStack(StackTraceElement... frames) {
        return new TestJoinPoint(name, request, args, target, frames == null ? NO_FRAMES : frames.clone());
    }

    /** This call made for another request (null: outside any request). */
    public TestJoinPoint withRequest(HttpRequest other) {
        return new TestJoinPoint(name, other, args, target, stack);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Object target() {
        return target;
    }

    /** The arguments themselves, not a copy: like the agent, the kit hands over the live objects. */
    @Override
    public Object[] args() {
        return args;
    }

    @Override
    public StackTraceElement[] stack() {
        return stack;
    }

    @Override
    public HttpRequest request() {
        return request;
    }

    @Override
    public String toString() {
        return name + (request == null ? "" : " in " + request.method() + " " + request.uri());
    }
}
