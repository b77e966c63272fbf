package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.server.ControlPlane;
import secplane.server.ServerConfig;

/**
 * The real control plane (H2, in this JVM) and the real agent jar in a child JVM: enrolment,
 * signed policy pushes applied within a second, NACKs visible to the operator, events arriving,
 * and the agent's last good snapshot surviving a restart while the server is down.
 */
class ControlPlaneTest {
    private static final String SERVICE = "orders";

    @TempDir
    Path tmp;

    @Test
    void pushedPolicyIsAppliedAcknowledgedAndEnforcedAndEventsArrive() throws Exception {
        try (ControlPlane plane = ControlPlane.start(ServerConfig.defaults(tmp.resolve("server")).withPort(0))) {
            PlaneApi api = new PlaneApi(plane.port(), plane.bootstrapToken().orElseThrow());
            Path data = tmp.resolve("agent");
            try (Probe p = Probe.start(TestEnv.currentJavaHome(), tmp, agentArgs(plane, api, data, "probe-1"))) {
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> api.agents(SERVICE).size() == 1);
                assertThat(p.send("deser-gadget")).as("built-in default before any push").startsWith("blocked");

                long observe = api.push(SERVICE, "{\"version\": \"cp-observe\", \"mode\": \"observe\"}");
                long pushed = System.nanoTime();
                Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                        .until(() -> applied(api) == observe);
                long millis = (System.nanoTime() - pushed) / 1_000_000;
                assertThat(millis).as("push to ACK, ms (includes this test's 50 ms polling)").isLessThan(5000);
                assertThat(p.send("deser-gadget")).as("observe mode from the control plane").startsWith("ok read");

                long block = api.push(SERVICE, "{\"version\": \"cp-block\"}");
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> applied(api) == block);
                assertThat(p.send("deser-gadget")).startsWith("blocked");

                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                        api.events("service=" + SERVICE + "&rule=deserialize.gadget").stream().map(e -> e.get("verdict"))
                                .collect(Collectors.toSet()).containsAll(List.of("observe", "block")));
                Map<String, Object> e = api.events("service=" + SERVICE + "&rule=deserialize.gadget&verdict=block").get(0);
                assertThat(e).containsEntry("instanceId", "probe-1").containsEntry("joinPoint", "deserialize.class");
            }
        }
    }

    @Test
    void aPolicyTheAgentRefusesIsNackedVisiblyAndTheLastGoodOneStays() throws Exception {
        try (ControlPlane plane = ControlPlane.start(ServerConfig.defaults(tmp.resolve("server")).withPort(0))) {
            PlaneApi api = new PlaneApi(plane.port(), plane.bootstrapToken().orElseThrow());
            try (Probe p = Probe.start(TestEnv.currentJavaHome(), tmp, agentArgs(plane, api, tmp.resolve("agent"), "probe-2"))) {
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> api.agents(SERVICE).size() == 1);
                long good = api.push(SERVICE, "{\"version\": \"good\", \"mode\": \"observe\"}");
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> applied(api) == good);

                api.push(SERVICE, "{\"version\": \"bad\", \"aspects\": {\"deserialization\": {\"rules\": {\"deserialize.gadgett\": \"block\"}}}}");
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(api.agents(SERVICE).get(0).get("state")));
                Map<String, Object> agent = api.agents(SERVICE).get(0);
                assertThat((String) agent.get("error")).contains("unknown rule 'deserialize.gadgett'");
                assertThat(((Number) agent.get("appliedVersion")).longValue()).isEqualTo(good);
                assertThat(p.send("deser-gadget")).as("the last good (observe) policy stays").startsWith("ok read");
            }
        }
    }

    @Test
    void anAgentRestartedWhileTheServerIsDownEnforcesItsLastGoodSnapshotAndDeliversBufferedEventsOnce() throws Exception {
        Path serverData = tmp.resolve("server");
        Path data = tmp.resolve("agent");
        int port;
        String token;
        String publicKey;
        String enrol;
        try (ControlPlane plane = ControlPlane.start(ServerConfig.defaults(serverData).withPort(0))) {
            port = plane.port();
            token = plane.bootstrapToken().orElseThrow();
            publicKey = plane.publicKey();
            PlaneApi api = new PlaneApi(port, token);
            enrol = api.enrolToken(SERVICE);
            try (Probe p = Probe.start(TestEnv.currentJavaHome(), tmp, args(api.url(), publicKey, enrol, data, "probe-3"))) {
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> api.agents(SERVICE).size() == 1);
                long v = api.push(SERVICE, "{\"version\": \"kept\", \"aspects\": {\"process\": {\"rules\": {\"process.never\": \"block\"}}}}");
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> applied(api) == v);
            }
        }
        // the server is down: a restarted agent must enforce what it last applied
        try (Probe p = Probe.start(TestEnv.currentJavaHome(), tmp, args("http://127.0.0.1:" + port, publicKey, enrol, data, "probe-3"))) {
            assertThat(p.send("exec true")).as("process.never from the persisted snapshot").startsWith("blocked");
            for (int i = 0; i < 5; i++) {
                assertThat(p.send("deser-gadget")).startsWith("blocked");
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    "unreachable".equals(((Map<?, ?>) TestEnv.status(data).get("controlPlane")).get("state")));
            try (ControlPlane again = ControlPlane.start(ServerConfig.defaults(serverData).withPort(port).withConsolePort(0))) {
                PlaneApi api = new PlaneApi(again.port(), token);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                        api.events("service=" + SERVICE + "&rule=deserialize.gadget").size() >= 5);
                Thread.sleep(3000);
                List<Map<String, Object>> events = api.events("service=" + SERVICE);
                assertThat(events.stream().map(e -> e.get("id")).distinct().count()).as("no duplicates").isEqualTo(events.size());
                assertThat(api.events("service=" + SERVICE + "&rule=deserialize.gadget")).hasSize(5);
                assertThat(api.events("service=" + SERVICE + "&rule=process.never")).hasSize(1);
            }
        }
    }

    @Test
    void anAspectBundleUploadedToTheServerIsHotLoadedByTheAgentAndRemovedAgain() throws Exception {
        try (ControlPlane plane = ControlPlane.start(ServerConfig.defaults(tmp.resolve("server")).withPort(0))) {
            PlaneApi api = new PlaneApi(plane.port(), plane.bootstrapToken().orElseThrow());
            Path data = tmp.resolve("agent");
            try (Probe p = Probe.start(TestEnv.currentJavaHome(), tmp, agentArgs(plane, api, data, "probe-4"))) {
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> api.agents(SERVICE).size() == 1);
                byte[] jar = java.nio.file.Files.readAllBytes(AspectJars.build(tmp.resolve("jars"),
                        secplane.e2e.aspects.CanaryAspect.class, "canary", "1.0.0"));
                Map<String, Object> bundle = api.upload(jar);
                assertThat(bundle).containsEntry("id", "canary").containsEntry("version", "1.0.0");

                long with = api.push(SERVICE, "{\"version\": \"with-canary\"}", List.of("canary"));
                Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> applied(api) == with);
                // the canary observes deserialized Longs, which the probe's /work handler round-trips
                String port = p.send("http").replace("ok port ", "");
                assertThat(p.send("fetch http://127.0.0.1:" + port + "/work")).isEqualTo("ok status 200");
                Map<String, Object> seen = TestEnv.awaitEvent(data, e -> "canary.seen".equals(e.get("rule")));
                assertThat(seen).containsEntry("aspectVersion", "1.0.0");

                long without = api.push(SERVICE, "{\"version\": \"without-canary\"}", List.of());
                Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> applied(api) == without);
                TestEnv.awaitEvent(data, e -> "aspect.removed".equals(e.get("type")) && "canary".equals(e.get("aspect")));
                assertThat(p.send("deser-gadget")).as("the built-in aspects stay").startsWith("blocked");
            }
        }
    }

    private static long applied(PlaneApi api) throws Exception {
        List<Map<String, Object>> agents = api.agents(SERVICE);
        if (agents.isEmpty() || !"applied".equals(agents.get(0).get("state"))) {
            return -1;
        }
        return ((Number) agents.get(0).get("appliedVersion")).longValue();
    }

    private static String[] agentArgs(ControlPlane plane, PlaneApi api, Path data, String instance) throws Exception {
        return args(api.url(), plane.publicKey(), api.enrolToken(SERVICE), data, instance);
    }

    private static String[] args(String server, String key, String enrol, Path data, String instance) {
        return new String[] {TestEnv.agentArg(data, "service=" + SERVICE, "server=" + server, "server.key=" + key,
                "enrol.token=" + enrol, "instance=" + instance)};
    }
}
