package secplane.agent.core.aspects;

import secplane.agent.core.request.RequestContext;
import secplane.aspect.HttpRequest;
import secplane.aspect.JoinPoint;
import secplane.bootstrap.JoinPoints;

/** One dispatched call, as aspects see it. */
final class Call implements JoinPoint {
    private final int id;
    private final Object target;
    private final Object[] args;
    private final RequestContext request;
    private StackTraceElement[] stack;
    /** The woven call's own arguments (a log event for {@code log.message}, a buffer for {@code http.response}), for a rewrite. */
    private Object[] raw;

    Call(int id, Object target, Object[] args) {
        this(id, target, args, null);
    }

    Call(int id, Object target, Object[] args, RequestContext request) {
        this.id = id;
        this.target = target;
        this.args = args;
        this.request = request;
    }

    Call withRaw(Object[] raw) {
        this.raw = raw;
        return this;
    }

    Object[] raw() {
        return raw;
    }

    RequestContext context() {
        return request;
    }

    @Override
    public HttpRequest request() {
        return request;
    }

    int id() {
        return id;
    }

    @Override
    public String name() {
        return JoinPoints.name(id);
    }

    @Override
    public Object target() {
        return target;
    }

    @Override
    public Object[] args() {
        return args;
    }

    @Override
    public StackTraceElement[] stack() {
        if (stack == null) {
            stack = new Throwable().getStackTrace();
        }
        return stack;
    }
}
