package secplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The limits and encodings of event batches (docs/protocol.md "Events"). */
class EventLimitsTest {
    @TempDir
    Path data;
    ControlPlane plane;
    Api api;
    String admin;
    Planes.Agent agent;

    @BeforeEach
    void start() {
        plane = ControlPlane.start(Planes.config(data));
        api = new Api(plane.port());
        admin = plane.bootstrapToken().orElseThrow();
        agent = Planes.enrol(api, Planes.enrolToken(api, admin, "orders"), "orders", "o-1", Map.of());
    }

    @AfterEach
    void stop() {
        plane.close();
    }

    private int stored() {
        return ((List<?>) api.get("/v1/events?limit=1000", admin).json().get("events")).size();
    }

    @Test
    void a_malformed_line_fails_the_whole_batch_naming_the_line() {
        String batch = PlaneContract.event("ev-1", "jndi.remote-lookup", "block") + "\n{\"id\": oops}\n";
        Api.Resp r = api.events(agent.id(), agent.token(), "b-1", batch);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).startsWith("line 2:");
        Api.Resp missing = api.events(agent.id(), agent.token(), "b-1", "{\"id\":\"ev-9\",\"type\":\"verdict\"}\n");
        assertThat(missing.message()).contains("line 1: /time is missing");
        assertThat(stored()).isZero();
        // The batch id was not used up by the failed attempt.
        assertThat(api.events(agent.id(), agent.token(), "b-1", PlaneContract.event("ev-1", "jndi.remote-lookup", "block")).json())
                .containsEntry("accepted", 1L);
    }

    @Test
    void more_than_10000_events_get_413_and_nothing_is_stored() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10_001; i++) {
            sb.append("{\"id\":\"e").append(i).append("\",\"time\":\"2026-11-29T18:00:00Z\",\"type\":\"verdict\"}\n");
        }
        Api.Resp r = api.events(agent.id(), agent.token(), "big", sb.toString());
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.message()).contains("10000");
        assertThat(stored()).isZero();
    }

    @Test
    void a_batch_over_1_mib_compressed_or_16_mib_uncompressed_gets_413() {
        byte[] noise = new byte[(1 << 20) + 10];
        new Random(1).nextBytes(noise);
        Api.Resp compressed = api.send(api.request("/v1/agents/" + agent.id() + "/events", agent.token())
                .header("Content-Type", "application/x-ndjson").header("Content-Encoding", "gzip").header("Idempotency-Key", "x")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(noise)).build());
        assertThat(compressed.status()).isEqualTo(413);
        // 17 MiB of blanks compress to a few KiB: a gzip bomb in miniature.
        Api.Resp bomb = api.events(agent.id(), agent.token(), "bomb", " ".repeat(17 << 20));
        assertThat(bomb.status()).isEqualTo(413);
        assertThat(bomb.message()).contains("uncompressed");
    }

    @Test
    void wrong_encoding_type_or_missing_batch_id_are_refused() {
        byte[] body = PlaneContract.event("ev-1", "jndi.remote-lookup", "block").getBytes(StandardCharsets.UTF_8);
        Api.Resp type = api.send(api.request("/v1/agents/" + agent.id() + "/events", agent.token()).header("Content-Type", "application/json")
                .header("Idempotency-Key", "k").POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertThat(type.status()).isEqualTo(415);
        Api.Resp encoding = api.send(api.request("/v1/agents/" + agent.id() + "/events", agent.token()).header("Content-Type", "application/x-ndjson")
                .header("Content-Encoding", "br").header("Idempotency-Key", "k").POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertThat(encoding.status()).isEqualTo(415);
        Api.Resp notGzip = api.send(api.request("/v1/agents/" + agent.id() + "/events", agent.token()).header("Content-Type", "application/x-ndjson")
                .header("Content-Encoding", "gzip").header("Idempotency-Key", "k").POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertThat(notGzip.status()).isEqualTo(400);
        assertThat(notGzip.message()).contains("gzip");
        Api.Resp noKey = api.send(api.request("/v1/agents/" + agent.id() + "/events", agent.token()).header("Content-Type", "application/x-ndjson")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.message()).contains("Idempotency-Key");
        assertThat(stored()).isZero();
    }

    @Test
    void an_event_sent_again_in_another_batch_is_not_stored_twice() {
        String e = PlaneContract.event("ev-1", "jndi.remote-lookup", "block");
        assertThat(api.events(agent.id(), agent.token(), "b-1", e).json()).containsEntry("accepted", 1L);
        assertThat(api.events(agent.id(), agent.token(), "b-2", e + "\n" + PlaneContract.event("ev-2", "jndi.remote-lookup", "block")).json())
                .containsEntry("accepted", 1L).containsEntry("duplicate", false);
        assertThat(stored()).isEqualTo(2);
    }

    @Test
    void events_older_than_the_retention_period_are_deleted() {
        String old = "{\"id\":\"ev-old\",\"time\":\"" + java.time.Instant.now().minus(java.time.Duration.ofDays(3)) + "\",\"type\":\"verdict\"}";
        String recent = "{\"id\":\"ev-new\",\"time\":\"" + java.time.Instant.now() + "\",\"type\":\"verdict\"}";
        assertThat(api.events(agent.id(), agent.token(), "b-1", old + "\n" + recent).json()).containsEntry("accepted", 2L);
        plane.close();
        plane = ControlPlane.start(Planes.config(data).withEventRetentionDays(2));
        api = new Api(plane.port());
        assertThat(api.get("/v1/events", admin).body()).contains("ev-new").doesNotContain("ev-old");
    }
}
