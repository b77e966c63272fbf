package secplane.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads the agent into a running JVM through the JDK attach API, or tells it to detach. The
 * failure modes that make attach tools notorious (another user's JVM, attach disabled, a JVM that
 * is not answering, the agent already there) each get a message that says what to do.
 */
public final class Attacher {
    private Attacher() {
    }

    /** @param options the agent options, {@code key=value,...}; may be empty */
    public static void attach(String pid, Path agentJar, String options) throws Exception {
        load(pid, agentJar, options == null ? "" : options, "attach");
    }

    public static void detach(String pid, Path agentJar) throws Exception {
        load(pid, agentJar, "detach", "detach");
    }

    private static void load(String pid, Path agentJar, String options, String verb) throws Exception {
        if (!pid.matches("\\d+")) {
            throw new IllegalArgumentException("'" + pid + "' is not a process id; list Java processes with 'jps -l'");
        }
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
        } catch (AttachNotSupportedException e) {
            throw new IllegalStateException("cannot attach to JVM " + pid + ": " + e.getMessage()
                    + ". Check that it is a running HotSpot JVM owned by the same user as this command,"
                    + " that it was not started with -XX:+DisableAttachMechanism, and that its temp directory is the same as ours.");
        } catch (IOException e) {
            throw new IllegalStateException("JVM " + pid + " did not answer the attach request: " + e.getMessage()
                    + ". If it is busy or stopped (e.g. suspended in a debugger), try again; a stale .attach_pid file in its working directory can also block attach.");
        }
        Path result = java.nio.file.Files.createTempFile("secplane-attach-", ".result");
        String withResult = (options.isEmpty() ? "" : options + ",") + "attach.result=" + result;
        try {
            vm.loadAgent(agentJar.toString(), withResult);
            String outcome = java.nio.file.Files.readString(result).trim();
            if (outcome.startsWith("error ")) {
                throw new IllegalStateException(verb + " failed in JVM " + pid + ": " + outcome.substring(6));
            }
            if (!outcome.equals("ok")) {
                throw new IllegalStateException(verb + " in JVM " + pid + " gave no result; is " + agentJar + " a secplane agent of this version?");
            }
        } catch (AgentInitializationException e) {
            throw new IllegalStateException(verb + " failed in JVM " + pid + ": " + agentMessage(e)
                    + ". Details are in the agent log (agent.log in the agent's data directory).");
        } catch (AgentLoadException e) {
            throw new IllegalStateException("JVM " + pid + " could not load " + agentJar + ": " + e.getMessage());
        } finally {
            vm.detach();
            java.nio.file.Files.deleteIfExists(result);
        }
    }

    private static String agentMessage(AgentInitializationException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? "the agent's entry point threw (return code " + e.returnValue() + ")" : m;
    }
}
