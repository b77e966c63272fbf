package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.protocol.json.Json;
import secplane.server.ControlPlane;
import secplane.server.ServerConfig;

/**
 * The control plane killed in the middle of a staged rollout to two real agents: each keeps
 * enforcing what it had applied (the canary the new version, the other its previous one), and
 * after a restart on the same data directory and port the rollout completes.
 */
class RolloutRestartTest {
    private static final String SERVICE = "orders";
    private static final String OBSERVE = "{\"version\": \"previous\", \"mode\": \"observe\"}";
    private static final String BLOCK = "{\"version\": \"rolled-out\"}";

    @TempDir
    Path tmp;

    @Test
    void agentsKeepTheirLastGoodSnapshotWhileTheServerIsDownAndTheRolloutCompletesAfterItsRestart() throws Exception {
        Path serverData = tmp.resolve("server");
        Path data1 = tmp.resolve("agent-1");
        Path data2 = tmp.resolve("agent-2");
        ControlPlane plane = ControlPlane.start(ServerConfig.defaults(serverData).withPort(0));
        int port = plane.port();
        String admin = plane.bootstrapToken().orElseThrow();
        PlaneApi api = new PlaneApi(port, admin);
        String enrol = api.enrolToken(SERVICE);
        try (Probe p1 = Probe.start(TestEnv.currentJavaHome(), tmp, arg(api, plane.publicKey(), enrol, data1, "orders-1"));
             Probe p2 = Probe.start(TestEnv.currentJavaHome(), tmp, arg(api, plane.publicKey(), enrol, data2, "orders-2"))) {
            long previous;
            long next;
            Map<String, Probe> byInstance = Map.of("orders-1", p1, "orders-2", p2);
            Probe canary;
            Probe other;
            try {
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> api.agents(SERVICE).size() == 2);
                previous = api.push(SERVICE, OBSERVE);
                Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> applied(api).values().stream().allMatch(v -> v == previous));
                assertThat(p1.send("deser-gadget")).startsWith("ok read");
                assertThat(p2.send("deser-gadget")).startsWith("ok read");

                // The server puts an agent in a stage by a stable hash of its (random) agent id: a
                // first stage just above the lower of the two agents' buckets reaches exactly that one.
                Map<String, Integer> buckets = new HashMap<>();
                for (Map<String, Object> a : api.agents(SERVICE)) {
                    buckets.put((String) a.get("instanceId"), bucket((String) a.get("agentId")));
                }
                String canaryInstance = buckets.get("orders-1") <= buckets.get("orders-2") ? "orders-1" : "orders-2";
                String otherInstance = canaryInstance.equals("orders-1") ? "orders-2" : "orders-1";
                int firstStage = buckets.get(canaryInstance) + 1;
                org.junit.jupiter.api.Assumptions.assumeTrue(buckets.get(otherInstance) >= firstStage,
                        "both agent ids fell into the same percentage bucket (1 run in 100); no stage can split them");
                canary = byInstance.get(canaryInstance);
                other = byInstance.get(otherInstance);

                Map<String, Object> pushed = api.post("/v1/policies", Map.of("service", SERVICE, "policy", Json.parse(BLOCK),
                        "target", Map.of("stages", List.of(firstStage, 100), "stageSeconds", 3)));
                next = ((Number) pushed.get("version")).longValue();
                Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                        .until(() -> applied(api).get(canaryInstance) == next);
                assertThat(applied(api)).as("the first stage reached one agent only").containsEntry(otherInstance, previous);
            } finally {
                plane.close();
            }

            // the server is down mid-rollout: each agent enforces what it had applied
            Thread.sleep(4000);
            assertThat(canary.send("deser-gadget")).as("the canary enforces the new version").startsWith("blocked");
            assertThat(other.send("deser-gadget")).as("the other agent enforces its previous version").startsWith("ok read");
            assertThat(appliedVersion(canary == p1 ? data1 : data2)).isEqualTo(next);
            assertThat(appliedVersion(other == p1 ? data1 : data2)).isEqualTo(previous);

            try (ControlPlane again = ControlPlane.start(ServerConfig.defaults(serverData).withPort(port).withConsolePort(0))) {
                PlaneApi api2 = new PlaneApi(again.port(), admin);
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> applied(api2).values().stream().allMatch(v -> v == next));
                List<?> rollouts = (List<?>) api2.get("/v1/rollouts?service=" + SERVICE).get("rollouts");
                assertThat(rollouts.toString()).contains("state=done");
                assertThat(p1.send("deser-gadget")).startsWith("blocked");
                assertThat(p2.send("deser-gadget")).startsWith("blocked");
            }
        }
    }

    private static String arg(PlaneApi api, String key, String enrol, Path data, String instance) {
        return TestEnv.agentArg(data, "service=" + SERVICE, "server=" + api.url(), "server.key=" + key, "enrol.token=" + enrol,
                "instance=" + instance);
    }

    /** instanceId to applied version, for the agents whose state is {@code applied}. */
    private static Map<String, Long> applied(PlaneApi api) throws Exception {
        Map<String, Long> out = new HashMap<>();
        for (Map<String, Object> a : api.agents(SERVICE)) {
            out.put((String) a.get("instanceId"), "applied".equals(a.get("state")) ? ((Number) a.get("appliedVersion")).longValue() : -1L);
        }
        return out;
    }

    private static long appliedVersion(Path data) throws Exception {
        Map<?, ?> cp = (Map<?, ?>) TestEnv.status(data).get("controlPlane");
        return ((Number) cp.get("appliedVersion")).longValue();
    }

    /** As the server's targeting (docs/protocol.md "Targeting"): the first four bytes of SHA-256(agentId), mod 100. */
    private static int bucket(String agentId) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(agentId.getBytes(StandardCharsets.UTF_8));
        long v = ((d[0] & 0xffL) << 24) | ((d[1] & 0xffL) << 16) | ((d[2] & 0xffL) << 8) | (d[3] & 0xffL);
        return (int) (v % 100);
    }
}
