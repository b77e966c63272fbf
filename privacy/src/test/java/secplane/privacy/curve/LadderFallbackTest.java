package secplane.privacy.curve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The choice of ladder in fresh JVMs: without the incubator module the scalar path runs, and gives the same bytes. */
class LadderFallbackTest {
    /** RFC 7748 §5.2 after one iteration, and RFC 9380 J.7.2 Q.x of "abc" (little-endian). */
    private static final String X25519_9_9 = "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079";

    private static String probe(String... jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), FallbackProbe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("probe output: %s", out).isZero();
        return out;
    }

    @Test
    void withoutTheModuleTheScalarLadderRunsAndAgrees() throws Exception {
        String scalar = probe();
        String vector = probe("--add-modules", "jdk.incubator.vector");
        String forced = probe("--add-modules", "jdk.incubator.vector", "-Dsecplane.psi.ladder=scalar");
        assertThat(scalar).startsWith("false " + X25519_9_9 + " ");
        assertThat(forced).isEqualTo(scalar);
        assertThat(vector).isEqualTo(scalar.replaceFirst("^false", "true"));
    }
}
