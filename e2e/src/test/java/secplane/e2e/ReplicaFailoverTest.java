package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.server.ControlPlane;
import secplane.server.ServerConfig;

/**
 * Two real control-plane replicas over one real PostgreSQL and the real agent jar in a child JVM
 * configured with both ({@code server=A;B}): when the replica it long-polls goes away, the agent
 * moves to the other one and applies what is pushed there.
 */
class ReplicaFailoverTest {
    private static final String SERVICE = "orders";

    @TempDir
    Path tmp;

    @Test
    void anAgentWhoseReplicaIsKilledWhileItLongPollsMovesToTheOtherAndAppliesAPushMadeThere() throws Exception {
        String db = SharedPostgres.newDatabase();
        Path dataA = tmp.resolve("replica-a");
        Path dataB = tmp.resolve("replica-b");
        ControlPlane a = ControlPlane.start(ServerConfig.defaults(dataA).withPort(0).withDatabase(db, "postgres", "postgres"));
        try {
            Files.createDirectories(dataB);
            Files.copy(dataA.resolve("signing-key.json"), dataB.resolve("signing-key.json"));
            try (ControlPlane b = ControlPlane.start(ServerConfig.defaults(dataB).withPort(0).withDatabase(db, "postgres", "postgres"))) {
                String admin = a.bootstrapToken().orElseThrow();
                PlaneApi apiA = new PlaneApi(a.port(), admin);
                PlaneApi apiB = new PlaneApi(b.port(), admin);
                Path data = tmp.resolve("agent");
                String arg = TestEnv.agentArg(data, "service=" + SERVICE, "server=" + apiA.url() + ";" + apiB.url(),
                        "server.key=" + a.publicKey(), "enrol.token=" + apiA.enrolToken(SERVICE), "instance=orders-1");
                try (Probe p = Probe.start(TestEnv.currentJavaHome(), tmp, arg)) {
                    long first = apiA.push(SERVICE, "{\"version\": \"through-a\", \"mode\": \"observe\"}");
                    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> applied(apiB) == first);
                    assertThat(p.send("deser-gadget")).startsWith("ok read");
                    assertThat(controlPlane(data)).containsEntry("server", apiA.url());
                    // the agent is now holding its long poll on A
                    Thread.sleep(500);

                    a.close();
                    long killed = System.nanoTime();
                    long second = apiB.push(SERVICE, "{\"version\": \"through-b\"}");
                    Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                            .until(() -> applied(apiB) == second);
                    long millis = (System.nanoTime() - killed) / 1_000_000;
                    assertThat(millis).as("replica killed to the push through the other applied, ms").isLessThan(10_000);

                    assertThat(p.send("deser-gadget")).as("the policy pushed through B is enforced").startsWith("blocked");
                    List<Map<String, Object>> agents = apiB.agents(SERVICE);
                    assertThat(agents).as("the same agent, not a second enrolment").hasSize(1);
                    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> apiB.url().equals(controlPlane(data).get("server")));
                    assertThat(Files.readString(data.resolve("agent.log"))).contains("control plane replica " + apiA.url() + " failed")
                            .contains("moving to " + apiB.url());
                }
            }
        } finally {
            a.close();
        }
    }

    private static long applied(PlaneApi api) throws Exception {
        List<Map<String, Object>> agents = api.agents(SERVICE);
        if (agents.isEmpty() || !"applied".equals(agents.get(0).get("state"))) {
            return -1;
        }
        return ((Number) agents.get(0).get("appliedVersion")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> controlPlane(Path data) throws Exception {
        return (Map<String, Object>) TestEnv.status(data).get("controlPlane");
    }
}
