package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import secplane.cli.Attacher;
import secplane.testbeds.attacks.LdapCallbackListener;

/** Attach to a running JVM, protect it, detach, and leave nothing behind. */
class AttachDetachTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void attachProtectsDetachRestoresAndRepeatedRoundsLeakNoClassLoader(Path javaHome) throws Exception {
        int rounds = 4;
        try (LdapCallbackListener ldap = LdapCallbackListener.open();
                Probe p = Probe.start(javaHome, tmp, "-XX:+EnableDynamicAgentLoading")) {
            String pid = Long.toString(p.pid());
            assertThat(p.send("jndi " + ldap.url("dc=before"))).startsWith("ok");
            assertThat(ldap.await(c -> c.baseDn().equals("dc=before"), Duration.ofSeconds(5))).isPresent();

            for (int round = 1; round <= rounds; round++) {
                Path data = tmp.resolve("data-" + round);
                Attacher.attach(pid, TestEnv.agentJar(), "data=" + data);
                Map<String, Object> status = TestEnv.status(data);
                assertThat(status.get("state")).isEqualTo("running");
                assertThat(p.send("jndi " + ldap.url("dc=attached" + round))).startsWith("blocked secplane blocked jndi.lookup");
                assertThat(p.send("deser-gadget")).startsWith("blocked");

                Attacher.detach(pid, TestEnv.agentJar());
                assertThat(TestEnv.status(data).get("state")).isEqualTo("detached");
                // original bytecode is back: the lookup reaches the server again, and no event is written
                int eventsAfterDetach = TestEnv.events(data).size();
                assertThat(p.send("jndi " + ldap.url("dc=detached" + round))).startsWith("ok");
                String dn = "dc=detached" + round;
                assertThat(ldap.await(c -> c.baseDn().equals(dn), Duration.ofSeconds(5))).isPresent();
                assertThat(p.send("deser-gadget")).startsWith("ok read");
                assertThat(TestEnv.events(data)).hasSize(eventsAfterDetach);
            }
            assertThat(ldap.connections()).noneMatch(c -> c.baseDn().startsWith("dc=attached"));

            assertThat(p.send("gc")).isEqualTo("ok gc");
            List<String> leaked = agentInstances(javaHome, pid);
            assertThat(leaked).as("agent objects still on the heap after %d attach/detach rounds", rounds).isEmpty();
        }
    }

    @Test
    void attachingTwiceIsRefusedAndAJoinPointStillReportsOnce() throws Exception {
        Path data = tmp.resolve("data");
        try (LdapCallbackListener ldap = LdapCallbackListener.open();
                Probe p = Probe.start(TestEnv.currentJavaHome(), tmp, TestEnv.agentArg(data))) {
            assertThatThrownBy(() -> Attacher.attach(Long.toString(p.pid()), TestEnv.agentJar(), "data=" + tmp.resolve("second")))
                    .hasMessageContaining("already attached");
            assertThat(p.send("jndi " + ldap.url("dc=once"))).startsWith("blocked");
            TestEnv.awaitEvent(data, TestEnv.verdict("jndi.remote-lookup", "block"));
            Thread.sleep(500);
            long verdicts = TestEnv.events(data).stream().filter(TestEnv.verdict("jndi.remote-lookup", "block")).count();
            assertThat(verdicts).as("one lookup, woven once, one event").isEqualTo(1);
        }
    }

    @Test
    void attachReweavesAfterDetachWithoutDoubleHooks() throws Exception {
        try (LdapCallbackListener ldap = LdapCallbackListener.open();
                Probe p = Probe.start(TestEnv.currentJavaHome(), tmp)) {
            String pid = Long.toString(p.pid());
            Path first = tmp.resolve("first");
            Attacher.attach(pid, TestEnv.agentJar(), "data=" + first);
            Attacher.detach(pid, TestEnv.agentJar());
            Path second = tmp.resolve("second");
            Attacher.attach(pid, TestEnv.agentJar(), "data=" + second + ",policy=" + Files.writeString(tmp.resolve("p.json"), "{\"mode\":\"observe\"}"));
            for (int i = 0; i < 3; i++) {
                assertThat(p.send("jndi " + ldap.url("dc=n" + i))).startsWith("ok");
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    TestEnv.events(second).stream().filter(TestEnv.verdict("jndi.remote-lookup", "observe")).count() >= 3);
            Thread.sleep(500);
            assertThat(TestEnv.events(second).stream().filter(TestEnv.verdict("jndi.remote-lookup", "observe")).count())
                    .as("three lookups after re-attach, three events").isEqualTo(3);
            Attacher.detach(pid, TestEnv.agentJar());
        }
    }

    @Test
    void detachingAJvmWithoutTheAgentSaysSo() throws Exception {
        try (Probe p = Probe.start(TestEnv.currentJavaHome(), tmp)) {
            assertThatThrownBy(() -> Attacher.detach(Long.toString(p.pid()), TestEnv.agentJar()))
                    .hasMessageContaining("not attached");
        }
    }

    /** Agent objects found by a class histogram of the target after GC (jcmd, from the target's own JDK). */
    static List<String> agentInstances(Path javaHome, String pid) throws Exception {
        Process jcmd = new ProcessBuilder(javaHome.resolve("bin/jcmd").toString(), pid, "GC.class_histogram")
                .redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        assertThat(jcmd.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("java.lang.String");
        List<String> hits = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.contains("secplane.agent.") || line.contains("secplane.aspects.") || line.contains("secplane.shaded.")
                    || line.contains("secplane.bootstrap.IsolatedClassLoader")) {
                hits.add(line.trim());
            }
        }
        return hits;
    }
}
