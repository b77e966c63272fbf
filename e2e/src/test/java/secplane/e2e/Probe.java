package secplane.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import secplane.e2e.apps.ProbeApp;

/** A {@link ProbeApp} in a child JVM, driven over stdin/stdout. */
final class Probe implements AutoCloseable {
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final StringBuffer output = new StringBuffer();
    private final long pid;
    private final String javaVersion;

    private Probe(Process process) throws Exception {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.append(line).append('\n');
                    if (line.startsWith("> ") || line.startsWith("PROBE READY")) {
                        answers.add(line);
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "probe-stdout");
        reader.setDaemon(true);
        reader.start();
        String ready = answers.poll(60, TimeUnit.SECONDS);
        if (ready == null || !ready.startsWith("PROBE READY")) {
            process.destroyForcibly();
            throw new IllegalStateException("probe did not start; output:\n" + output);
        }
        this.pid = Long.parseLong(ready.replaceAll(".*pid=(\\d+).*", "$1"));
        this.javaVersion = ready.replaceAll(".*java=(\\S+).*", "$1");
    }

    static Probe start(Path javaHome, Path workDir, String... jvmArgs) throws Exception {
        return start(javaHome, workDir, List.of(), jvmArgs);
    }

    /** @param extraClassPath jars appended to the probe's class path */
    static Probe start(Path javaHome, Path workDir, List<Path> extraClassPath, String... jvmArgs) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin/java").toString());
        cmd.addAll(List.of(jvmArgs));
        cmd.add("-cp");
        StringBuilder cp = new StringBuilder(TestEnv.probeClasspath());
        for (Path p : extraClassPath) {
            cp.append(java.io.File.pathSeparator).append(p);
        }
        cmd.add(cp.toString());
        cmd.add(ProbeApp.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectError(workDir.resolve("probe-stderr.txt").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SECPLANE_"));
        return new Probe(pb.start());
    }

    /** Sends one command and returns its answer without the "> " prefix. */
    String send(String command) throws Exception {
        stdin.write(command + "\n");
        stdin.flush();
        String answer = answers.poll(60, TimeUnit.SECONDS);
        if (answer == null) {
            throw new IllegalStateException("no answer to '" + command + "'; output:\n" + output);
        }
        return answer.substring(2);
    }

    long pid() {
        return pid;
    }

    String javaVersion() {
        return javaVersion;
    }

    String output() {
        return output.toString();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws Exception {
        try {
            stdin.write("quit\n");
            stdin.flush();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
