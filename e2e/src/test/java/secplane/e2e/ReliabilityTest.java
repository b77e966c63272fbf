package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.e2e.aspects.BrokenAspect;
import secplane.e2e.aspects.SlowAspect;

/** A failing or slow aspect never breaks the application's call, and is quarantined. */
class ReliabilityTest {
    @TempDir
    Path tmp;

    @Test
    void anAspectThatThrowsIsContainedCountedAndQuarantined() throws Exception {
        Path aspects = tmp.resolve("aspects");
        AspectJars.build(aspects, BrokenAspect.class, "broken", "1.0.0");
        Path data = tmp.resolve("data");
        try (Probe p = Probe.start(TestEnv.currentJavaHome(), tmp,
                TestEnv.agentArg(data, "aspects.dir=" + aspects, "quarantine.after=3"))) {
            for (int i = 0; i < 6; i++) {
                assertThat(p.send("jndi java:comp/env/x" + i)).as("call %d", i).startsWith("ok");
            }
            Map<String, Object> q = TestEnv.awaitEvent(data, e -> "aspect.quarantined".equals(e.get("type")));
            assertThat(q).containsEntry("aspect", "broken").containsEntry("failures", 3L);
            assertThat((String) q.get("lastFailure")).contains("deliberately broken aspect");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                    .until(() -> "quarantined".equals(aspect(data, "broken").get("state")));
            assertThat(aspect(data, "broken")).containsEntry("calls", 3L).containsEntry("failures", 3L);
            assertThat(aspect(data, "jndi")).containsEntry("state", "active");
            assertThat(p.send("jndi ldap://127.0.0.1:1/x")).as("the other aspects still protect").startsWith("blocked");
        }
    }

    @Test
    void anAspectThatOverrunsItsBudgetIsQuarantined() throws Exception {
        Path aspects = tmp.resolve("aspects");
        AspectJars.build(aspects, SlowAspect.class, "slow", "1.0.0");
        Path policy = Files.writeString(tmp.resolve("policy.json"), "{\"limits\": {\"budgetMillis\": 50, \"quarantineAfter\": 2}}");
        Path data = tmp.resolve("data");
        try (Probe p = Probe.start(TestEnv.currentJavaHome(), tmp,
                TestEnv.agentArg(data, "aspects.dir=" + aspects, "policy=" + policy))) {
            for (int i = 0; i < 4; i++) {
                assertThat(p.send("jndi java:comp/env/x" + i)).startsWith("ok");
            }
            Map<String, Object> q = TestEnv.awaitEvent(data, e -> "aspect.quarantined".equals(e.get("type")));
            assertThat(q).containsEntry("aspect", "slow");
            assertThat((String) q.get("lastFailure")).contains("over its budget of 50000 us");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                    .until(() -> "quarantined".equals(aspect(data, "slow").get("state")));
            assertThat(aspect(data, "slow").get("calls")).isEqualTo(2L);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> aspect(Path data, String id) throws Exception {
        for (Map<String, Object> a : (List<Map<String, Object>>) TestEnv.status(data).get("aspects")) {
            if (id.equals(a.get("id"))) {
                return a;
            }
        }
        throw new AssertionError("aspect " + id + " not in status.json");
    }
}
