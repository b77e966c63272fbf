package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import secplane.server.ControlPlane;
import secplane.server.ServerConfig;
import secplane.testbeds.attacks.Attack;
import secplane.testbeds.attacks.AttackResult;
import secplane.testbeds.attacks.Log4ShellAttack;
import secplane.testbeds.attacks.Spring4ShellAttack;
import secplane.testbeds.attacks.Testbed;

/**
 * The emergency workflow end to end: the real vulnerable application (Tomcat 9.0.60, Spring MVC
 * 5.3.17, log4j-core 2.14.1) with the real agent connected to a real control plane, every aspect
 * that would stop the exploits switched off, so that the virtual patch is the only defence. The
 * agent's inventory makes the instance exposed; {@code patch apply --to exposed:<CVE>} stops the
 * exploit with no restart (the LDAP listener hears nothing; no web shell); {@code patch revert}
 * lets it work again.
 */
class EmergencyPatchTest {
    private static final String SERVICE = "vulnapp";
    /** Only the patches defend: the aspects that stop these exploits on their own are off. */
    private static final String NO_ASPECTS = "{\"version\": \"patch-only\", \"aspects\": {\"jndi\": {\"enabled\": false}, \"spring\": {\"enabled\": false},"
            + " \"webshell\": {\"enabled\": false}, \"process\": {\"enabled\": false}}}";

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void log4ShellAndSpring4ShellArePatchedOnTheExposedInstanceAndWorkAgainAfterRevert(Path javaHome) throws Exception {
        try (ControlPlane plane = ControlPlane.start(ServerConfig.defaults(tmp.resolve("server")).withPort(0))) {
            PlaneApi api = new PlaneApi(plane.port(), plane.bootstrapToken().orElseThrow());
            long base = api.push(SERVICE, NO_ASPECTS);
            String agent = TestEnv.agentArg(tmp.resolve("agent"), "service=" + SERVICE, "server=" + api.url(), "server.key=" + plane.publicKey(),
                    "enrol.token=" + api.enrolToken(SERVICE), "instance=vuln-1");
            try (Testbed app = Testbed.builder().javaHome(javaHome).workDir(Files.createDirectories(tmp.resolve("app"))).jvmArgs(agent).start()) {
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> applied(api) >= base);
                // The inventory the agent reported makes this instance exposed, with the jar as evidence.
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !exposed(api, "CVE-2021-44228").isEmpty());
                Map<String, Object> evidence = exposed(api, "CVE-2021-44228").get(0);
                assertThat(evidence).containsEntry("instanceId", "vuln-1");
                assertThat(evidence.toString()).contains("log4j-core-2.14.1.jar").contains("org.apache.logging.log4j:log4j-core:2.14.1");
                assertThat(exposed(api, "CVE-2022-22965")).isNotEmpty();

                prove(api, app, new Log4ShellAttack(), "log4shell", "CVE-2021-44228");
                prove(api, app, new Spring4ShellAttack(), "spring4shell", "CVE-2022-22965");
                assertThat(api.get("/v1/audit?action=patch.apply").toString()).contains("exposed:CVE-2021-44228").contains("exposed:CVE-2022-22965");
                assertThat(api.get("/v1/audit?action=patch.revert").toString()).contains("log4shell").contains("spring4shell");
            }
        }
    }

    /** Exploited before; applied, self-checked, not exploited; reverted, exploited again. */
    @SuppressWarnings("unchecked")
    private static void prove(PlaneApi api, Testbed app, Attack attack, String patch, String cve) throws Exception {
        AttackResult before = attack.fire(app);
        assertThat(before.exploited()).as("%s before the patch: %s", attack.name(), before.evidence()).isTrue();

        Map<String, Object> applied = api.post("/v1/patches/apply", Map.of("patch", patch, "to", "exposed:" + cve));
        assertThat(applied.toString()).contains("vuln-1");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> ((Number) api.get("/v1/patches/" + patch + "/status").get("active")).intValue() == 1);
        Map<String, Object> status = api.get("/v1/patches/" + patch + "/status");
        Map<String, Object> self = ((List<Map<String, Object>>) ((List<Map<String, Object>>) status.get("agents")).get(0).get("patches")).get(0);
        assertThat(self).containsEntry("state", "active");
        assertThat(((Number) self.get("classes")).intValue()).isGreaterThanOrEqualTo(1);

        AttackResult during = attack.fire(app);
        assertThat(during.exploited()).as("%s with patch %s: %s", attack.name(), patch, during.evidence()).isFalse();
        assertThat(app.healthy()).as("the application keeps serving").isTrue();

        long reverted = ((Number) ((List<Map<String, Object>>) api.post("/v1/patches/revert", Map.of("patch", patch)).get("services")).get(0).get("version")).longValue();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> applied(api) >= reverted);
        AttackResult after = attack.fire(app);
        assertThat(after.exploited()).as("%s after reverting %s: %s", attack.name(), patch, after.evidence()).isTrue();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> exposed(PlaneApi api, String id) throws Exception {
        return (List<Map<String, Object>>) api.get("/v1/exposure/" + id).get("exposed");
    }

    private static long applied(PlaneApi api) throws Exception {
        List<Map<String, Object>> agents = api.agents(SERVICE);
        if (agents.isEmpty() || !"applied".equals(agents.get(0).get("state"))) {
            return -1;
        }
        return ((Number) agents.get(0).get("appliedVersion")).longValue();
    }
}
