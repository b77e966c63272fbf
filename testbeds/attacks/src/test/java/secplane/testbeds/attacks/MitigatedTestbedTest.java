package secplane.testbeds.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks must report failure truthfully when the effect does not happen. The vendors' own JVM
 * mitigations stop two of the exploits without any agent: log4j's {@code formatMsgNoLookups}
 * (2.10+) and a JEP 290 deserialization filter rejecting commons-collections' functors. The app
 * must still answer, and the attacks must say "not exploited".
 */
final class MitigatedTestbedTest {

    /** Kept when a test fails: it holds the vulnapp's output and the files the exploits wrote. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path work;

    private static Testbed target;

    @BeforeAll
    static void startMitigatedVulnapp() throws Exception {
        target = Testbed.builder().workDir(work)
                .jvmArgs("-Dlog4j2.formatMsgNoLookups=true",
                        "-Djdk.serialFilter=!org.apache.commons.collections.functors.*")
                .start();
    }

    @AfterAll
    static void stopVulnapp() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void log4ShellIsReportedAsNotExploitedWhenLookupsAreOff() throws Exception {
        AttackResult result = new Log4ShellAttack().fire(target);

        assertThat(result.exploited()).as(result.evidence()).isFalse();
        assertThat(result.httpStatus()).isEqualTo(200);
        assertThat(result.evidence()).startsWith("no connection");
    }

    @Test
    void deserializationIsReportedAsNotExploitedWhenFiltered() throws Exception {
        AttackResult result = new DeserializationAttack().fire(target);

        assertThat(result.exploited()).as(result.evidence()).isFalse();
        assertThat(result.httpStatus()).isEqualTo(400);
        assertThat(result.evidence()).contains("InvalidClassException");
        assertThat(target.healthy()).isTrue();
    }
}
