package secplane.bootstrap;

/**
 * The trampoline between woven code and the agent. It lives on the bootstrap class path so that
 * code in any class loader, the JDK's own included, can call it; everything else of the agent
 * lives in an isolated class loader behind the {@link Handler} delegate.
 *
 * <p>Woven code first reads {@link #active} (one volatile int, a bit per join point) and calls
 * {@link #dispatch} only when an aspect is interested, so an idle join point costs one load and
 * one branch. {@code dispatch} is the firewall of the host application: it never lets anything
 * but a {@link BlockedException} escape, and it guards against re-entry from the agent's own
 * work on the same thread.
 */
public final class Dispatcher {

    /** The agent side of the trampoline. */
    public interface Handler {
        /**
         * @param joinPoint a {@link JoinPoints} index
         * @param target    the receiver of the instrumented call, or null for static methods
         * @param args      the join point's arguments
         * @throws BlockedException when a rule blocks the call
         */
        void onJoinPoint(int joinPoint, Object target, Object[] args);
    }

    /** The agent side of virtual patches: what a patched method does instead of, or before, its own code. */
    public interface PatchHandler {
        /**
         * @param slot   the patch's slot, woven into the method as a constant
         * @param target the receiver, or null for static methods and constructors
         * @param args   every argument of the method, primitives boxed
         * @return {@link #PROCEED} to run the original method, else the value the method returns
         *         (the exact box of a primitive return type; anything for a void method)
         * @throws BlockedException when the patch stops the call
         */
        Object onPatch(int slot, Object target, Object[] args);
    }

    /**
     * The agent side of the request source and of context propagation: woven servlet entry points
     * call {@link #requestEnter} and, on every way out, {@link #requestExit}; executor and
     * CompletableFuture submissions hand their task to {@link #wrap}; the container's request body
     * streams report what they read to {@link #bodyRead}.
     */
    public interface RequestHandler {
        /** A servlet request enters the application (the container's filter chain or a servlet). */
        void enter(Object request, Object response);

        /** The matching exit of the last {@link #enter} on this thread. */
        void exit();

        /** @return the task, or a wrapper of it that carries the current request into the thread that runs it */
        Object propagate(Object task);

        /** {@code n > 0} bytes were just read from a request body stream into {@code b[off..off+n)}. */
        void bodyRead(Object stream, byte[] b, int off, int n);

        /** {@code n > 0} characters were just read from a request body reader into {@code c[off..off+n)}. */
        void bodyRead(Object stream, char[] c, int off, int n);
    }

    private static volatile RequestHandler requestHandler;

    /**
     * Each thread's stack of the requests it serves, kept for the agent in JDK types only, so that no
     * thread keeps the agent's class loader alive once its requests have ended: {@code {Object[] contexts,
     * int[] {size, overflow}, boolean[] carried}}. Only the agent reads and writes it.
     */
    private static final ThreadLocal<Object[]> REQUEST_FRAMES = new ThreadLocal<Object[]>() {
        @Override
        protected Object[] initialValue() {
            return new Object[] {new Object[8], new int[2], new boolean[8]};
        }
    };

    private static final int REQUEST_BIT = 1 << JoinPoints.HTTP_REQUEST;

    /**
     * Returned by {@link #patch} when the original method is to run. Woven code compares the result
     * with it by identity.
     */
    public static final Object PROCEED = new Object();

    /**
     * Bit {@code 1L << min(slot, 63)} is set while the patch in that slot is in force; slots from 63
     * up share the last bit, and {@link #patch} tells them apart. Woven patch hooks read it first,
     * so a hook whose patch is not in force costs one volatile load and a branch.
     */
    public static volatile long patches;

    private static volatile PatchHandler patchHandler;

    /** Bit {@code 1 << joinPoint} is set while at least one active aspect subscribes to it. */
    public static volatile int active;

    private static volatile Handler handler;

    /** Swapped in by the agent; detach swaps it out again so the agent's loader can be collected. */
    private static volatile Runnable detachHook;

    private static final ThreadLocal<int[]> DEPTH = new ThreadLocal<int[]>() {
        @Override
        protected int[] initialValue() {
            return new int[JoinPoints.COUNT + 1];
        }
    };

    private static final int IN_DISPATCH = JoinPoints.COUNT;

    private Dispatcher() {
    }

    public static boolean isActive(int joinPoint) {
        return (active & (1 << joinPoint)) != 0;
    }

    public static void dispatch(int joinPoint, Object target, Object[] args) {
        Handler h = handler;
        if (h == null) {
            return;
        }
        int[] depth;
        try {
            depth = DEPTH.get();
        } catch (Throwable t) {
            return;
        }
        if (depth[IN_DISPATCH] != 0) {
            return; // the agent's own work (writing an event, reading a resource) is never inspected
        }
        depth[IN_DISPATCH] = 1;
        try {
            h.onJoinPoint(joinPoint, target, args);
        } catch (BlockedException e) {
            throw e;
        } catch (Throwable ignored) {
            // the handler counts its own failures; nothing may reach the host application
        } finally {
            depth[IN_DISPATCH] = 0;
        }
    }

    /**
     * Called by a patched method at its entry when its guard bit is set. Like {@link #dispatch}, it
     * is a firewall: anything but a {@link BlockedException} thrown by the handler, and any call made
     * while the agent itself is working on this thread, lets the original method run.
     */
    public static Object patch(int slot, Object target, Object[] args) {
        PatchHandler h = patchHandler;
        if (h == null) {
            return PROCEED;
        }
        int[] depth;
        try {
            depth = DEPTH.get();
        } catch (Throwable t) {
            return PROCEED;
        }
        if (depth[IN_DISPATCH] != 0) {
            return PROCEED;
        }
        depth[IN_DISPATCH] = 1;
        try {
            return h.onPatch(slot, target, args);
        } catch (BlockedException e) {
            throw e;
        } catch (Throwable ignored) {
            // the handler reports its own failures; the application's call goes on unpatched
            return PROCEED;
        } finally {
            depth[IN_DISPATCH] = 0;
        }
    }

    /**
     * Called at the entry of a woven servlet entry point. Every call is matched by exactly one
     * {@link #requestExit} (the woven code calls it before each return and from a handler around
     * the whole method), so the handler can keep a stack of the requests a thread is serving.
     * Only a {@link BlockedException} (a rule blocking the request itself) escapes.
     */
    public static void requestEnter(Object request, Object response) {
        RequestHandler h = requestHandler;
        if (h == null) {
            return;
        }
        try {
            h.enter(request, response);
        } catch (BlockedException e) {
            throw e;
        } catch (Throwable ignored) {
            // the request goes on without a recorded context
        }
    }

    public static void requestExit() {
        RequestHandler h = requestHandler;
        if (h == null) {
            return;
        }
        try {
            h.exit();
        } catch (Throwable ignored) {
            // never reaches the host
        }
    }

    /**
     * Called by woven task submissions ({@code ExecutorService.submit}, {@code CompletableFuture.supplyAsync},
     * ...) with the task; the woven code casts the result back to the parameter's type, which the
     * handler's wrapper implements. Idle (no aspect wants requests) it returns the task itself.
     */
    public static Object wrap(Object task) {
        if ((active & REQUEST_BIT) == 0 || task == null) {
            return task;
        }
        RequestHandler h = requestHandler;
        if (h == null) {
            return task;
        }
        try {
            Object wrapped = h.propagate(task);
            return wrapped == null ? task : wrapped;
        } catch (Throwable ignored) {
            return task;
        }
    }

    /** Woven before each {@code return n} of a request body stream's {@code read(byte[], int, int)}; returns {@code n}. */
    public static int bodyRead(int n, Object stream, byte[] b, int off) {
        if (n > 0 && (active & REQUEST_BIT) != 0) {
            RequestHandler h = requestHandler;
            if (h != null) {
                try {
                    h.bodyRead(stream, b, off, n);
                } catch (Throwable ignored) {
                    // the application's read is not affected
                }
            }
        }
        return n;
    }

    /** Woven before each {@code return n} of a request body reader's {@code read(char[], int, int)}; returns {@code n}. */
    public static int bodyRead(int n, Object stream, char[] c, int off) {
        if (n > 0 && (active & REQUEST_BIT) != 0) {
            RequestHandler h = requestHandler;
            if (h != null) {
                try {
                    h.bodyRead(stream, c, off, n);
                } catch (Throwable ignored) {
                    // the application's read is not affected
                }
            }
        }
        return n;
    }

    private static final int JDBC_RESULT_BIT = 1 << JoinPoints.JDBC_RESULT;

    /**
     * Woven before each {@code areturn} of a JDBC driver's {@code ResultSet.getString(int)} and
     * {@code getObject(int)}: dispatches {@code jdbc.result} with the value and the column, and returns the
     * value unchanged. Idle it costs one volatile read; a read value is only ever observed, never replaced.
     */
    public static Object jdbcResult(Object value, Object resultSet, int column) {
        if (value != null && (active & JDBC_RESULT_BIT) != 0) {
            jdbcDispatch(value, resultSet, Integer.valueOf(column));
        }
        return value;
    }

    /** The same for {@code getString(String)} and {@code getObject(String)}: the column by its label. */
    public static Object jdbcResult(Object value, Object resultSet, String label) {
        if (value != null && (active & JDBC_RESULT_BIT) != 0) {
            jdbcDispatch(value, resultSet, label);
        }
        return value;
    }

    private static void jdbcDispatch(Object value, Object resultSet, Object column) {
        try {
            dispatch(JoinPoints.JDBC_RESULT, resultSet, new Object[] {value, column});
        } catch (Throwable ignored) {
            // the application's read always returns its value
        }
    }

    /** This thread's request stack (see {@link #REQUEST_FRAMES}); for the agent only. */
    public static Object[] requestFrames() {
        return REQUEST_FRAMES.get();
    }

    public static void installRequests(RequestHandler newHandler) {
        requestHandler = newHandler;
    }

    /**
     * Marks entry into a method whose nested calls reach the same join point again (a
     * {@code resolveClass} override calling {@code super}, a script engine's {@code eval}
     * overloads). Only the outermost call is dispatched.
     *
     * @return true if this is the outermost call on this thread
     */
    public static boolean enter(int joinPoint) {
        try {
            return DEPTH.get()[joinPoint]++ == 0;
        } catch (Throwable t) {
            return false;
        }
    }

    public static void exit(int joinPoint) {
        try {
            int[] depth = DEPTH.get();
            if (depth[joinPoint] > 0) {
                depth[joinPoint]--;
            }
        } catch (Throwable ignored) {
            // never reaches the host
        }
    }

    public static void install(Handler newHandler, Runnable newDetachHook) {
        detachHook = newDetachHook;
        handler = newHandler;
    }

    /** Restores the no-op state; woven code that still runs afterwards does nothing. */
    public static void uninstall() {
        active = 0;
        patches = 0;
        handler = null;
        patchHandler = null;
        requestHandler = null;
        detachHook = null;
    }

    public static void installPatches(PatchHandler newHandler) {
        patchHandler = newHandler;
    }

    public static synchronized void setPatches(long mask) {
        patches = mask;
    }

    /** The guard bit of a patch slot. */
    public static long patchBit(int slot) {
        return 1L << Math.min(slot, 63);
    }

    public static boolean installed() {
        return handler != null;
    }

    public static Runnable detachHook() {
        return detachHook;
    }

    public static synchronized void setActive(int mask) {
        active = mask;
    }
}
