package secplane.e2e;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One run of the {@code secplane} CLI inside the test JVM: its exit code and what it printed. */
record CliRun(int code, String out, String err) {
    /**
     * Runs the CLI in this JVM, as the {@code secplane} launcher does, with its output captured. Synchronized on
     * this class because {@code System.out} and {@code System.err} are shared by every test in the JVM.
     */
    static CliRun cli(String... args) {
        synchronized (CliRun.class) {
            PrintStream out = System.out;
            PrintStream err = System.err;
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            try {
                System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
                int code = secplane.cli.Main.run(args);
                return new CliRun(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
        }
    }

    /** The first line of the output holding every fragment. */
    String line(String... fragments) {
        return out.lines().filter(l -> {
            for (String f : fragments) {
                if (!l.contains(f)) {
                    return false;
                }
            }
            return true;
        }).findFirst().orElseThrow(() -> new AssertionError("no line with " + List.of(fragments) + " in:\n" + out));
    }
}
