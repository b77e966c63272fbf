package secplane.agent.core.aspects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.agent.core.AgentLog;
import secplane.agent.core.events.EventLog;
import secplane.agent.core.policy.Policy;
import secplane.aspect.Mode;
import secplane.bootstrap.BlockedException;
import secplane.bootstrap.Dispatcher;
import secplane.bootstrap.JoinPoints;
import secplane.protocol.json.Json;
import secplane.testaspects.NotAnAspect;
import secplane.testaspects.ScriptEvalAspect;
import secplane.testaspects.ScriptedAspect;
import secplane.testaspects.UnknownJoinPointAspect;

/**
 * The aspect host in-process, without instrumentation: join points are dispatched by calling
 * {@link AspectHost#onJoinPoint} directly, and aspects are real aspect jars built from
 * {@code secplane.testaspects}, each in its own class loader.
 */
class AspectHostTest {
    private static final int JNDI_BIT = 1 << JoinPoints.JNDI_LOOKUP;
    private static final int PROBE_BIT = 1 << JoinPoints.PROBE;

    @TempDir
    Path dir;

    private EventLog events;
    private AspectHost host;
    private Path journal;

    @BeforeEach
    void start() {
        Dispatcher.setActive(0);
        journal = dir.resolve("journal.txt");
        System.setProperty(ScriptedAspect.JOURNAL_PROPERTY, journal.toString());
        events = new EventLog(dir.resolve("events.jsonl").toFile(), 1000, AgentLog.discard());
        events.start();
        host = new AspectHost(getClass().getClassLoader(), ClassLoader.getPlatformClassLoader(), events, AgentLog.discard(),
                "svc", 100, 3);
    }

    @AfterEach
    void stop() {
        host.shutdown();
        events.close();
        Dispatcher.setActive(0);
        System.clearProperty(ScriptedAspect.JOURNAL_PROPERTY);
    }

    // ------------------------------------------------------------------ helpers

    private static AspectPackage scripted(String version) throws Exception {
        return AspectJars.testAspect("scripted", version, ScriptedAspect.class);
    }

    /** A policy for aspect "scripted" with the given behaviour and rule modes. */
    private static Policy policy(String behaviour, Map<String, Mode> rules) {
        return policy(null, Map.of("scripted", aspect(behaviour, rules)), null, null);
    }

    private static Policy.AspectPolicy aspect(String behaviour, Map<String, Mode> rules) {
        return new Policy.AspectPolicy(true, null, rules, Map.of("behaviour", behaviour));
    }

    private static Policy policy(Mode mode, Map<String, Policy.AspectPolicy> aspects, Long budgetMillis, Long quarantineAfter) {
        return new Policy("test-" + aspects.hashCode(), "test", mode, budgetMillis, quarantineAfter, aspects);
    }

    private LoadedAspect deployScripted(String behaviour, Map<String, Mode> rules) throws Exception {
        host.apply(policy(behaviour, rules));
        return host.deploy(scripted("1.0"));
    }

    private void lookup(String name) {
        host.onJoinPoint(JoinPoints.JNDI_LOOKUP, null, new Object[] {name});
    }

    /** Stops the writer and reads every event written; call once, at the end of a test. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> writtenEvents() throws Exception {
        events.close();
        List<Map<String, Object>> out = new ArrayList<>();
        Path file = dir.resolve("events.jsonl");
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add((Map<String, Object>) Json.parse(line));
        }
        return out;
    }

    private List<Map<String, Object>> writtenEvents(String type) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> e : writtenEvents()) {
            if (type.equals(e.get("type"))) {
                out.add(e);
            }
        }
        return out;
    }

    private List<String> journal() throws Exception {
        return Files.exists(journal) ? Files.readAllLines(journal) : List.of();
    }

    // ------------------------------------------------------------------ verdicts

    @Test
    void blockModeFindingThrowsBlockedExceptionNamingTheWrittenEvent() throws Exception {
        deployScripted("finding", Map.of());

        BlockedException blocked = catchThrowableOfType(() -> lookup("ldap://x"), BlockedException.class);

        assertThat(blocked).isNotNull();
        assertThat(blocked.eventId()).startsWith("ev-");
        assertThat(blocked).hasMessageContaining("jndi.lookup (test.hit): hit by 1.0").hasMessageContaining(blocked.eventId());
        List<Map<String, Object>> verdicts = writtenEvents("verdict");
        assertThat(verdicts).hasSize(1);
        Map<String, Object> v = verdicts.get(0);
        assertThat(v).containsEntry("id", blocked.eventId())
                .containsEntry("verdict", "block")
                .containsEntry("rule", "test.hit")
                .containsEntry("aspect", "scripted")
                .containsEntry("aspectVersion", "1.0")
                .containsEntry("joinPoint", "jndi.lookup")
                .containsEntry("service", "svc")
                .containsEntry("message", "hit by 1.0")
                .containsEntry("policyVersion", host.policy().version())
                .containsEntry("evidence", Map.of("name", "ldap://x"));
    }

    @Test
    void anAspectThatDoesNotWantACallIsNeitherAskedToInspectItNorCalled() throws Exception {
        LoadedAspect a = deployScripted("unwanted", Map.of());

        assertThatCode(() -> lookup("ldap://x")).as("its finding would block").doesNotThrowAnyException();

        assertThat(journal()).as("asked, with its block-mode rule").contains("1.0 wants jndi.lookup enforcing=true");
        assertThat(a.calls()).isZero();
        assertThat(writtenEvents("verdict")).isEmpty();
    }

    @Test
    void anAspectWhoseWantsThrowsIsInspectedAllTheSameAndChargedAFailure() throws Exception {
        LoadedAspect a = deployScripted("wants-throws", Map.of());

        assertThatThrownBy(() -> lookup("ldap://x")).isInstanceOf(BlockedException.class);

        assertThat(a.failures()).isEqualTo(1);
        assertThat(a.lastFailure()).contains("wants bug on request").contains("jndi.lookup");
    }

    /** The host for {@link InitializesThroughAJoinPoint}, set before that class is first used. */
    static final class HostHolder {
        static AspectHost host;
    }

    /** Makes its join point call from its static initializer, as a class loading a resource bundle does. */
    static final class InitializesThroughAJoinPoint {
        static final String READY;

        static {
            HostHolder.host.onJoinPoint(JoinPoints.JNDI_LOOKUP, null, new Object[] {"ldap://from-clinit"});
            READY = "initialized";
        }
    }

    @Test
    void aBlockInsideAClassInitializerIsReportedNotThrownSoTheClassStaysUsable() throws Exception {
        deployScripted("finding", Map.of());
        HostHolder.host = host;
        assertThat(InitializesThroughAJoinPoint.READY).isEqualTo("initialized");

        assertThat(writtenEvents("verdict")).singleElement().satisfies(v -> assertThat(v)
                .containsEntry("verdict", "observe")
                .containsEntry("notBlocked", "inside a class initializer, where an exception would leave the class unusable")
                .containsEntry("evidence", Map.of("name", "ldap://from-clinit")));
    }

    @Test
    void observeModeWritesAnEventAndLetsTheCallGoOn() throws Exception {
        deployScripted("finding", Map.of(ScriptedAspect.HIT, Mode.OBSERVE));

        assertThatCode(() -> lookup("ldap://x")).doesNotThrowAnyException();

        assertThat(writtenEvents("verdict")).singleElement().satisfies(v -> {
            assertThat(v).containsEntry("verdict", "observe").containsEntry("rule", "test.hit");
        });
    }

    @Test
    void topLevelObserveModeTurnsBlockingRulesIntoObserve() throws Exception {
        host.apply(policy(Mode.OBSERVE, Map.of("scripted", aspect("finding", Map.of())), null, null));
        host.deploy(scripted("1.0"));

        assertThatCode(() -> lookup("ldap://x")).doesNotThrowAnyException();

        assertThat(writtenEvents("verdict")).singleElement().satisfies(v -> assertThat(v).containsEntry("verdict", "observe"));
    }

    @Test
    void offModeDropsTheFindingAndUnsubscribesTheAspect() throws Exception {
        LoadedAspect a = deployScripted("finding", Map.of(ScriptedAspect.HIT, Mode.OFF));

        assertThatCode(() -> lookup("ldap://x")).doesNotThrowAnyException();

        assertThat(a.calls()).isZero();
        assertThat(Dispatcher.active).isZero();
        assertThat(writtenEvents("verdict")).isEmpty();
    }

    @Test
    void findingOfARuleOffByDefaultIsDropped() throws Exception {
        LoadedAspect a = deployScripted("quiet-finding", Map.of());

        assertThatCode(() -> lookup("ldap://x")).doesNotThrowAnyException();

        assertThat(a.calls()).isEqualTo(1);
        assertThat(a.failures()).isZero();
        assertThat(writtenEvents("verdict")).isEmpty();
    }

    @Test
    void blanketBlockModeDoesNotSwitchOnARuleOffByDefault() throws Exception {
        Policy.AspectPolicy blanket = new Policy.AspectPolicy(true, Mode.BLOCK, Map.of(), Map.of("behaviour", "quiet-finding"));
        host.apply(policy(Mode.BLOCK, Map.of("scripted", blanket), null, null));
        host.deploy(scripted("1.0"));

        assertThatCode(() -> lookup("ldap://x")).doesNotThrowAnyException();

        assertThat(writtenEvents("verdict")).isEmpty();
    }

    @Test
    void namingARuleOffByDefaultSwitchesItOn() throws Exception {
        deployScripted("quiet-finding", Map.of(ScriptedAspect.QUIET, Mode.BLOCK));

        assertThatThrownBy(() -> lookup("ldap://x")).isInstanceOf(BlockedException.class);

        assertThat(writtenEvents("verdict")).singleElement().satisfies(v -> assertThat(v).containsEntry("rule", "test.quiet"));
    }

    @Test
    void disabledAspectIsNotCalledAndItsJoinPointBitsAreCleared() throws Exception {
        LoadedAspect a = deployScripted("finding", Map.of());
        assertThat(Dispatcher.active & JNDI_BIT).isNotZero();

        host.apply(policy(null, Map.of("scripted", new Policy.AspectPolicy(false, null, Map.of(), Map.of("behaviour", "finding"))),
                null, null));
        assertThatCode(() -> lookup("ldap://x")).doesNotThrowAnyException();

        assertThat(Dispatcher.active).isZero();
        assertThat(a.calls()).isZero();
        assertThat(writtenEvents("verdict")).isEmpty();
    }

    @Test
    void longEvidenceIsTruncatedInTheEvent() throws Exception {
        deployScripted("finding", Map.of(ScriptedAspect.HIT, Mode.OBSERVE));
        String name = "ldap://" + "x".repeat(2000);

        lookup(name);

        @SuppressWarnings("unchecked")
        Map<String, Object> evidence = (Map<String, Object>) writtenEvents("verdict").get(0).get("evidence");
        assertThat((String) evidence.get("name")).hasSize(1024 + "...(2007 chars)".length()).endsWith("...(2007 chars)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void verdictStackStartsBelowTheAgentsOwnFrames() throws Exception {
        deployScripted("finding", Map.of(ScriptedAspect.HIT, Mode.OBSERVE));

        lookup("ldap://x");

        List<Object> stack = (List<Object>) writtenEvents("verdict").get(0).get("stack");
        assertThat(stack).isNotEmpty().hasSizeLessThanOrEqualTo(24);
        assertThat((String) stack.get(0)).doesNotStartWith("secplane.").doesNotStartWith("java.lang.Thread.");
    }

    // ------------------------------------------------------------------ failures and quarantine

    @Test
    void throwingAspectNeverPropagatesAndIsQuarantinedAfterThreeFailures() throws Exception {
        LoadedAspect a = deployScripted("throw", Map.of());

        for (int i = 1; i <= 2; i++) {
            assertThatCode(() -> lookup("ldap://x")).doesNotThrowAnyException();
            assertThat(a.failures()).isEqualTo(i);
            assertThat(a.state()).isEqualTo(LoadedAspect.State.ACTIVE);
        }
        assertThatCode(() -> lookup("ldap://x")).doesNotThrowAnyException();

        assertThat(a.failures()).isEqualTo(3);
        assertThat(a.state()).isEqualTo(LoadedAspect.State.QUARANTINED);
        assertThat(a.lastFailure()).contains("aspect bug on request");
        assertThat(Dispatcher.active).isZero();
        lookup("ldap://x");
        assertThat(a.calls()).as("a quarantined aspect is not called").isEqualTo(3);
        assertThat(journal()).endsWith("1.0 freeze");
        assertThat(writtenEvents("aspect.quarantined")).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("aspect", "scripted").containsEntry("aspectVersion", "1.0").containsEntry("failures", 3L);
            assertThat((String) e.get("lastFailure")).contains("aspect bug on request");
        });
        host.remove("scripted");
        assertThat(journal()).as("a quarantined aspect is frozen once, then unloaded").endsWith("1.0 freeze", "1.0 unload");
    }

    @Test
    void policyLimitChangesTheQuarantineThreshold() throws Exception {
        host.apply(policy(null, Map.of("scripted", aspect("throw", Map.of())), null, 1L));
        LoadedAspect a = host.deploy(scripted("1.0"));

        lookup("ldap://x");

        assertThat(a.state()).isEqualTo(LoadedAspect.State.QUARANTINED);
    }

    @Test
    void undeclaredRuleCountsAsAFailureAndWritesNoVerdict() throws Exception {
        LoadedAspect a = deployScripted("undeclared", Map.of());

        assertThatCode(() -> lookup("ldap://x")).doesNotThrowAnyException();

        assertThat(a.failures()).isEqualTo(1);
        assertThat(a.lastFailure()).contains("reported undeclared rule 'test.undeclared'");
        assertThat(writtenEvents("verdict")).isEmpty();
    }

    @Test
    void overrunningTheBudgetCountsAsAFailureButTheFindingStillApplies() throws Exception {
        host.apply(policy(null, Map.of("scripted", aspect("slow", Map.of())), 1L, null));
        LoadedAspect a = host.deploy(scripted("1.0"));

        assertThatThrownBy(() -> lookup("ldap://x")).isInstanceOf(BlockedException.class);

        assertThat(a.failures()).isEqualTo(1);
        assertThat(a.lastFailure()).contains("over its budget of 1000 us");
    }

    // ------------------------------------------------------------------ lifecycle

    @Test
    void deployRunsLoadConfigureActivateInOrder() throws Exception {
        LoadedAspect a = deployScripted("finding", Map.of());

        assertThat(a.state()).isEqualTo(LoadedAspect.State.ACTIVE);
        assertThat(journal()).containsExactly("1.0 load", "1.0 configure finding", "1.0 activate");
        assertThat(writtenEvents("aspect.deployed")).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("aspect", "scripted").containsEntry("aspectVersion", "1.0")
                    .containsEntry("previousVersion", null).containsEntry("sha256", a.pkg().sha256());
        });
    }

    @Test
    void deployOfANewVersionReplacesTheOldOneAfterActivatingIt() throws Exception {
        LoadedAspect v1 = deployScripted("finding", Map.of(ScriptedAspect.HIT, Mode.OBSERVE));

        LoadedAspect v2 = host.deploy(scripted("2.0"));
        lookup("ldap://x");

        assertThat(host.aspects()).containsExactly(v2);
        assertThat(v1.state()).isEqualTo(LoadedAspect.State.UNLOADED);
        assertThat(journal()).containsSubsequence("2.0 activate", "1.0 freeze", "1.0 unload");
        List<Map<String, Object>> all = writtenEvents();
        assertThat(all).filteredOn(e -> "aspect.deployed".equals(e.get("type")))
                .extracting(e -> e.get("aspectVersion") + "<-" + e.get("previousVersion"))
                .containsExactly("1.0<-null", "2.0<-1.0");
        assertThat(all).filteredOn(e -> "verdict".equals(e.get("type")))
                .singleElement().satisfies(v -> assertThat(v).containsEntry("aspectVersion", "2.0").containsEntry("message", "hit by 2.0"));
    }

    @Test
    void failedDeployLeavesTheRunningVersionInPlace() throws Exception {
        LoadedAspect v1 = deployScripted("finding", Map.of());
        AspectPackage broken = AspectJars.testAspect("scripted", "2.0", NotAnAspect.class);

        assertThatThrownBy(() -> host.deploy(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(NotAnAspect.class.getName() + " does not implement secplane.aspect.Aspect");

        assertThat(host.aspects()).containsExactly(v1);
        assertThat(v1.state()).isEqualTo(LoadedAspect.State.ACTIVE);
        assertThat(journal()).doesNotContain("1.0 freeze");
        assertThatThrownBy(() -> lookup("ldap://x")).isInstanceOf(BlockedException.class);
    }

    @Test
    void deployOfAnAspectWhoseConfigureFailsIsUnloadedAndNotAdded() throws Exception {
        host.apply(policy(null, Map.of("scripted", new Policy.AspectPolicy(true, null, Map.of(), Map.of("reject", true))), null, null));

        assertThatThrownBy(() -> host.deploy(scripted("1.0"))).hasMessageContaining("config rejected on request");

        assertThat(host.aspects()).isEmpty();
        assertThat(Dispatcher.active).isZero();
        assertThat(journal()).containsExactly("1.0 load", "1.0 configure-rejected", "1.0 unload");
    }

    @Test
    void aspectSubscribingToAnUnknownJoinPointIsRefused() {
        assertThatThrownBy(() -> host.deploy(AspectJars.testAspect("odd", "1", UnknownJoinPointAspect.class)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subscribes to unknown join point 'sql.query'");
        assertThat(host.aspects()).isEmpty();
    }

    @Test
    void removeFreezesUnloadsAndReportsTheAspect() throws Exception {
        LoadedAspect a = deployScripted("finding", Map.of());

        host.remove("scripted");

        assertThat(host.aspects()).isEmpty();
        assertThat(a.state()).isEqualTo(LoadedAspect.State.UNLOADED);
        assertThat(Dispatcher.active).isZero();
        assertThat(journal()).endsWith("1.0 freeze", "1.0 unload");
        assertThatCode(() -> lookup("ldap://x")).doesNotThrowAnyException();
        assertThat(writtenEvents("aspect.removed")).singleElement().satisfies(e -> assertThat(e).containsEntry("aspect", "scripted"));
    }

    @Test
    void aspectSeesOnlyTheApiAndTheJdk() throws Exception {
        deployScripted("visible", Map.of(ScriptedAspect.HIT, Mode.OBSERVE));

        for (String name : List.of("secplane.aspect.Finding", "java.util.List", AspectHost.class.getName(),
                Dispatcher.class.getName(), getClass().getName())) {
            host.onJoinPoint(JoinPoints.PROBE, null, new Object[] {name});
        }

        assertThat(writtenEvents("verdict")).extracting(v -> v.get("message"))
                .containsExactly("visible", "visible", "hidden", "hidden", "hidden");
    }

    @Test
    void eachDeployGetsItsOwnClassLoader() throws Exception {
        LoadedAspect one = host.deploy(AspectJars.testAspect("one", "1", ScriptedAspect.class));
        LoadedAspect two = host.deploy(AspectJars.testAspect("two", "1", ScriptedAspect.class));

        Class<?> a = one.aspect().getClass();
        Class<?> b = two.aspect().getClass();

        assertThat(a.getName()).isEqualTo(b.getName());
        assertThat(a).isNotSameAs(b).isNotSameAs(ScriptedAspect.class);
        assertThat(a.getClassLoader()).isInstanceOf(AspectClassLoader.class);
    }

    // ------------------------------------------------------------------ policy changes

    @Test
    void applyWhoseConfigureThrowsLeavesThePreviousConfigAndModes() throws Exception {
        Map<String, Policy.AspectPolicy> good = new LinkedHashMap<>();
        good.put("scripted", aspect("finding", Map.of(ScriptedAspect.HIT, Mode.OBSERVE)));
        good.put("second", aspect("none", Map.of()));
        Policy before = policy(null, good, null, null);
        host.apply(before);
        host.deploy(scripted("1.0"));
        host.deploy(AspectJars.testAspect("second", "9.0", ScriptedAspect.class));
        Map<String, Policy.AspectPolicy> bad = new LinkedHashMap<>();
        bad.put("scripted", aspect("none", Map.of(ScriptedAspect.HIT, Mode.BLOCK)));
        bad.put("second", new Policy.AspectPolicy(true, null, Map.of(), Map.of("reject", true)));

        assertThatThrownBy(() -> host.apply(policy(null, bad, null, null))).hasMessageContaining("config rejected on request");

        assertThat(host.policy()).isSameAs(before);
        assertThat(journal()).containsSubsequence("1.0 configure none", "9.0 configure-rejected", "1.0 configure finding");
        assertThatCode(() -> lookup("ldap://x")).as("still observe, not block").doesNotThrowAnyException();
        assertThat(writtenEvents("verdict")).singleElement().satisfies(v -> {
            assertThat(v).containsEntry("verdict", "observe").containsEntry("message", "hit by 1.0");
        });
    }

    @Test
    void applyChangesModesOfRunningAspects() throws Exception {
        deployScripted("finding", Map.of(ScriptedAspect.HIT, Mode.OBSERVE));
        assertThatCode(() -> lookup("ldap://x")).doesNotThrowAnyException();

        host.apply(policy("finding", Map.of(ScriptedAspect.HIT, Mode.BLOCK)));

        assertThatThrownBy(() -> lookup("ldap://x")).isInstanceOf(BlockedException.class);
    }

    @Test
    void catalogListsEveryLoadedAspectsRules() throws Exception {
        deployScripted("none", Map.of());

        assertThat(host.catalog()).containsOnlyKeys("scripted");
        assertThat(host.catalog().get("scripted")).containsOnlyKeys("test.hit", "test.quiet");
        assertThat(host.catalog().get("scripted").get("test.quiet").defaultMode()).isEqualTo(Mode.OFF);
    }

    // ------------------------------------------------------------------ join point bits

    @Test
    void dispatcherBitsFollowSubscriptions() throws Exception {
        assertThat(Dispatcher.active).isZero();
        int generation = host.generation();

        deployScripted("none", Map.of());
        assertThat(Dispatcher.active).isEqualTo(JNDI_BIT | PROBE_BIT);
        assertThat(host.generation()).isNotEqualTo(generation);

        host.deploy(AspectJars.testAspect("evals", "1", ScriptEvalAspect.class));
        int evalBits = 1 << JoinPoints.SCRIPT_EVAL | 1 << JoinPoints.PROCESS_START;
        assertThat(Dispatcher.active).isEqualTo(JNDI_BIT | PROBE_BIT | evalBits);
        assertThat(Dispatcher.isActive(JoinPoints.DESERIALIZE_CLASS)).isFalse();

        host.remove("scripted");
        assertThat(Dispatcher.active).isEqualTo(evalBits);

        host.shutdown();
        assertThat(Dispatcher.active).isZero();
    }

    @Test
    void joinPointWithoutSubscribersIgnoresItsArguments() {
        assertThatCode(() -> host.onJoinPoint(JoinPoints.PROCESS_START, null, new Object[0])).doesNotThrowAnyException();
    }
}
