package secplane.agent.core.patches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.agent.core.AgentLog;
import secplane.agent.core.events.EventLog;
import secplane.agent.core.policy.PolicyException;
import secplane.agent.core.policy.PolicyParser;
import secplane.agent.core.weaving.PatchHook;
import secplane.agent.core.weaving.Weaver;
import secplane.bootstrap.BlockedException;
import secplane.bootstrap.Dispatcher;
import secplane.protocol.json.Json;
import secplane.testpatches.Hostile;
import secplane.testpatches.Target;

/**
 * Applying, changing and removing patches with the real weaver behind a {@link FakeInstrumentation}:
 * which classes are retransformed, the slots and guard bits, the self-check report, and what the
 * trampoline's call does for each action.
 */
class VirtualPatchesTest {
    private static final String LOOKUP = "{\"id\": \"jndi\", \"advisories\": [\"CVE-2021-44228\"], \"class\": \"secplane.testpatches.Target\","
            + " \"method\": \"lookup\", ";

    @TempDir
    Path dir;

    private FakeInstrumentation jvm;
    private AgentLog log;
    private EventLog events;
    private Weaver weaver;
    private VirtualPatches patches;

    @BeforeEach
    void start() {
        jvm = new FakeInstrumentation(Target.class, String.class);
        log = new AgentLog(dir.resolve("agent.log").toFile(), AgentLog.Level.DEBUG, 1 << 20);
        events = new EventLog(dir.resolve("events.jsonl").toFile(), 1000, log);
        events.start();
        weaver = new Weaver(jvm.proxy(), log);
        weaver.install();
        patches = new VirtualPatches(jvm.proxy(), weaver, events, log, "orders", "orders-1");
        jvm.retransformed.clear();
    }

    @AfterEach
    void stop() {
        patches.shutdown();
        weaver.reset();
        Dispatcher.uninstall();
        events.close();
        log.close();
    }

    private List<Map<String, Object>> apply(String... specs) throws PolicyException {
        PatchPlan plan = patches.plan(PolicyParser.parse("p.json", "{\"patches\": [" + String.join(",", specs) + "]}",
                Map.of()).patches());
        return patches.apply(plan, "v1");
    }

    private int slotOf(String method) {
        return weaver.patchHooks().get("secplane/testpatches/Target").stream().filter(h -> h.method().equals(method))
                .mapToInt(PatchHook::slot).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> events(String type) throws Exception {
        events.close();
        List<Map<String, Object>> out = new ArrayList<>();
        if (Files.exists(dir.resolve("events.jsonl"))) {
            for (Object o : Json.parseLines(Files.readString(dir.resolve("events.jsonl")))) {
                if (type.equals(((Map<String, Object>) o).get("type"))) {
                    out.add((Map<String, Object>) o);
                }
            }
        }
        return out;
    }

    @Test
    void applyingRetransformsTheLoadedClassAndTheSelfCheckReportsItActive() throws Exception {
        List<Map<String, Object>> report = apply(LOOKUP + "\"action\": \"return\", \"value\": null}");

        assertThat(jvm.retransformed).containsExactly("secplane.testpatches.Target");
        assertThat(report).singleElement().satisfies(m -> {
            assertThat(m).containsEntry("id", "jndi").containsEntry("state", "active").containsEntry("classes", 1)
                    .containsEntry("detail", "Target.lookup woven in 1 loaded class (loader: app)");
            assertThat(m.get("retransformMillis")).isInstanceOf(Long.class);
        });
        int slot = slotOf("lookup");
        assertThat(Dispatcher.patches & Dispatcher.patchBit(slot)).isNotZero();
        assertThat(weaver.patchSlots(Target.class)).containsExactly(slot);
        assertThat(jvm.lastBytes).containsKey("secplane.testpatches.Target");
        assertThat(events("patch.applied")).singleElement().satisfies(e -> assertThat(e).containsEntry("patch", "jndi")
                .containsEntry("state", "active"));
    }

    @Test
    void removingAPatchTakesItOutOfForceAndRetransformsTheClassBackToItsOriginal() throws Exception {
        apply(LOOKUP + "\"action\": \"return\", \"value\": null}");
        jvm.retransformed.clear();

        List<Map<String, Object>> report = patches.apply(PatchPlan.EMPTY, "v2");

        assertThat(report).isEmpty();
        assertThat(Dispatcher.patches).isZero();
        assertThat(jvm.retransformed).containsExactly("secplane.testpatches.Target");
        assertThat(jvm.lastBytes).as("the transformer left the class file as it was").doesNotContainKey("secplane.testpatches.Target");
        assertThat(weaver.patchSlots(Target.class)).isEmpty();
        assertThat(weaver.patchHooks()).isEmpty();
        assertThat(events("patch.removed")).singleElement().satisfies(e -> assertThat(e).containsEntry("patch", "jndi"));
    }

    @Test
    void changingOnlyWhatAPatchDoesKeepsItsSlotAndRetransformsNothing() throws Exception {
        apply(LOOKUP + "\"action\": \"return\", \"value\": null}");
        int slot = slotOf("lookup");
        jvm.retransformed.clear();

        List<Map<String, Object>> report = apply(LOOKUP + "\"action\": \"return\", \"value\": \"changed\"}");

        assertThat(jvm.retransformed).isEmpty();
        assertThat(slotOf("lookup")).isEqualTo(slot);
        assertThat(report.get(0)).containsEntry("state", "active").containsEntry("retransformMillis", 0L);
        assertThat(patches.onPatch(slot, null, new Object[] {null, "k"})).isEqualTo("changed");
    }

    @Test
    void patchesOnTwoMethodsOfOneClassComposeInOneRetransformation() throws Exception {
        apply(LOOKUP + "\"action\": \"return\", \"value\": null}",
                "{\"id\": \"count\", \"class\": \"secplane.testpatches.Target\", \"method\": \"count\", \"action\": \"return\", \"value\": 0}");

        assertThat(jvm.retransformed).containsExactly("secplane.testpatches.Target");
        assertThat(weaver.patchSlots(Target.class)).containsExactlyInAnyOrder(slotOf("lookup"), slotOf("count"));
        assertThat(patches.report()).extracting(m -> m.get("state")).containsExactly("active", "active");

        jvm.retransformed.clear();
        apply("{\"id\": \"count\", \"class\": \"secplane.testpatches.Target\", \"method\": \"count\", \"action\": \"return\", \"value\": 0}");
        assertThat(jvm.retransformed).as("the class's hooks changed").containsExactly("secplane.testpatches.Target");
        assertThat(weaver.patchSlots(Target.class)).containsExactly(slotOf("count"));
    }

    @Test
    void aClassThatLoadsLaterIsWovenWhenItLoads() throws Exception {
        List<Map<String, Object>> report = apply("{\"id\": \"later\", \"class\": \"secplane.testpatches.NeverLoaded\", \"method\": \"lookup\","
                + " \"action\": \"return\", \"value\": \"x\"}");
        assertThat(report.get(0)).containsEntry("state", "waiting-for-class").containsEntry("classes", 0);
        assertThat((String) report.get(0).get("detail")).startsWith("class found by app (").endsWith(", not loaded yet; woven when it loads");
        assertThat(jvm.retransformed).isEmpty();

        byte[] woven = jvm.load(Class.forName("secplane.testpatches.NeverLoaded", false, getClass().getClassLoader()));

        assertThat(woven).isNotNull();
        assertThat(patches.refresh()).isTrue();
        assertThat(patches.report().get(0)).containsEntry("state", "active").containsEntry("classes", 1);
    }

    @Test
    void aPatchForAnotherInstanceIsReportedOutOfScopeAndWovenNowhere() throws Exception {
        List<Map<String, Object>> report = apply(LOOKUP + "\"action\": \"throw\", \"instances\": [\"orders-2\"]}");

        assertThat(report).singleElement().satisfies(m -> assertThat(m).containsEntry("state", "out-of-scope").containsEntry("classes", 0)
                .doesNotContainKey("retransformMillis"));
        assertThat(jvm.retransformed).isEmpty();
        assertThat(Dispatcher.patches).isZero();
    }

    @Test
    void aClassTheJvmRefusesToRetransformIsReportedFailed() throws Exception {
        jvm.refused.add(Target.class);

        List<Map<String, Object>> report = apply(LOOKUP + "\"action\": \"return\", \"value\": null}");

        assertThat(report.get(0)).containsEntry("state", "failed").containsEntry("classes", 0);
        assertThat((String) report.get(0).get("detail")).startsWith("Target.lookup woven in 0 of 1 loaded classes; not in loader: app: java.lang.instrument.UnmodifiableClassException: ")
                .contains("refused by the test");
    }

    @Test
    void aSlotWhoseHookCouldNotBeTakenOutIsNeverGivenToAnotherMethod() throws Exception {
        apply(LOOKUP + "\"action\": \"return\", \"value\": \"a string\"}");
        int old = slotOf("lookup");
        jvm.refused.add(Target.class);
        patches.apply(PatchPlan.EMPTY, "v2");
        assertThat(weaver.patchSlots(Target.class)).as("the JVM kept the patched class").containsExactly(old);

        jvm.refused.clear();
        apply("{\"id\": \"two\", \"class\": \"secplane.testpatches.Target\", \"method\": \"count\", \"action\": \"return\", \"value\": 2}");

        assertThat(slotOf("count")).as("an int method must not get the slot a String method still calls").isNotEqualTo(old);
        assertThat(patches.onPatch(old, null, new Object[] {null, "k"})).isSameAs(Dispatcher.PROCEED);
        assertThat(weaver.patchSlots(Target.class)).containsExactly(slotOf("count"));
    }

    @Test
    void returnThrowAndBlockIfDoWhatTheySayAndReportEvents() throws Exception {
        apply(LOOKUP + "\"action\": \"block-if\", \"arg\": 1, \"matches\": \"(?i)\\\\$\\\\{jndi:\"}",
                "{\"id\": \"stop\", \"class\": \"secplane.testpatches.Target\", \"method\": \"run\", \"action\": \"throw\", \"message\": \"stopped\"}",
                "{\"id\": \"two\", \"class\": \"secplane.testpatches.Target\", \"method\": \"count\", \"action\": \"return\", \"value\": 2}");

        assertThat(patches.onPatch(slotOf("lookup"), null, new Object[] {null, "user: bob"})).isSameAs(Dispatcher.PROCEED);
        assertThatThrownBy(() -> patches.onPatch(slotOf("lookup"), null, new Object[] {null, "${JNDI:ldap://127.0.0.1/x}"}))
                .isInstanceOf(BlockedException.class).isInstanceOf(SecurityException.class)
                .hasMessageStartingWith("blocked by secplane virtual patch jndi: argument 1 of Target.lookup matches (?i)\\$\\{jndi: [event ev-");
        assertThatThrownBy(() -> patches.onPatch(slotOf("run"), null, new Object[0])).isInstanceOf(SecurityException.class).hasMessage("stopped");
        assertThat(patches.onPatch(slotOf("count"), null, new Object[0])).isEqualTo(2);
        assertThat(patches.onPatch(99, null, new Object[0])).as("no rule in that slot").isSameAs(Dispatcher.PROCEED);

        List<Map<String, Object>> verdicts = events("verdict");
        assertThat(verdicts).extracting(e -> e.get("rule") + " " + e.get("verdict")).containsExactly("jndi block", "stop block", "two patched");
        assertThat(verdicts.get(0)).containsEntry("joinPoint", "patch").containsEntry("aspect", "virtual-patch").containsEntry("service", "orders")
                .containsEntry("policyVersion", "v1");
        assertThat((Map<String, Object>) verdicts.get(0).get("evidence")).containsEntry("class", "secplane.testpatches.Target")
                .containsEntry("method", "lookup(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/String;")
                .containsEntry("argument", "${JNDI:ldap://127.0.0.1/x}").containsEntry("advisories", "CVE-2021-44228");
        assertThat(patches.status()).extracting(m -> m.get("hits")).containsExactly(1L, 1L, 1L);
    }

    @Test
    void blockIfMatchesOnlyTheFirst4096CharactersOfTheArgument() throws Exception {
        apply(LOOKUP + "\"action\": \"block-if\", \"arg\": 1, \"matches\": \"jndi\"}");
        int slot = slotOf("lookup");

        assertThat(patches.onPatch(slot, null, new Object[] {null, "x".repeat(4096) + "jndi"})).isSameAs(Dispatcher.PROCEED);
        assertThatThrownBy(() -> patches.onPatch(slot, null, new Object[] {null, "x".repeat(4092) + "jndi"}))
                .isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> patches.onPatch(slot, null, new Object[] {null, new StringBuilder("a jndi b")}))
                .as("any CharSequence").isInstanceOf(SecurityException.class);
    }

    @Test
    void aFailureInsidePatchLogicLetsTheOriginalRunAndIsLoggedOnce() throws Exception {
        apply(LOOKUP + "\"action\": \"block-if\", \"arg\": 0, \"matches\": \"x\"}");
        int slot = slotOf("lookup");

        assertThat(patches.onPatch(slot, null, new Object[] {new Hostile(), "k"})).isSameAs(Dispatcher.PROCEED);
        assertThat(patches.onPatch(slot, null, new Object[] {new Hostile(), "k"})).isSameAs(Dispatcher.PROCEED);

        log.close();
        String text = Files.readString(dir.resolve("agent.log"));
        assertThat(text).contains("virtual patch jndi failed on Target.lookup").contains("no text for you");
        assertThat(text.split("virtual patch jndi failed", -1)).hasSize(2);
    }

    @Test
    void eventsAreRateLimitedPerPatchAndTheSuppressedAreCounted() throws Exception {
        apply("{\"id\": \"two\", \"class\": \"secplane.testpatches.Target\", \"method\": \"count\", \"action\": \"return\", \"value\": 2}");
        int slot = slotOf("count");

        for (int i = 0; i < 25; i++) {
            assertThat(patches.onPatch(slot, null, new Object[0])).isEqualTo(2);
        }
        Thread.sleep(1100);
        patches.onPatch(slot, null, new Object[0]);

        List<Map<String, Object>> verdicts = events("verdict");
        assertThat(verdicts).hasSize(VirtualPatches.EVENTS_PER_SECOND + 1);
        assertThat(verdicts.get(VirtualPatches.EVENTS_PER_SECOND)).containsEntry("suppressed", 15L);
        assertThat(patches.status().get(0)).containsEntry("hits", 26L);
    }

    @Test
    void shutdownTakesEveryPatchOutOfForce() throws Exception {
        apply(LOOKUP + "\"action\": \"throw\"}");
        int slot = slotOf("lookup");

        patches.shutdown();

        assertThat(Dispatcher.patches).isZero();
        assertThat(Dispatcher.patch(slot, null, new Object[] {null, "k"})).isSameAs(Dispatcher.PROCEED);
    }
}
