package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import secplane.testbeds.attacks.LdapCallbackListener;

/**
 * Every join point, reached through real code in a child JVM, first without the agent (where the
 * dangerous call goes through) and then with the agent's default policy (where it is blocked and
 * reported), on JDK 17 and JDK 25.
 */
class JoinPointsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void dangerousCallsGoThroughWithoutTheAgent(Path javaHome) throws Exception {
        Path web = webapp();
        try (LdapCallbackListener ldap = LdapCallbackListener.open();
                Probe p = Probe.start(javaHome, tmp)) {
            assertThat(p.send("jndi " + ldap.url("dc=probe"))).startsWith("ok");
            assertThat(ldap.await(c -> true, Duration.ofSeconds(5))).as("the JVM connected to the LDAP server").isPresent();
            assertThat(p.send("deser-gadget")).isEqualTo("ok read org.apache.commons.collections.functors.InvokerTransformer");
            assertThat(p.send("spring-bind class.module.classLoader.defaultAssertionStatus=true")).startsWith("ok bound");
            assertThat(p.send("write-fos " + web.resolve("shell.jsp"))).startsWith("ok wrote");
            assertThat(p.send("script java.lang.Runtime.getRuntime().exec(['true']).waitFor()")).isEqualTo("ok result 0");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void defaultPolicyBlocksEveryEmergencyJoinPointAndLetsOrdinaryCallsThrough(Path javaHome) throws Exception {
        Path data = tmp.resolve("data");
        Path web = webapp();
        Files.writeString(tmp.resolve("plain.txt"), "x");
        Files.writeString(tmp.resolve("plain2.txt"), "x");
        try (LdapCallbackListener ldap = LdapCallbackListener.open();
                Probe p = Probe.start(javaHome, tmp, TestEnv.agentArg(data))) {
            assertThat(p.send("jndi " + ldap.url("dc=probe"))).startsWith("blocked secplane blocked jndi.lookup (jndi.remote-lookup)");
            assertThat(p.send("jndi rmi://127.0.0.1:1/x")).startsWith("blocked secplane blocked jndi.lookup");
            assertThat(p.send("jndi java:comp/env/jdbc/db")).startsWith("ok");
            assertThat(ldap.connections()).as("no connection reached the attacker's server").isEmpty();

            assertThat(p.send("deser-gadget")).startsWith("blocked secplane blocked deserialize.class (deserialize.gadget)");
            assertThat(p.send("deser-list")).isEqualTo("ok read [1, 2, 3]");

            assertThat(p.send("spring-bind class.module.classLoader.defaultAssertionStatus=true"))
                    .startsWith("blocked secplane blocked spring.bind (spring.classloader-binding)");
            assertThat(p.send("spring-bind Class['module'].classLoader.defaultAssertionStatus=true")).startsWith("blocked");
            assertThat(p.send("spring-bind name=alice")).isEqualTo("ok bound name");

            assertThat(p.send("write-fos " + web.resolve("shell.jsp"))).startsWith("blocked secplane blocked file.write (file.script-in-webroot)");
            assertThat(p.send("write-raf " + web.resolve("a.jspx"))).startsWith("blocked");
            assertThat(p.send("write-nio " + web.resolve("b.jsp"))).startsWith("blocked");
            assertThat(p.send("move " + tmp.resolve("plain.txt") + " " + web.resolve("c.jsp"))).startsWith("blocked");
            assertThat(p.send("rename " + tmp.resolve("plain2.txt") + " " + web.resolve("d.jsp"))).startsWith("blocked");
            assertThat(p.send("write-fos " + web.resolve("index.html"))).startsWith("ok wrote");
            assertThat(p.send("write-fos " + tmp.resolve("notes.jsp"))).as("outside any web app").startsWith("ok wrote");
            assertThat(web.resolve("shell.jsp")).doesNotExist();
            assertThat(web.resolve("c.jsp")).doesNotExist();

            assertThat(p.send("script java.lang.Runtime.getRuntime().exec(['true']).waitFor()"))
                    .startsWith("blocked secplane blocked process.start (process.exploit-frame)");
            assertThat(p.send("script 1 + 2")).isEqualTo("ok result 3");
            assertThat(p.send("exec true")).as("the application's own process start").isEqualTo("ok exit 0");

            Map<String, Object> jndi = TestEnv.awaitEvent(data, TestEnv.verdict("jndi.remote-lookup", "block"));
            assertThat(jndi).containsEntry("joinPoint", "jndi.lookup").containsEntry("aspect", "jndi");
            assertThat(TestEnv.evidence(jndi)).containsEntry("scheme", "ldap");
            assertThat((java.util.List<?>) jndi.get("stack")).isNotEmpty();
            assertThat(jndi.get("thread")).isEqualTo("main");
            Map<String, Object> deser = TestEnv.awaitEvent(data, TestEnv.verdict("deserialize.gadget", "block"));
            assertThat(TestEnv.evidence(deser)).containsEntry("class", "org.apache.commons.collections.functors.InvokerTransformer");
            Map<String, Object> proc = TestEnv.awaitEvent(data, TestEnv.verdict("process.exploit-frame", "block"));
            assertThat(TestEnv.evidence(proc)).containsEntry("via", "script engine").containsEntry("command", "true");
            TestEnv.awaitEvent(data, TestEnv.verdict("spring.classloader-binding", "block"));
            TestEnv.awaitEvent(data, TestEnv.verdict("file.script-in-webroot", "block"));
            TestEnv.awaitEvent(data, TestEnv.verdict("script.java-access", "observe"));
            assertThat(p.isAlive()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void processNeverCatchesRuntimeExecProcessBuilderAndTheInternalClass(Path javaHome) throws Exception {
        Path policy = Files.writeString(tmp.resolve("policy.json"),
                "{\"version\": \"no-processes\", \"aspects\": {\"process\": {\"rules\": {\"process.never\": \"block\"}}}}");
        String opens = "--add-opens=java.base/java.lang=ALL-UNNAMED";
        try (Probe plain = Probe.start(javaHome, tmp, opens)) {
            assertThat(plain.send("exec true")).isEqualTo("ok exit 0");
            assertThat(plain.send("pb true")).isEqualTo("ok exit 0");
            assertThat(plain.send("exec-internal true")).isEqualTo("ok exit 0");
        }
        Path data = tmp.resolve("data");
        try (Probe p = Probe.start(javaHome, tmp, opens, TestEnv.agentArg(data, "policy=" + policy))) {
            assertThat(p.send("exec true")).startsWith("blocked secplane blocked process.start (process.never)");
            assertThat(p.send("pb true")).startsWith("blocked secplane blocked process.start (process.never)");
            assertThat(p.send("exec-internal true")).startsWith("blocked secplane blocked process.start (process.never)");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void observeModeReportsButDoesNotBlock(Path javaHome) throws Exception {
        Path policy = Files.writeString(tmp.resolve("policy.json"), "{\"version\": \"watch\", \"mode\": \"observe\"}");
        Path data = tmp.resolve("data");
        try (LdapCallbackListener ldap = LdapCallbackListener.open();
                Probe p = Probe.start(javaHome, tmp, TestEnv.agentArg(data, "policy=" + policy))) {
            assertThat(p.send("jndi " + ldap.url("dc=observed"))).startsWith("ok");
            assertThat(ldap.await(c -> true, Duration.ofSeconds(5))).isPresent();
            assertThat(p.send("deser-gadget")).startsWith("ok read");
            Map<String, Object> e = TestEnv.awaitEvent(data, TestEnv.verdict("jndi.remote-lookup", "observe"));
            assertThat(e.get("policyVersion")).isEqualTo("watch");
            TestEnv.awaitEvent(data, TestEnv.verdict("deserialize.gadget", "observe"));
        }
    }

    private Path webapp() throws Exception {
        Path web = tmp.resolve("webapps/ROOT");
        Files.createDirectories(web.resolve("WEB-INF"));
        return web;
    }
}
