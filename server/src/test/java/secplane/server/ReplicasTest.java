package secplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.server.keys.SigningKey;

/** Two control-plane replicas over one PostgreSQL: agents may talk to either. */
class ReplicasTest {
    @TempDir
    Path a;
    @TempDir
    Path b;
    @TempDir
    Path c;

    @Test
    void an_agent_enrolled_through_one_replica_polls_another_and_gets_a_push_made_through_the_first() throws Exception {
        String url = Postgres.newDatabase();
        try (ControlPlane first = ControlPlane.start(Planes.config(a).withDatabase(url, "postgres", "postgres"))) {
            Files.copy(a.resolve(SigningKey.FILE), b.resolve(SigningKey.FILE));
            try (ControlPlane second = ControlPlane.start(Planes.config(b).withDatabase(url, "postgres", "postgres"))) {
                assertThat(second.bootstrapToken()).as("the database already has its admin").isEmpty();
                assertThat(second.publicKey()).isEqualTo(first.publicKey());
                Api apiA = new Api(first.port());
                Api apiB = new Api(second.port());
                String admin = first.bootstrapToken().orElseThrow();
                Planes.Agent agent = Planes.enrol(apiA, Planes.enrolToken(apiA, admin, "orders"), "orders", "orders-1", Map.of());

                CompletableFuture<Api.Resp> poll = CompletableFuture.supplyAsync(
                        () -> apiB.get("/v1/agents/" + agent.id() + "/snapshot?applied=0&wait=30", agent.token()));
                Thread.sleep(500);
                assertThat(poll).isNotDone();
                long pushed = System.nanoTime();
                assertThat(Planes.push(apiA, admin, "orders", Planes.policy("block"), null).status()).isEqualTo(201);
                Api.Resp r = poll.get();
                long millis = (System.nanoTime() - pushed) / 1_000_000;
                assertThat(r.status()).isEqualTo(200);
                assertThat(millis).as("push on A to answer on B").isLessThan(2000);

                assertThat(apiB.post("/v1/agents/" + agent.id() + "/ack", agent.token(), Map.of("version", 1, "status", "ACK")).status()).isEqualTo(200);
                assertThat(Planes.agentStatus(apiA, admin, agent.id())).containsEntry("state", "applied");
            }
        }
    }

    @Test
    void a_replica_with_another_signing_key_refuses_to_start() {
        String url = Postgres.newDatabase();
        try (ControlPlane first = ControlPlane.start(Planes.config(a).withDatabase(url, "postgres", "postgres"))) {
            assertThatThrownBy(() -> ControlPlane.start(Planes.config(c).withDatabase(url, "postgres", "postgres")))
                    .hasMessageContaining("copy signing-key.json");
        }
    }
}
