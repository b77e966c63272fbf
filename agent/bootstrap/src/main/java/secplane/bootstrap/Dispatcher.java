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
        handler = null;
        detachHook = null;
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
