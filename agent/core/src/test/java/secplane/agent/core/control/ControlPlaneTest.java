package secplane.agent.core.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.agent.core.AgentLog;
import secplane.agent.core.aspects.AspectHost;
import secplane.agent.core.aspects.AspectJars;
import secplane.agent.core.aspects.AspectPackage;
import secplane.agent.core.aspects.LoadedAspect;
import secplane.agent.core.events.Event;
import secplane.agent.core.events.EventLog;
import secplane.agent.core.inventory.Inventories;
import secplane.agent.core.inventory.Inventory;
import secplane.agent.core.patches.FakeInstrumentation;
import secplane.agent.core.patches.VirtualPatches;
import secplane.agent.core.weaving.Weaver;
import secplane.bootstrap.Dispatcher;
import secplane.protocol.Signatures;
import secplane.protocol.json.Json;
import secplane.testaspects.ScriptedAspect;
import secplane.testpatches.Target;

/**
 * The agent's control-plane client against {@link FakeControlPlane}, a protocol server in the
 * test that signs its snapshots with a key of its own, driving a real {@link AspectHost} with
 * real aspect jars in-process.
 */
class ControlPlaneTest {
    private static final String SERVICE = "orders";

    @TempDir
    Path dir;

    private FakeControlPlane server;
    private final List<Agent> agents = new ArrayList<>();
    private AspectPackage scripted;

    /** One agent: its log, events, aspect host (running the base aspect "scripted"), enforcer and client. */
    private final class Agent {
        final AgentLog log;
        final EventLog events;
        final AspectHost host;
        final SnapshotEnforcer enforcer;
        final ControlPlane client;
        final Weaver weaver;
        final VirtualPatches patches;

        Agent(String url, String publicKey, int uploadCapacity) throws Exception {
            log = new AgentLog(dir.resolve("agent.log").toFile(), AgentLog.Level.DEBUG, 10L * 1024 * 1024);
            events = new EventLog(dir.resolve("events.jsonl").toFile(), 1000, log);
            events.start();
            host = new AspectHost(getClass().getClassLoader(), ClassLoader.getPlatformClassLoader(), events, log, SERVICE, 100, 3);
            host.deploy(scripted);
            Object lock = new Object();
            Instrumentation jvm = new FakeInstrumentation(Target.class).proxy();
            weaver = new Weaver(jvm, log);
            weaver.install();
            patches = new VirtualPatches(jvm, weaver, events, log, SERVICE, "orders-1");
            enforcer = new SnapshotEnforcer(host, lock, () -> Map.of("scripted", scripted), log, events, SERVICE, patches);
            ControlPlaneConfig config = new ControlPlaneConfig(url, Signatures.publicKey(publicKey), FakeControlPlane.ENROL_TOKEN,
                    "orders-1", Map.of("zone", "a", "tier", "web"), dir.toFile())
                    .timing(20, 200, 50)
                    .uploadCapacity(uploadCapacity);
            client = new ControlPlane(config, enforcer, host, events, log, SERVICE, "0.1.0", "node-3", "4242");
            agents.add(this);
        }

        void stop() {
            client.stop();
            patches.shutdown();
            weaver.reset();
            host.shutdown();
            events.close();
            log.close();
        }

        String policyVersion() {
            return host.policy().version();
        }

        List<String> aspectIds() {
            return host.aspects().stream().map(LoadedAspect::id).toList();
        }
    }

    @BeforeEach
    void start() throws Exception {
        Dispatcher.setActive(0);
        System.setProperty(ScriptedAspect.JOURNAL_PROPERTY, dir.resolve("journal.txt").toString());
        scripted = AspectJars.testAspect("scripted", "1.0", ScriptedAspect.class);
        server = new FakeControlPlane();
    }

    @AfterEach
    void stop() throws Exception {
        for (Agent a : agents) {
            a.stop();
        }
        server.close();
        Dispatcher.setActive(0);
        System.clearProperty(ScriptedAspect.JOURNAL_PROPERTY);
        Path log = dir.resolve("agent.log");
        if (Files.exists(log)) {
            String text = Files.readString(log);
            assertThat(text).as("agent.log never holds a token").doesNotContain("sp_en_").doesNotContain("sp_ag_");
        }
    }

    private Agent agent() throws Exception {
        return new Agent(server.url(), server.publicKey(), 10_000);
    }

    private Agent started() throws Exception {
        Agent a = agent();
        a.client.restore();
        a.client.start();
        return a;
    }

    /** A policy for the base aspect "scripted" that names its own version. */
    private static Map<String, Object> policy(String version, String mode) {
        return Map.of("version", version, "aspects", Map.of("scripted", Map.of("rules", Map.of("test.hit", mode))));
    }

    private static Map<String, Object> snapshot(long version, Map<String, Object> policy) {
        return FakeControlPlane.snapshot(version, SERVICE, policy, List.of());
    }

    /** Queues a snapshot and returns the agent's ACK or NACK of it. */
    private Map<String, Object> deliver(String document) throws Exception {
        server.snapshots.add(document);
        return server.nextAck();
    }

    private Map<String, Object> applyGood(Agent a, long version, String policyVersion) throws Exception {
        Map<String, Object> ack = deliver(server.signed(snapshot(version, policy(policyVersion, "observe"))));
        assertThat(ack).containsEntry("version", version).containsEntry("status", "ACK");
        assertThat(a.policyVersion()).isEqualTo(policyVersion);
        return ack;
    }

    private byte[] canaryJar(String version) {
        return AspectJars.jar(AspectJars.manifest("canary", version, ScriptedAspect.class.getName()),
                AspectJars.testClasses("secplane/testaspects"));
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits until the condition holds, polling; fails after {@code seconds}. */
    private static void eventually(int seconds, Condition c) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!c.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + seconds + " s");
            }
            Thread.sleep(20);
        }
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> writtenEvents(Agent a, String type) throws Exception {
        a.events.close();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : Json.parseLines(Files.readString(dir.resolve("events.jsonl")))) {
            Map<String, Object> e = (Map<String, Object>) o;
            if (type.equals(e.get("type"))) {
                out.add(e);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ enrolment and heartbeat

    @Test
    void enrolsWithItsIdentityThenHeartbeatsWithTheAgentToken() throws Exception {
        Agent a = started();

        FakeControlPlane.Request enrol = server.enrolments.poll(10, TimeUnit.SECONDS);
        assertThat(enrol).isNotNull();
        assertThat(enrol.header("Authorization")).isEqualTo("Bearer " + FakeControlPlane.ENROL_TOKEN);
        assertThat(enrol.header("Secplane-Protocol")).isEqualTo("1");
        assertThat(enrol.json()).containsEntry("service", SERVICE).containsEntry("instanceId", "orders-1")
                .containsEntry("host", "node-3").containsEntry("pid", 4242L).containsEntry("agentVersion", "0.1.0")
                .containsEntry("labels", Map.of("zone", "a", "tier", "web")).containsKey("jvm");

        FakeControlPlane.Request beat = server.heartbeats.poll(10, TimeUnit.SECONDS);
        assertThat(beat).isNotNull();
        assertThat(beat.header("Authorization")).isEqualTo("Bearer " + server.currentAgentToken());
        assertThat(beat.json()).containsEntry("appliedVersion", 0L).containsEntry("eventsDropped", 0L)
                .as("an agent without inventory says nothing of it").doesNotContainKey("inventoryVersion");
        assertThat(beat.json().get("aspects").toString()).contains("id=scripted").contains("state=active");
        assertThat(server.heartbeats.poll(5, TimeUnit.SECONDS)).as("a second heartbeat one interval later").isNotNull();
        assertThat(a.client.status()).containsEntry("state", "connected").containsEntry("agentId", FakeControlPlane.AGENT_ID);
    }

    @Test
    void enrolmentIsRetriedUntilTheServerTakesIt() throws Exception {
        server.enrolFailures.set(3);
        Agent a = started();

        eventually(10, () -> a.client.agentId() != null);
        assertThat(server.enrolments).hasSizeGreaterThanOrEqualTo(4);
        // the id is set just before the line is logged: wait for the line rather than race it
        eventually(10, () -> Files.readString(dir.resolve("agent.log")).contains("enrolled at"));
        assertThat(Files.readString(dir.resolve("agent.log"))).contains("HTTP 503 unavailable: try later");
    }

    @Test
    void pollCarriesTheAppliedVersion() throws Exception {
        Agent a = started();
        applyGood(a, 7, "p7");

        eventually(10, () -> server.polls.stream().anyMatch(r -> r.path().contains("applied=7")));
        assertThat(server.polls.peek().path()).contains("wait=1");
    }

    // ------------------------------------------------------------------ snapshots

    @Test
    void signedSnapshotIsAppliedAckedAndPersisted() throws Exception {
        Agent a = started();

        applyGood(a, 1, "p1");

        assertThat(a.client.appliedVersion()).isEqualTo(1);
        assertThat(dir.resolve("snapshot.json")).exists();
        assertThat(a.client.status()).containsEntry("appliedVersion", 1L).containsEntry("lastNack", null);
        assertThat(writtenEvents(a, "snapshot.applied")).singleElement().satisfies(e -> assertThat(e).containsEntry("snapshotVersion", 1L));
    }

    @Test
    void unsignedSnapshotIsNackedAndThePreviousPolicyStays() throws Exception {
        Agent a = started();
        applyGood(a, 1, "p1");

        Map<String, Object> ack = deliver(Json.write(Map.of("snapshot", snapshot(2, policy("p2", "block")))));

        assertThat(ack).containsEntry("version", 2L).containsEntry("status", "NACK");
        assertThat((String) ack.get("error")).contains("not signed");
        assertThat(a.policyVersion()).isEqualTo("p1");
        assertThat(a.client.appliedVersion()).isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> nack = (Map<String, Object>) a.client.status().get("lastNack");
        assertThat(nack).containsEntry("version", 2L);
        assertThat((String) nack.get("error")).contains("not signed");
    }

    @Test
    void snapshotSignedWithAnotherKeyIsNacked() throws Exception {
        Agent a = started();
        applyGood(a, 1, "p1");

        Map<String, Object> ack = deliver(FakeControlPlane.signedWith(Signatures.generate(), snapshot(2, policy("p2", "block"))));

        assertThat(ack).containsEntry("status", "NACK");
        assertThat((String) ack.get("error")).startsWith("signature does not verify with key " + Signatures.keyId(server.key.getPublic()));
        assertThat(a.policyVersion()).isEqualTo("p1");
    }

    @Test
    void snapshotAlteredAfterSigningIsNacked() throws Exception {
        Agent a = started();
        applyGood(a, 1, "p1");
        String doc = server.signed(snapshot(2, policy("p2", "observe")));

        Map<String, Object> ack = deliver(doc.replace("\"observe\"", "\"off\""));

        assertThat(ack).containsEntry("status", "NACK");
        assertThat((String) ack.get("error")).contains("signature does not verify");
        assertThat(a.policyVersion()).isEqualTo("p1");
    }

    @Test
    void replayedAndOlderSnapshotsAreNacked() throws Exception {
        Agent a = started();
        applyGood(a, 5, "p5");

        Map<String, Object> replay = deliver(server.signed(snapshot(5, policy("p5-again", "block"))));
        Map<String, Object> older = deliver(server.signed(snapshot(3, policy("p3", "block"))));

        assertThat(replay).containsEntry("status", "NACK");
        assertThat((String) replay.get("error")).startsWith("replay: snapshot version 5 is not newer than the applied version 5");
        assertThat(older).containsEntry("status", "NACK");
        assertThat((String) older.get("error")).startsWith("downgrade: snapshot version 3");
        assertThat(a.policyVersion()).isEqualTo("p5");
    }

    @Test
    void snapshotForAnotherServiceIsNacked() throws Exception {
        Agent a = started();
        applyGood(a, 1, "p1");

        Map<String, Object> ack = deliver(server.signed(FakeControlPlane.snapshot(2, "billing", policy("p2", "block"), List.of())));

        assertThat(ack).containsEntry("status", "NACK");
        assertThat((String) ack.get("error")).contains("'billing'").contains("'orders'");
        assertThat(a.policyVersion()).isEqualTo("p1");
    }

    @Test
    void invalidPolicyIsNackedWithWhereAndWhy() throws Exception {
        Agent a = started();
        applyGood(a, 1, "p1");

        Map<String, Object> ack = deliver(server.signed(snapshot(2, policy("p2", "blok"))));

        assertThat(ack).containsEntry("status", "NACK");
        assertThat((String) ack.get("error")).startsWith("policy rejected: snapshot v2:").contains("/aspects/scripted/rules/test.hit")
                .contains("unknown mode 'blok'");
        assertThat(a.policyVersion()).isEqualTo("p1");
        assertThat(writtenEvents(a, "snapshot.rejected")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("snapshotVersion", 2L));
    }

    @Test
    void snapshotNamingAnUnknownAspectIsNacked() throws Exception {
        Agent a = started();

        Map<String, Object> ack = deliver(server.signed(snapshot(1, Map.of("aspects", Map.of("nope", Map.of("enabled", false))))));

        assertThat((String) ack.get("error")).contains("unknown aspect 'nope'");
        assertThat(a.policyVersion()).isEqualTo("built-in");
    }

    // ------------------------------------------------------------------ virtual patches

    private static Map<String, Object> patch(String id, String cls, String method, Map<String, Object> more) {
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("id", id);
        p.put("class", cls);
        p.put("method", method);
        p.putAll(more);
        return p;
    }

    @SafeVarargs
    private static Map<String, Object> withPatches(String version, Map<String, Object>... patches) {
        return Map.of("version", version, "aspects", Map.of("scripted", Map.of("rules", Map.of("test.hit", "observe"))),
                "patches", List.of(patches));
    }

    private static final Map<String, Object> LOOKUP_PATCH = patch("jndi-lookup", "secplane.testpatches.Target", "lookup",
            Map.of("action", "return", "value", "patched", "advisories", List.of("CVE-2021-44228")));

    @Test
    @SuppressWarnings("unchecked")
    void anAckCarriesTheSelfCheckOfEveryPatchAndHeartbeatsItsCurrentState() throws Exception {
        Agent a = started();

        Map<String, Object> ack = deliver(server.signed(snapshot(1, withPatches("p1", LOOKUP_PATCH,
                patch("later", "secplane.testpatches.NeverLoaded", "lookup", Map.of("action", "throw")),
                patch("elsewhere", "org.example.Missing", "m", Map.of("action", "throw", "instances", List.of("orders-9")))))));

        assertThat(ack).containsEntry("version", 1L).containsEntry("status", "ACK");
        List<Map<String, Object>> report = (List<Map<String, Object>>) ack.get("patches");
        assertThat(report).hasSize(3);
        assertThat(report.get(0)).containsEntry("id", "jndi-lookup").containsEntry("state", "active").containsEntry("classes", 1L)
                .containsEntry("detail", "Target.lookup woven in 1 loaded class (loader: app)").containsKey("retransformMillis");
        assertThat(report.get(1)).containsEntry("id", "later").containsEntry("state", "waiting-for-class").containsEntry("classes", 0L);
        assertThat(report.get(2)).containsEntry("id", "elsewhere").containsEntry("state", "out-of-scope").containsEntry("classes", 0L)
                .doesNotContainKey("retransformMillis");
        assertThat(a.weaver.patchSlots(Target.class)).hasSize(1);

        eventually(10, () -> server.heartbeats.stream().anyMatch(r -> r.json().containsKey("patches")));
        Map<String, Object> beat = server.heartbeats.stream().filter(r -> r.json().containsKey("patches")).findFirst().orElseThrow().json();
        assertThat((List<Map<String, Object>>) beat.get("patches")).extracting(m -> m.get("id") + " " + m.get("state"))
                .containsExactly("jndi-lookup active", "later waiting-for-class", "elsewhere out-of-scope");

        Map<String, Object> without = deliver(server.signed(snapshot(2, policy("p2", "observe"))));
        assertThat(without).containsEntry("status", "ACK").doesNotContainKey("patches");
        assertThat(a.weaver.patchSlots(Target.class)).as("the patch was removed").isEmpty();
    }

    @Test
    void aPatchNamingAMissingClassOrMethodIsNackedAndThePreviousSnapshotKeepsRunning() throws Exception {
        Agent a = started();
        Map<String, Object> first = deliver(server.signed(snapshot(1, withPatches("p1", LOOKUP_PATCH))));
        assertThat(first).containsEntry("status", "ACK");
        int[] slots = a.weaver.patchSlots(Target.class);

        Map<String, Object> missingClass = deliver(server.signed(snapshot(2, withPatches("p2", LOOKUP_PATCH,
                patch("missing", "org.example.Missing", "lookup", Map.of("action", "throw"))))));
        Map<String, Object> missingMethod = deliver(server.signed(snapshot(3, withPatches("p3",
                patch("typo", "secplane.testpatches.Target", "lookupp", Map.of("action", "throw"))))));

        assertThat(missingClass).containsEntry("status", "NACK").doesNotContainKey("patches");
        assertThat((String) missingClass.get("error")).startsWith("policy rejected: snapshot v2:")
                .endsWith("/patches/1/class: org.example.Missing is not in this JVM (not loaded, no class loader finds "
                        + "org/example/Missing.class); nothing was changed");
        assertThat(missingMethod).containsEntry("status", "NACK");
        assertThat((String) missingMethod.get("error")).contains("/patches/0/method: secplane.testpatches.Target (app) declares no method 'lookupp'");
        assertThat(a.policyVersion()).isEqualTo("p1");
        assertThat(a.client.appliedVersion()).isEqualTo(1);
        assertThat(a.weaver.patchSlots(Target.class)).as("the p1 patch is still woven").containsExactly(slots);
        assertThat(a.patches.onPatch(slots[0], null, new Object[] {null, "k"})).as("and still in force").isEqualTo("patched");
    }

    // ------------------------------------------------------------------ bundles

    @Test
    void bundleIsDownloadedHotLoadedAndRemovedWhenNoLongerNamed() throws Exception {
        Agent a = started();
        Map<String, Object> canary = server.bundle("canary", "2.0.0", canaryJar("2.0.0"));
        Map<String, Object> withCanary = Map.of("version", "p1",
                "aspects", Map.of("canary", Map.of("config", Map.of("behaviour", "finding"))));

        Map<String, Object> ack = deliver(server.signed(FakeControlPlane.snapshot(1, SERVICE, withCanary, List.of(canary))));

        assertThat(ack).containsEntry("status", "ACK");
        assertThat(a.aspectIds()).containsExactlyInAnyOrder("scripted", "canary");
        assertThat(dir.resolve("bundles").resolve(canary.get("sha256") + ".jar")).exists();
        assertThat(Files.readAllLines(dir.resolve("journal.txt"))).containsSubsequence("2.0.0 load", "2.0.0 configure finding",
                "2.0.0 activate");

        applyGood(a, 2, "p2");

        assertThat(a.aspectIds()).containsExactly("scripted");
        assertThat(Files.readAllLines(dir.resolve("journal.txt"))).containsSubsequence("2.0.0 freeze", "2.0.0 unload");
        assertThat(dir.resolve("bundles").resolve(canary.get("sha256") + ".jar")).doesNotExist();
    }

    @Test
    void bundleWhoseBytesDoNotMatchItsSha256IsNacked() throws Exception {
        Agent a = started();
        Map<String, Object> canary = server.bundle("canary", "2.0.0", canaryJar("2.0.0"));
        server.bundles.put((String) canary.get("sha256"), canaryJar("6.6.6"));

        Map<String, Object> ack = deliver(server.signed(FakeControlPlane.snapshot(1, SERVICE, policy("p1", "observe"), List.of(canary))));

        assertThat(ack).containsEntry("status", "NACK");
        assertThat((String) ack.get("error")).contains("bundle canary 2.0.0 downloaded with SHA-256").contains("the snapshot names");
        assertThat(a.aspectIds()).containsExactly("scripted");
        assertThat(a.policyVersion()).isEqualTo("built-in");
    }

    @Test
    void bundleThatIsNotAnAspectJarIsNacked() throws Exception {
        Agent a = started();
        Map<String, Object> junk = server.bundle("junk", "1.0", "not a jar".getBytes(StandardCharsets.UTF_8));

        Map<String, Object> ack = deliver(server.signed(FakeControlPlane.snapshot(1, SERVICE, policy("p1", "observe"), List.of(junk))));

        assertThat((String) ack.get("error")).startsWith("bundle junk 1.0 is not an aspect package");
        assertThat(a.aspectIds()).containsExactly("scripted");
    }

    // ------------------------------------------------------------------ restart

    @Test
    void restartWithTheServerDownEnforcesThePersistedSnapshot() throws Exception {
        Agent first = started();
        Map<String, Object> canary = server.bundle("canary", "2.0.0", canaryJar("2.0.0"));
        deliver(server.signed(FakeControlPlane.snapshot(4, SERVICE, policy("p4", "observe"), List.of(canary))));
        first.stop();
        agents.remove(first);
        String url = server.url();
        server.close();

        Agent second = new Agent(url, server.publicKey(), 10_000);
        second.client.restore();

        assertThat(second.policyVersion()).isEqualTo("p4");
        assertThat(second.aspectIds()).containsExactlyInAnyOrder("scripted", "canary");
        assertThat(second.client.appliedVersion()).isEqualTo(4);
        second.client.start();
        eventually(10, () -> "unreachable".equals(second.client.status().get("state")));
        assertThat(second.policyVersion()).isEqualTo("p4");
    }

    @Test
    void tamperedPersistedSnapshotIsRefusedAndTheDefaultRuns() throws Exception {
        Agent first = started();
        applyGood(first, 1, "p1");
        first.stop();
        agents.remove(first);
        Path file = dir.resolve("snapshot.json");
        Files.writeString(file, Files.readString(file).replace("\"observe\"", "\"off\""));

        Agent second = agent();
        second.client.restore();

        assertThat(second.policyVersion()).isEqualTo("built-in");
        assertThat(second.client.appliedVersion()).isZero();
        assertThat(Files.readString(dir.resolve("agent.log"))).contains("snapshot.json refused: signature does not verify");
        assertThat(writtenEvents(second, "snapshot.rejected")).last()
                .satisfies(e -> assertThat((String) e.get("error")).contains("signature does not verify"));
    }

    @Test
    void persistedSnapshotWithATamperedBundleIsRefused() throws Exception {
        Agent first = started();
        Map<String, Object> canary = server.bundle("canary", "2.0.0", canaryJar("2.0.0"));
        deliver(server.signed(FakeControlPlane.snapshot(1, SERVICE, policy("p1", "observe"), List.of(canary))));
        first.stop();
        agents.remove(first);
        Files.write(dir.resolve("bundles").resolve(canary.get("sha256") + ".jar"), canaryJar("6.6.6"));

        Agent second = agent();
        second.client.restore();

        assertThat(second.policyVersion()).isEqualTo("built-in");
        assertThat(second.aspectIds()).containsExactly("scripted");
        assertThat(Files.readString(dir.resolve("agent.log"))).contains("bundle canary 2.0.0").contains("no longer match");
    }

    // ------------------------------------------------------------------ events

    @Test
    void eventBatchIsGzipNdjsonAndKeepsItsIdAcrossRetries() throws Exception {
        server.eventStatuses.add(503);
        server.eventStatuses.add(503);
        Agent a = started();
        eventually(10, () -> a.client.agentId() != null);

        Event e1 = Event.create().put("type", "verdict").put("rule", "test.hit");
        Event e2 = Event.create().put("type", "verdict").put("rule", "test.quiet");
        a.events.emit(e1);
        a.events.emit(e2);

        List<FakeControlPlane.Request> posts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            FakeControlPlane.Request r = server.eventPosts.poll(10, TimeUnit.SECONDS);
            assertThat(r).as("post " + (i + 1)).isNotNull();
            posts.add(r);
        }
        String key = posts.get(0).header("Idempotency-Key");
        assertThat(key).isNotBlank();
        for (FakeControlPlane.Request r : posts) {
            assertThat(r.header("Idempotency-Key")).isEqualTo(key);
            assertThat(r.header("Content-Type")).isEqualTo("application/x-ndjson");
            assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + server.currentAgentToken());
            List<Object> lines = Json.parseLines(r.gunzipped());
            List<Object> ids = lines.stream().map(l -> (Object) ((Map<?, ?>) l).get("id")).toList();
            assertThat(ids).containsExactly(e1.id(), e2.id());
        }
        assertThat(server.eventPosts.poll(500, TimeUnit.MILLISECONDS)).as("no fourth post of a stored batch").isNull();

        a.events.emit(Event.create().put("type", "verdict"));
        FakeControlPlane.Request next = server.eventPosts.poll(10, TimeUnit.SECONDS);
        assertThat(next.header("Idempotency-Key")).as("a new batch has a new id").isNotEqualTo(key);
    }

    @Test
    void uploadBufferOverflowIsCountedAndReported() throws Exception {
        server.enrolFailures.set(Integer.MAX_VALUE);
        Agent a = new Agent(server.url(), server.publicKey(), 16);
        a.client.start();
        a.events.emit(Event.create().put("type", "first"));
        // the uploader takes the first event into a batch and waits for an agent token
        eventually(5, () -> Files.readString(dir.resolve("agent.log")).contains("enrolment at"));
        Thread.sleep(300);

        for (int i = 0; i < 100; i++) {
            a.events.emit(Event.create().put("type", "flood").put("n", i));
        }

        assertThat(a.events.uploadDropped()).isEqualTo(84);
        server.enrolFailures.set(0);
        eventually(10, () -> server.heartbeats.stream()
                .anyMatch(r -> Long.valueOf(84).equals(r.json().get("eventsDropped"))));
        eventually(10, () -> {
            for (FakeControlPlane.Request r : server.eventPosts) {
                if (r.gunzipped().contains("\"type\":\"agent.events-dropped\"") && r.gunzipped().contains("\"count\":84")) {
                    return true;
                }
            }
            return false;
        });
        assertThat(a.client.status()).containsEntry("eventsDropped", 84L);
    }

    // ------------------------------------------------------------------ replicas

    @Test
    void whenItsReplicaGoesDownTheAgentMovesToTheNextOneReEnrolsThereAndAppliesWhatItServes() throws Exception {
        try (FakeControlPlane second = new FakeControlPlane(server.key)) {
            Agent a = new Agent(server.url() + ";" + second.url(), server.publicKey(), 10_000);
            a.client.restore();
            a.client.start();
            applyGood(a, 1, "p1");
            assertThat(a.client.status()).containsEntry("server", server.url());

            server.close();

            // the fake replicas share no database: the second does not know the first's token, so the agent enrols again
            assertThat(second.enrolments.poll(10, TimeUnit.SECONDS)).as("enrols at the second replica").isNotNull();
            second.snapshots.add(second.signed(snapshot(2, policy("p2", "block"))));
            assertThat(second.nextAck()).containsEntry("version", 2L).containsEntry("status", "ACK");
            assertThat(a.policyVersion()).isEqualTo("p2");
            assertThat(a.client.status()).containsEntry("server", second.url()).containsEntry("state", "connected");
            assertThat(Files.readString(dir.resolve("agent.log"))).contains("control plane replica " + server.url() + " failed")
                    .contains("moving to " + second.url());
        }
    }

    @Test
    void aReplicaAnswering5xxIsLeftForTheNextOne() throws Exception {
        try (FakeControlPlane second = new FakeControlPlane(server.key)) {
            server.enrolFailures.set(1_000);
            Agent a = new Agent(server.url() + ";" + second.url(), server.publicKey(), 10_000);
            a.client.restore();
            a.client.start();

            assertThat(second.enrolments.poll(10, TimeUnit.SECONDS)).as("enrols at the second replica").isNotNull();
            eventually(10, () -> "connected".equals(a.client.status().get("state")));
            assertThat(server.enrolments).as("one 503 from the first replica was enough").hasSize(1);
        }
    }

    // ------------------------------------------------------------------ tokens

    @Test
    void revokedAgentTokenLeadsToANewEnrolment() throws Exception {
        Agent a = started();
        eventually(10, () -> a.client.agentId() != null);
        assertThat(server.enrolments.poll(1, TimeUnit.SECONDS)).isNotNull();

        server.revokeAgentToken();

        assertThat(server.enrolments.poll(10, TimeUnit.SECONDS)).as("enrols again").isNotNull();
        eventually(10, () -> "connected".equals(a.client.status().get("state")));
    }

    // ------------------------------------------------------------------ inventory

    /** An agent that keeps an inventory, holding {@code first} before it starts. */
    private Agent startedWithInventory(Inventory first) throws Exception {
        Agent a = agent();
        a.client.reportInventory();
        if (first != null) {
            a.client.inventoryChanged(first);
        }
        a.client.restore();
        a.client.start();
        return a;
    }

    private FakeControlPlane.Request nextInventoryPut() throws InterruptedException {
        FakeControlPlane.Request put = server.inventoryPuts.poll(10, TimeUnit.SECONDS);
        assertThat(put).as("an inventory upload within 10 s").isNotNull();
        return put;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> inventoryOf(FakeControlPlane.Request put) throws Exception {
        return (Map<String, Object>) Json.parse(put.gunzipped());
    }

    /** The next heartbeat that carries an inventory version, and that version. */
    private long nextHeartbeatInventoryVersion() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            FakeControlPlane.Request beat = server.heartbeats.poll(1, TimeUnit.SECONDS);
            if (beat != null && beat.json().containsKey("inventoryVersion")) {
                return (Long) beat.json().get("inventoryVersion");
            }
        }
        throw new AssertionError("no heartbeat with inventoryVersion within 10 s");
    }

    @Test
    void theInventoryIsPutGzippedAfterEnrolmentAndAgainWhenItChanges() throws Exception {
        Inventory v1 = Inventories.of(1, "/srv/lib/log4j-core-2.14.1.jar");
        startedWithInventory(v1);

        FakeControlPlane.Request put = nextInventoryPut();
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.path()).isEqualTo("/v1/agents/" + FakeControlPlane.AGENT_ID + "/inventory");
        assertThat(put.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(put.header("Content-Type")).isEqualTo("application/json");
        assertThat(put.header("Authorization")).isEqualTo("Bearer " + server.currentAgentToken());
        assertThat(put.header("Secplane-Protocol")).isEqualTo("1");
        assertThat(inventoryOf(put)).isEqualTo(Json.parse(Json.write(v1.toMap())))
                .containsEntry("inventoryVersion", 1L).containsEntry("hash", v1.hash());
        assertThat(nextHeartbeatInventoryVersion()).isEqualTo(1L);

        Inventory v2 = Inventories.of(2, "/srv/lib/log4j-core-2.14.1.jar", "/srv/lib/commons-text-1.9.jar");
        server.heartbeats.clear();
        agents.get(0).client.inventoryChanged(v2);
        assertThat(inventoryOf(nextInventoryPut())).containsEntry("inventoryVersion", 2L).containsEntry("hash", v2.hash());
        assertThat(nextHeartbeatInventoryVersion()).isEqualTo(2L);
        assertThat(server.inventoryPuts.poll(2, TimeUnit.SECONDS)).as("each version is stored once").isNull();
    }

    @Test
    void theHeartbeatSaysZeroUntilTheFirstInventoryAndItIsUploadedAsSoonAsItExists() throws Exception {
        Agent a = startedWithInventory(null);
        assertThat(nextHeartbeatInventoryVersion()).isZero();
        assertThat(server.inventoryPuts).isEmpty();
        a.client.inventoryChanged(Inventories.of(1, "/srv/a-1.0.jar"));
        assertThat(inventoryOf(nextInventoryPut())).containsEntry("inventoryVersion", 1L);
    }

    @Test
    void anInventoryUploadIsRetriedWithBackoffUntilTheServerTakesIt() throws Exception {
        server.inventoryStatuses.addAll(List.of(503, 500, 429));
        startedWithInventory(Inventories.of(1, "/srv/a-1.0.jar"));
        for (int i = 0; i < 4; i++) {
            assertThat(inventoryOf(nextInventoryPut())).containsEntry("inventoryVersion", 1L);
        }
        eventually(5, () -> Long.valueOf(1).equals(server.storedInventory));
        assertThat(server.inventoryPuts.poll(2, TimeUnit.SECONDS)).isNull();
        assertThat(server.enrolments).as("a 5xx is no reason to enrol again").hasSize(1);
    }

    @Test
    void aServerThatReportsAnOlderInventoryIsSentTheCurrentOneAgain() throws Exception {
        startedWithInventory(Inventories.of(3, "/srv/a-1.0.jar"));
        assertThat(inventoryOf(nextInventoryPut())).containsEntry("inventoryVersion", 3L);
        eventually(5, () -> Long.valueOf(3).equals(server.storedInventory));
        assertThat(server.inventoryPuts.poll(2, TimeUnit.SECONDS)).as("the server holds v3: nothing to send").isNull();

        server.storedInventory = 1L; // restored from an old backup, say
        assertThat(inventoryOf(nextInventoryPut())).as("the heartbeat answer says v1 < v3").containsEntry("inventoryVersion", 3L);
        assertThat(Files.readString(dir.resolve("agent.log"))).contains("the control plane holds inventory v1, the agent has v3");
    }

    @Test
    void anInventoryUploadTheServerAnswers404ForTheAgentLeadsToANewEnrolmentAndAnotherUpload() throws Exception {
        server.inventoryStatuses.add(404);
        startedWithInventory(Inventories.of(1, "/srv/a-1.0.jar"));
        FakeControlPlane.Request first = nextInventoryPut();
        assertThat(server.enrolments.poll(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(server.enrolments.poll(10, TimeUnit.SECONDS)).as("enrols again").isNotNull();
        FakeControlPlane.Request second = nextInventoryPut();
        assertThat(second.header("Authorization")).isNotEqualTo(first.header("Authorization"))
                .isEqualTo("Bearer " + server.currentAgentToken());
        assertThat(inventoryOf(second)).containsEntry("inventoryVersion", 1L);
    }

    @Test
    void aServerThatPredatesInventoriesIsNotOfferedThemAndTheAgentStaysEnrolled() throws Exception {
        server.withoutInventories = true;
        Agent a = startedWithInventory(Inventories.of(1, "/srv/a-1.0.jar"));
        eventually(10, () -> Files.readString(dir.resolve("agent.log")).contains("does not take inventories"));
        server.heartbeats.clear();
        for (int i = 0; i < 3; i++) {
            FakeControlPlane.Request beat = server.heartbeats.poll(5, TimeUnit.SECONDS);
            assertThat(beat).as("heartbeats go on").isNotNull();
            assertThat(beat.json()).doesNotContainKey("inventoryVersion");
        }
        a.client.inventoryChanged(Inventories.of(2, "/srv/a-1.0.jar", "/srv/b-1.0.jar"));
        Thread.sleep(1500);
        assertThat(server.enrolments).as("never enrols again over it").hasSize(1);
        assertThat(a.client.status()).containsEntry("state", "connected");
        assertThat(Files.readString(dir.resolve("agent.log"))).doesNotContain("enrolling again");
    }
}
