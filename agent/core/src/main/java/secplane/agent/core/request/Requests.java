package secplane.agent.core.request;

import java.util.concurrent.Future;
import secplane.bootstrap.Dispatcher;
import secplane.bootstrap.JoinPoints;

/**
 * The agent side of the request source ({@link Dispatcher.RequestHandler}): a per-thread stack of the
 * requests the thread is serving (a forward or include dispatch pushes another), and the carrying of
 * the current request into tasks submitted to executors and {@code CompletableFuture}s.
 *
 * <p>Every woven entry pushes exactly one slot and every exit pops one, also while no aspect wants
 * requests (the slot is then empty), so the stack stays balanced whatever the policy does meanwhile.
 * A context is recorded only while {@code http.request} is active.
 */
public final class Requests implements Dispatcher.RequestHandler {
    /** Deeper nesting than this is counted, not recorded; the matching exits uncount it. */
    private static final int MAX_DEPTH = 64;

    /**
     * One thread's stack, a view of the JDK-typed holder the trampoline keeps per thread
     * ({@link Dispatcher#requestFrames()}). {@code carried[i]} marks a context a task carried in, which
     * only its own request ends.
     */
    static final class Frames {
        private final Object[] holder;

        Frames(Object[] holder) {
            this.holder = holder;
        }

        static Frames current() {
            return new Frames(Dispatcher.requestFrames());
        }

        private Object[] stack() {
            return (Object[]) holder[0];
        }

        private int[] counts() {
            return (int[]) holder[1];
        }

        private boolean[] carried() {
            return (boolean[]) holder[2];
        }

        int size() {
            return counts()[0];
        }

        RequestContext top() {
            int size = counts()[0];
            return size == 0 ? null : (RequestContext) stack()[size - 1];
        }

        void push(RequestContext c, boolean carried) {
            int[] counts = counts();
            Object[] stack = stack();
            int size = counts[0];
            if (size == stack.length) {
                if (size >= MAX_DEPTH) {
                    counts[1]++;
                    return;
                }
                holder[0] = stack = java.util.Arrays.copyOf(stack, size * 2);
                holder[2] = java.util.Arrays.copyOf(carried(), size * 2);
            }
            stack[size] = c;
            carried()[size] = carried;
            counts[0] = size + 1;
        }

        /** @return the context popped, if this was the last slot it held and it was not carried in, else null */
        RequestContext pop() {
            int[] counts = counts();
            if (counts[1] > 0) {
                counts[1]--;
                return null;
            }
            int size = counts[0];
            if (size == 0) {
                return null;
            }
            size--;
            counts[0] = size;
            Object[] stack = stack();
            RequestContext c = (RequestContext) stack[size];
            boolean carried = carried()[size];
            stack[size] = null;
            if (c == null || carried) {
                return null;
            }
            for (int i = 0; i < size; i++) {
                if (stack[i] == c) {
                    return null;
                }
            }
            return c;
        }
    }

    /** Called when a request starts, to dispatch {@code http.request} (the host's aspects). */
    private final Started started;

    public interface Started {
        /** @throws secplane.bootstrap.BlockedException when a rule blocks the request itself */
        void started(RequestContext context);
    }

    public Requests(Started started) {
        this.started = started;
    }

    /** The request the current thread works for, or null. */
    public static RequestContext current() {
        if (!Dispatcher.isActive(JoinPoints.HTTP_REQUEST)) {
            return null;
        }
        return Frames.current().top();
    }

    @Override
    public void enter(Object request, Object response) {
        Frames f = Frames.current();
        RequestContext top = f.top();
        RequestContext context = null;
        boolean fresh = false;
        if (Dispatcher.isActive(JoinPoints.HTTP_REQUEST)) {
            if (top != null && top.request == request) {
                context = top;
            } else {
                ServletApi api = ServletApi.request(request);
                if (api.isHttp()) {
                    context = new RequestContext(request, response, api, top);
                    fresh = true;
                }
            }
        }
        f.push(context, false);
        if (fresh) {
            try {
                started.started(context);
            } catch (RuntimeException | Error e) {
                // the woven code calls no exit when its entry throws
                exit();
                throw e;
            }
        }
    }

    @Override
    public void exit() {
        RequestContext ended = Frames.current().pop();
        if (ended != null) {
            ended.end();
        }
    }

    @Override
    public Object propagate(Object task) {
        RequestContext c = current();
        if (c == null || task instanceof ContextTask || task instanceof Future) {
            // a Future here is the executor's own task for something already wrapped at submit, or CompletableFuture's
            return task;
        }
        if (c.ended()) {
            return task;
        }
        // read now what a task may need after the request is over, when the container may have recycled it
        c.inputs();
        c.method();
        return ContextTask.of(task, c);
    }

    @Override
    public void bodyRead(Object stream, byte[] b, int off, int n) {
        RequestContext c = current();
        if (c != null) {
            c.bodyRead(b, off, n);
        }
    }

    @Override
    public void bodyRead(Object stream, char[] c, int off, int n) {
        RequestContext ctx = current();
        if (ctx != null) {
            ctx.bodyRead(c, off, n);
        }
    }

    static void push(RequestContext context) {
        Frames.current().push(context, true);
    }

    static void pop() {
        Frames.current().pop();
    }

    /** How deep the current thread's stack is (tests). */
    static int depth() {
        return Frames.current().size();
    }
}
