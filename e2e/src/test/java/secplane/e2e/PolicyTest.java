package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local policy file: reloaded on change, validated whole, and a bad one never replaces a good one. */
class PolicyTest {
    @TempDir
    Path tmp;

    @Test
    void reloadsChangesAndKeepsTheLastValidPolicyWhenANewOneIsBroken() throws Exception {
        Path data = tmp.resolve("data");
        Path policy = tmp.resolve("policy.json");
        write(policy, "{\"version\": \"v1\", \"mode\": \"observe\"}");
        try (Probe p = Probe.start(TestEnv.currentJavaHome(), tmp, TestEnv.agentArg(data, "policy=" + policy, "poll.ms=100"))) {
            assertThat(p.send("deser-gadget")).startsWith("ok read");

            write(policy, "{\n  \"version\": \"v2\",\n  \"aspects\": {\"deserialization\": {\"rules\": {\"deserialize.gadget\": \"block\"}}}\n}");
            awaitPolicy(data, "v2");
            assertThat(p.send("deser-gadget")).startsWith("blocked");

            write(policy, "{\n  \"version\": \"v3\",\n  \"aspects\": {\"deserialization\": {\"rules\": {\"deserialize.gadget\": \"blok\"}}}\n}");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> TestEnv.status(data).get("policyError") != null);
            assertThat((String) TestEnv.status(data).get("policyError")).startsWith(policy + ":3:67: ")
                    .endsWith("/aspects/deserialization/rules/deserialize.gadget: unknown mode 'blok'; expected off, observe or block");
            assertThat(TestEnv.status(data).get("policyVersion")).isEqualTo("v2");
            assertThat(p.send("deser-gadget")).as("v2 stays in force").startsWith("blocked");
            TestEnv.awaitEvent(data, e -> "policy.rejected".equals(e.get("type")));

            write(policy, "{\"version\": \"v4\", \"aspects\": {\"jndi\": {}}, }");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    String.valueOf(TestEnv.status(data).get("policyError")).contains(":1:"));
            assertThat((String) TestEnv.status(data).get("policyError")).contains("policy.json:1:").contains("expected a member name");

            write(policy, "{\"version\": \"v5\", \"aspects\": {\"jndy\": {}}}");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    String.valueOf(TestEnv.status(data).get("policyError")).contains("jndy"));
            assertThat((String) TestEnv.status(data).get("policyError")).contains("unknown aspect 'jndy'").contains("jndi");
            assertThat(p.send("deser-gadget")).startsWith("blocked");

            write(policy, "{\"version\": \"v6\", \"mode\": \"observe\"}");
            awaitPolicy(data, "v6");
            assertThat(TestEnv.status(data).get("policyError")).isNull();
            assertThat(p.send("deser-gadget")).startsWith("ok read");
        }
    }

    @Test
    void readsYamlPolicies() throws Exception {
        Path data = tmp.resolve("data");
        Path policy = tmp.resolve("policy.yaml");
        write(policy, "version: yaml-1\naspects:\n  deserialization:\n    rules:\n      deserialize.gadget: off\n");
        try (Probe p = Probe.start(TestEnv.currentJavaHome(), tmp, TestEnv.agentArg(data, "policy=" + policy, "poll.ms=100"))) {
            assertThat(TestEnv.status(data).get("policyVersion")).isEqualTo("yaml-1");
            assertThat(p.send("deser-gadget")).as("rule switched off").startsWith("ok read");
            write(policy, "version: yaml-2\naspects:\n  deserialization:\n    rules:\n      deserialize.gadget: [block\n");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> TestEnv.status(data).get("policyError") != null);
            assertThat((String) TestEnv.status(data).get("policyError")).startsWith(policy + ":6:");
            assertThat(TestEnv.status(data).get("policyVersion")).isEqualTo("yaml-1");
        }
    }

    @Test
    void aBrokenPolicyAtStartLeavesTheBuiltInDefaultsInForce() throws Exception {
        Path data = tmp.resolve("data");
        Path policy = tmp.resolve("policy.json");
        write(policy, "{\"version\": 1, \"unknown\": true}");
        try (Probe p = Probe.start(TestEnv.currentJavaHome(), tmp, TestEnv.agentArg(data, "policy=" + policy))) {
            assertThat(p.send("deser-gadget")).startsWith("blocked");
            assertThat((String) TestEnv.status(data).get("policyError")).contains("unknown field 'unknown'");
            assertThat(TestEnv.status(data).get("policyVersion")).isEqualTo("built-in");
        }
    }

    @Test
    void unknownAgentOptionsAreReportedToTheAttacherAndIgnoredSafelyAtStart() throws Exception {
        try (Probe p = Probe.start(TestEnv.currentJavaHome(), tmp, TestEnv.agentArg(tmp.resolve("data"), "polcy=x"))) {
            assertThat(p.send("deser-gadget")).as("an agent that cannot start never stops the application").startsWith("ok read");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            try (Probe p = Probe.start(TestEnv.currentJavaHome(), tmp)) {
                secplane.cli.Attacher.attach(Long.toString(p.pid()), TestEnv.agentJar(), "polcy=x");
            }
        }).hasMessageContaining("unknown option 'polcy'").hasMessageContaining("known options");
    }

    private static void write(Path file, String text) throws Exception {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void awaitPolicy(Path data, String version) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> version.equals(TestEnv.status(data).get("policyVersion")));
    }
}
