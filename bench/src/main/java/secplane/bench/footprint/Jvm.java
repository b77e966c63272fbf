package secplane.bench.footprint;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Child JVMs of the same JDK as the harness, running a main class of this jar. */
final class Jvm {
    private Jvm() {
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    static Path jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd");
    }

    static int feature() {
        return Runtime.version().feature();
    }

    /** The jar (or classes directory) this harness runs from, used as the children's class path. */
    static String classpath() {
        try {
            return Path.of(Jvm.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the benchmark jar", e);
        }
    }

    static ProcessBuilder command(List<String> jvmArgs, Class<?> main) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java().toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(main.getName());
        return new ProcessBuilder(cmd);
    }

    /** Runs {@code jcmd <pid> <command...>} and returns its output; a jcmd failure is an error of the run. */
    static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(jcmd().toString(), Long.toString(pid)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("`" + String.join(" ", cmd) + "` failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Non-blank lines of a child's captured stderr. */
    static List<String> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }
}
