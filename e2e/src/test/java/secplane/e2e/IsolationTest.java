package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.testbeds.attacks.LdapCallbackListener;

/** The agent is invisible to the application and does not disturb its libraries, its output or other agents. */
class IsolationTest {
    /** The JVM's own notices about agents; printed by HotSpot, not by secplane. */
    private static final List<String> JVM_NOTICES = List.of(
            "OpenJDK 64-Bit Server VM warning: Sharing is only supported for boot loader classes because bootstrap classpath has been appended");

    @TempDir
    Path tmp;

    @Test
    void applicationSeesNoAgentClassAndKeepsItsOwnByteBuddy() throws Exception {
        Path data = tmp.resolve("data");
        try (Probe p = Probe.start(TestEnv.currentJavaHome(), tmp, TestEnv.agentArg(data))) {
            assertThat(p.send("bytebuddy")).isEqualTo("ok made by the app's ByteBuddy from byte-buddy-1.14.12.jar");
            assertThat(p.send("visible secplane.agent.core.Agent")).isEqualTo("ok invisible secplane.agent.core.Agent");
            assertThat(p.send("visible secplane.shaded.asm.ClassReader")).startsWith("ok invisible");
            assertThat(p.send("visible secplane.aspect.Aspect")).startsWith("ok invisible");
            assertThat(p.send("visible secplane.aspects.jndi.JndiAspect")).startsWith("ok invisible");
            assertThat(p.send("deser-gadget")).as("and the agent still protects").startsWith("blocked");
        }
    }

    @Test
    void agentWritesOnlyToItsOwnFilesNeverToTheApplicationsOutput() throws Exception {
        Path data = tmp.resolve("data");
        String out;
        try (LdapCallbackListener ldap = LdapCallbackListener.open();
                Probe p = Probe.start(TestEnv.currentJavaHome(), tmp, TestEnv.agentArg(data, "log.level=debug"))) {
            p.send("jndi " + ldap.url("dc=x"));
            p.send("deser-gadget");
            p.send("echo done");
            // the probe's own answers quote the exception messages it caught; everything else must be silent
            out = p.output().lines().filter(l -> !l.startsWith("> ") && !l.startsWith("PROBE READY"))
                    .collect(java.util.stream.Collectors.joining("\n"));
        }
        String err = Files.readString(tmp.resolve("probe-stderr.txt"));
        String combined = (out + err);
        for (String notice : JVM_NOTICES) {
            combined = combined.replace(notice, "");
        }
        assertThat(combined).doesNotContainIgnoringCase("secplane").doesNotContain("woven").doesNotContain("aspect");
        assertThat(Files.readString(data.resolve("agent.log"))).contains("agent started").contains("woven javax.naming.InitialContext");
    }

    @Test
    void coexistsWithTheOpenTelemetryJavaAgent() throws Exception {
        Path otel = Path.of(System.getProperty("secplane.otel.agent.jar"));
        assertThat(otel).isRegularFile();
        Path data = tmp.resolve("data");
        try (Probe p = Probe.start(TestEnv.currentJavaHome(), tmp,
                "-javaagent:" + otel, "-Dotel.traces.exporter=logging", "-Dotel.metrics.exporter=none",
                "-Dotel.logs.exporter=none", "-Dotel.service.name=probe",
                TestEnv.agentArg(data))) {
            String port = p.send("http").replace("ok port ", "");
            assertThat(p.send("fetch http://127.0.0.1:" + port + "/work")).isEqualTo("ok status 200");
            assertThat(p.send("deser-gadget")).as("secplane blocks with OpenTelemetry present").startsWith("blocked");
            assertThat(p.send("bytebuddy")).startsWith("ok made by the app's ByteBuddy");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                    Files.readString(tmp.resolve("probe-stderr.txt")).contains("LoggingSpanExporter"));
            assertThat(Files.readString(tmp.resolve("probe-stderr.txt"))).as("OpenTelemetry exported the client span")
                    .contains("'GET'");
        }
        TestEnv.awaitEvent(data, TestEnv.verdict("deserialize.gadget", "block"));
    }
}
