package secplane.consortium.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A member node in its own JVM, started from the test class path; its output goes to a file the test reads. */
final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final Path out;

    private NodeProcess(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    static NodeProcess start(Class<?> main, Path config, Path out) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), main.getName(), config.toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            return new NodeProcess(p, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static NodeProcess node(Path config, Path out) {
        return start(NodeMain.class, config, out);
    }

    String output() {
        try {
            return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    NodeProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains(" ready\n")) {
                return this;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the node exited with " + process.exitValue() + ":\n" + output());
            }
            sleep(50);
        }
        throw new IllegalStateException("the node was not ready within " + timeout + ":\n" + output());
    }

    /** SIGTERM, then the exit code (the node must stop within 30 s). */
    int stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the node did not stop within 30 s of SIGTERM:\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
