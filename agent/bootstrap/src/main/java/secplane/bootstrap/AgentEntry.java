package secplane.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.util.jar.JarFile;

/**
 * The agent's entry point, for {@code -javaagent:} ({@link #premain}) and for attach
 * ({@link #agentmain}). It does as little as possible: puts the agent jar on the bootstrap
 * search path (so that only the trampoline classes in this package become visible there), builds
 * the isolated loader that holds the rest of the agent, and hands over. It keeps no state and
 * never writes to the application's stdout or stderr; a failure at start-up must not stop the
 * application (premain) and is reported to the attaching tool (agentmain).
 */
public final class AgentEntry {
    private static final String CORE = "secplane.agent.core.Agent";

    private AgentEntry() {
    }

    public static void premain(String args, Instrumentation inst) {
        try {
            start(args, inst, false);
        } catch (Throwable t) {
            // The application must start even if the agent cannot. The core logs its own failures to
            // its log; a failure before that log exists goes to a file beside the JVM's temp files.
            recordEarlyFailure(t);
        }
    }

    private static void recordEarlyFailure(Throwable t) {
        try {
            File f = new File(System.getProperty("java.io.tmpdir"), "secplane-agent-start-failure.log");
            java.io.PrintStream out = new java.io.PrintStream(new java.io.FileOutputStream(f, true), true, "UTF-8");
            try {
                out.println(new java.util.Date() + " secplane agent did not start; the application runs without it:");
                t.printStackTrace(out);
            } finally {
                out.close();
            }
        } catch (Throwable ignored) {
            // nowhere left to report
        }
    }

    /**
     * Attach entry. When the attaching tool names a result file ({@code attach.result=<path>}, as
     * {@code secplane attach} does), the outcome is written there and nothing is thrown, because
     * the JVM would print a thrown exception onto the application's stderr; the attach API
     * itself carries no message back.
     */
    public static void agentmain(String args, Instrumentation inst) throws Exception {
        String command = args == null ? "" : args.trim();
        String resultFile = null;
        StringBuilder rest = new StringBuilder();
        for (String part : command.split(",")) {
            if (part.trim().startsWith("attach.result=")) {
                resultFile = part.trim().substring("attach.result=".length());
            } else if (!part.trim().isEmpty()) {
                rest.append(rest.length() == 0 ? "" : ",").append(part.trim());
            }
        }
        try {
            if (rest.toString().equals("detach")) {
                Runnable hook = Dispatcher.detachHook();
                if (hook == null) {
                    throw new IllegalStateException("secplane agent is not attached to this JVM");
                }
                hook.run();
            } else {
                start(rest.toString(), inst, true);
            }
            report(resultFile, "ok");
        } catch (Exception e) {
            if (resultFile == null) {
                throw e;
            }
            report(resultFile, "error " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private static void report(String resultFile, String outcome) throws Exception {
        if (resultFile == null) {
            return;
        }
        java.io.OutputStream out = new java.io.FileOutputStream(resultFile);
        try {
            out.write(outcome.getBytes("UTF-8"));
        } finally {
            out.close();
        }
    }

    private static void start(String args, Instrumentation inst, boolean attached) throws Exception {
        if (onBootstrapPath() && Dispatcher.installed()) {
            throw new IllegalStateException("secplane agent is already attached to this JVM");
        }
        File jar = agentJar();
        if (!onBootstrapPath()) {
            inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
        }
        IsolatedClassLoader loader = new IsolatedClassLoader(jar, platformLoader());
        try {
            Class<?> core = loader.loadClass(CORE);
            Method startMethod = core.getMethod("start", Instrumentation.class, String.class, File.class,
                    boolean.class, ClassLoader.class);
            startMethod.invoke(null, inst, args, jar, attached, loader);
        } catch (InvocationTargetException e) {
            loader.close();
            Throwable cause = e.getCause();
            throw cause instanceof Exception ? (Exception) cause : new IllegalStateException(cause);
        } catch (Exception | Error e) {
            loader.close();
            throw e;
        }
    }

    private static boolean onBootstrapPath() {
        try {
            return Class.forName("secplane.bootstrap.Dispatcher", false, null) != null;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static File agentJar() throws URISyntaxException {
        return new File(AgentEntry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The platform loader on Java 9+ (java.sql and friends), the bootstrap loader on Java 8. */
    private static ClassLoader platformLoader() {
        try {
            return (ClassLoader) ClassLoader.class.getMethod("getPlatformClassLoader").invoke(null);
        } catch (Exception e) {
            return null;
        }
    }
}
