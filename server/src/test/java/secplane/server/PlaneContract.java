package secplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import secplane.protocol.Signatures;
import secplane.protocol.json.Json;

/**
 * The agent protocol and the operator calls that change state, end to end over HTTP. Run once
 * on embedded H2 and once on a real PostgreSQL: the store must behave the same on both.
 */
abstract class PlaneContract extends RunningPlane {
    @Test
    void health_names_the_database() {
        Api.Resp r = api.get("/health", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).containsEntry("status", "ok").containsEntry("db", plane.dbDialect()).containsKey("version");
    }

    @SuppressWarnings("unchecked")
    @Test
    void pushed_policy_reaches_a_polling_agent_signed_and_its_ack_shows_as_applied() throws Exception {
        Planes.Agent agent = Planes.enrol(api, Planes.enrolToken(api, admin, "orders"), "orders", "orders-1", Map.of("zone", "a"));
        assertThat(agent.id()).startsWith("ag-");
        assertThat(agent.token()).startsWith("sp_ag_");

        assertThat(api.get("/v1/agents/" + agent.id() + "/snapshot?applied=0&wait=0", agent.token()).status()).isEqualTo(204);

        Api.Resp pushed = Planes.push(api, admin, "orders", Planes.policy("block"), null);
        assertThat(pushed.status()).as(pushed.toString()).isEqualTo(201);
        assertThat(pushed.json()).containsEntry("version", 1L);

        Api.Resp poll = api.get("/v1/agents/" + agent.id() + "/snapshot?applied=0&wait=5", agent.token());
        assertThat(poll.status()).isEqualTo(200);
        Map<String, Object> signed = poll.json();
        Map<String, Object> snapshot = (Map<String, Object>) signed.get("snapshot");
        Map<String, Object> signature = (Map<String, Object>) signed.get("signature");
        assertThat(snapshot).containsEntry("version", 1L).containsEntry("service", "orders").containsEntry("policy", Planes.policy("block"));
        assertThat((String) snapshot.get("issuedAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(signature).containsEntry("alg", "Ed25519").containsEntry("keyId", plane.keyId());
        // The key an operator reads from the API is the one that verifies the snapshot.
        Map<String, Object> key = (Map<String, Object>) ((List<Object>) api.get("/v1/keys", admin).json().get("keys")).get(0);
        assertThat(key.get("publicKey")).isEqualTo(plane.publicKey());
        assertThat(Signatures.verify(Signatures.publicKey(plane.publicKey()), snapshot, (String) signature.get("value"))).isTrue();
        snapshot.put("policy", Planes.policy("observe"));
        assertThat(Signatures.verify(Signatures.publicKey(plane.publicKey()), snapshot, (String) signature.get("value"))).isFalse();

        assertThat(Planes.agentStatus(api, admin, agent.id())).containsEntry("state", "pending").containsEntry("targetVersion", 1L);
        Api.Resp ack = api.post("/v1/agents/" + agent.id() + "/ack", agent.token(), Map.of("version", 1, "status", "ACK"));
        assertThat(ack.status()).as(ack.toString()).isEqualTo(200);
        Map<String, Object> status = Planes.agentStatus(api, admin, agent.id());
        assertThat(status).containsEntry("state", "applied").containsEntry("appliedVersion", 1L).containsEntry("instanceId", "orders-1");
        assertThat(status.get("appliedAt")).isNotNull();

        assertThat(api.get("/v1/agents/" + agent.id() + "/snapshot?applied=1&wait=0", agent.token()).status()).isEqualTo(204);
    }

    @Test
    void a_nacked_version_is_recorded_with_its_reason_and_not_sent_again() {
        Planes.Agent agent = Planes.enrol(api, Planes.enrolToken(api, admin, "orders"), "orders", "orders-1", Map.of());
        Planes.push(api, admin, "orders", Planes.policy("block"), null);
        assertThat(api.get("/v1/agents/" + agent.id() + "/snapshot?applied=0&wait=0", agent.token()).status()).isEqualTo(200);
        Api.Resp nack = api.post("/v1/agents/" + agent.id() + "/ack", agent.token(),
                Map.of("version", 1, "status", "NACK", "error", "/aspects/jndi/rules/x: unknown rule"));
        assertThat(nack.status()).isEqualTo(200);
        assertThat(Planes.agentStatus(api, admin, agent.id())).containsEntry("state", "failed").containsEntry("error", "/aspects/jndi/rules/x: unknown rule");
        assertThat(api.get("/v1/agents/" + agent.id() + "/snapshot?applied=0&wait=0", agent.token()).status()).isEqualTo(204);

        Planes.push(api, admin, "orders", Planes.policy("observe"), null);
        Api.Resp next = api.get("/v1/agents/" + agent.id() + "/snapshot?applied=0&wait=0", agent.token());
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.body()).contains("\"version\":2");
    }

    @Test
    void a_waiting_poll_is_answered_as_soon_as_a_policy_is_pushed() throws Exception {
        Planes.Agent agent = Planes.enrol(api, Planes.enrolToken(api, admin, "orders"), "orders", "orders-1", Map.of());
        CompletableFuture<Api.Resp> poll = CompletableFuture.supplyAsync(() -> api.get("/v1/agents/" + agent.id() + "/snapshot?applied=0&wait=30", agent.token()));
        Thread.sleep(300);
        assertThat(poll).isNotDone();
        long pushed = System.nanoTime();
        Planes.push(api, admin, "orders", Planes.policy("block"), null);
        Api.Resp r = poll.get();
        long millis = (System.nanoTime() - pushed) / 1_000_000;
        assertThat(r.status()).isEqualTo(200);
        assertThat(millis).as("push to poll answer").isLessThan(1000);
    }

    @Test
    void a_poll_with_nothing_new_answers_204_after_its_wait_and_a_newer_poll_releases_an_older_one() throws Exception {
        Planes.Agent agent = Planes.enrol(api, Planes.enrolToken(api, admin, "orders"), "orders", "orders-1", Map.of());
        long start = System.nanoTime();
        assertThat(api.get("/v1/agents/" + agent.id() + "/snapshot?applied=0&wait=1", agent.token()).status()).isEqualTo(204);
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(900L, 5000L);

        CompletableFuture<Api.Resp> first = CompletableFuture.supplyAsync(() -> api.get("/v1/agents/" + agent.id() + "/snapshot?applied=0&wait=30", agent.token()));
        Thread.sleep(300);
        CompletableFuture<Api.Resp> second = CompletableFuture.supplyAsync(() -> api.get("/v1/agents/" + agent.id() + "/snapshot?applied=0&wait=30", agent.token()));
        assertThat(first.get().status()).isEqualTo(204);
        assertThat(second).isNotDone();
        Planes.push(api, admin, "orders", Planes.policy("block"), null);
        assertThat(second.get().status()).isEqualTo(200);
    }

    @Test
    void enrolling_the_same_instance_again_keeps_its_id_and_revokes_the_old_token() {
        String enrol = Planes.enrolToken(api, admin, "orders");
        Planes.Agent first = Planes.enrol(api, enrol, "orders", "orders-1", Map.of());
        // Used once, so the replica trusts it from memory: enrolling again must end that trust at once.
        assertThat(api.post("/v1/agents/" + first.id() + "/heartbeat", first.token(), Map.of("appliedVersion", 0)).status()).isEqualTo(200);
        Planes.Agent again = Planes.enrol(api, enrol, "orders", "orders-1", Map.of("zone", "b"));
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.token()).isNotEqualTo(first.token());
        Api.Resp old = api.post("/v1/agents/" + first.id() + "/heartbeat", first.token(), Map.of("appliedVersion", 0));
        assertThat(old.status()).isEqualTo(401);
        assertThat(old.message()).contains("revoked");
        assertThat(api.post("/v1/agents/" + again.id() + "/heartbeat", again.token(), Map.of("appliedVersion", 0, "eventsDropped", 0,
                "aspects", List.of(Map.of("id", "jndi", "version", "1.0.0", "state", "active")))).status()).isEqualTo(200);
        assertThat(Planes.agentStatus(api, admin, again.id()).get("labels")).isEqualTo(Map.of("zone", "b"));
    }

    @SuppressWarnings("unchecked")
    @Test
    void the_summary_counts_a_versions_agents_by_state_with_the_nack_reasons() {
        String enrol = Planes.enrolToken(api, admin, "orders");
        Planes.Agent a = Planes.enrol(api, enrol, "orders", "orders-1", Map.of("zone", "a"));
        Planes.Agent b = Planes.enrol(api, enrol, "orders", "orders-2", Map.of("zone", "a"));
        Planes.Agent c = Planes.enrol(api, enrol, "orders", "orders-3", Map.of("zone", "b"));
        Planes.push(api, admin, "orders", Planes.policy("block"), Map.of("labels", Map.of("zone", "a")));
        assertThat(api.post("/v1/agents/" + a.id() + "/ack", a.token(), Map.of("version", 1, "status", "ACK")).status()).isEqualTo(200);
        assertThat(api.post("/v1/agents/" + b.id() + "/ack", b.token(), Map.of("version", 1, "status", "NACK", "error", "bad rule")).status()).isEqualTo(200);

        Api.Resp r = api.get("/v1/agents/summary?service=orders&version=1", admin);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json()).containsEntry("agents", 3L).containsEntry("targeted", 2L).containsEntry("applied", 1L)
                .containsEntry("failed", 1L).containsEntry("pending", 0L).containsEntry("stale", 0L);
        assertThat((List<Object>) r.json().get("failures")).containsExactly(Map.of("instanceId", "orders-2", "error", "bad rule"));
        // Without a version: the newest one.
        assertThat(api.get("/v1/agents/summary?service=orders", admin).json()).containsEntry("version", 1L).containsEntry("targeted", 2L);
        // Without a service: the fleet summary, every agent against the version meant for it (c, outside the target, runs 0).
        assertThat(api.get("/v1/agents/summary", admin).json()).containsEntry("agents", 3L).containsEntry("applied", 2L).containsEntry("failed", 1L);
        assertThat(api.get("/v1/agents/summary?service=orders&version=x", admin).status()).isEqualTo(400);
        assertThat(api.get("/v1/agents/summary?service=orders", c.token()).status()).isEqualTo(403);
    }

    @Test
    void agents_act_only_as_themselves_and_enrol_only_their_service() {
        String enrol = Planes.enrolToken(api, admin, "orders");
        Planes.Agent a = Planes.enrol(api, enrol, "orders", "orders-1", Map.of());
        Planes.Agent b = Planes.enrol(api, enrol, "orders", "orders-2", Map.of());
        Api.Resp r = api.get("/v1/agents/" + b.id() + "/snapshot?applied=0&wait=0", a.token());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.error()).isEqualTo("forbidden");
        assertThat(api.post("/v1/agents/" + b.id() + "/ack", a.token(), Map.of("version", 1, "status", "ACK")).status()).isEqualTo(403);
        assertThat(api.events(b.id(), a.token(), "batch-1", "").status()).isEqualTo(403);
        assertThat(api.get("/v1/agents", a.token()).status()).isEqualTo(403);
        Api.Resp other = api.post("/v1/agents/enroll", enrol, Map.of("service", "payments", "instanceId", "p-1"));
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.message()).contains("orders");
    }

    @SuppressWarnings("unchecked")
    @Test
    void an_event_batch_is_stored_once_and_can_be_queried_and_counted() {
        Planes.Agent agent = Planes.enrol(api, Planes.enrolToken(api, admin, "orders"), "orders", "orders-1", Map.of());
        String batch = event("ev-1", "jndi.remote-lookup", "block") + "\n" + event("ev-2", "jndi.remote-lookup", "observe") + "\n"
                + event("ev-3", "process.exploit-frame", "block") + "\n";
        Api.Resp first = api.events(agent.id(), agent.token(), "b-1", batch);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json()).containsEntry("accepted", 3L).containsEntry("duplicate", false);
        Api.Resp again = api.events(agent.id(), agent.token(), "b-1", batch);
        assertThat(again.json()).containsEntry("accepted", 0L).containsEntry("duplicate", true);

        List<Object> all = (List<Object>) api.get("/v1/events?service=orders", admin).json().get("events");
        assertThat(all).hasSize(3);
        List<Object> blocks = (List<Object>) api.get("/v1/events?verdict=block&rule=jndi.remote-lookup&instance=orders-1", admin).json().get("events");
        assertThat(blocks).hasSize(1);
        assertThat((Map<String, Object>) blocks.get(0)).containsEntry("id", "ev-1").containsEntry("agentId", agent.id());
        assertThat((List<Object>) api.get("/v1/events?from=2026-11-29T18:00:00Z&to=2026-11-29T18:30:00Z", admin).json().get("events")).isEmpty();

        List<Object> counts = (List<Object>) api.get("/v1/events/counts?by=rule&bucket=hour", admin).json().get("counts");
        assertThat(counts).containsExactly(
                Map.of("bucket", "2026-11-29T18:00:00.000Z", "rule", "jndi.remote-lookup", "count", 2L),
                Map.of("bucket", "2026-11-29T18:00:00.000Z", "rule", "process.exploit-frame", "count", 1L));
    }

    static String event(String id, String rule, String verdict) {
        return Json.write(Map.of("id", id, "time", "2026-11-29T18:44:24.384Z", "type", "verdict", "service", "orders", "joinPoint",
                rule.startsWith("jndi") ? "jndi.lookup" : "process.start", "aspect", rule.substring(0, rule.indexOf('.')), "rule", rule,
                "verdict", verdict, "message", "test", "evidence", Map.of("name", "ldap://127.0.0.1:1389/x")));
    }

    @SuppressWarnings("unchecked")
    @Test
    void rollback_reissues_the_previous_policy_as_a_higher_version_and_every_change_is_audited() {
        Planes.push(api, admin, "orders", Planes.policy("observe"), null);
        Planes.push(api, admin, "orders", Planes.policy("block"), Map.of("labels", Map.of("zone", "a")));
        Api.Resp rb = api.post("/v1/policies/rollback", admin, Map.of("service", "orders"));
        assertThat(rb.status()).as(rb.toString()).isEqualTo(201);
        assertThat(rb.json()).containsEntry("version", 3L);
        List<Object> policies = (List<Object>) api.get("/v1/policies?service=orders", admin).json().get("policies");
        Map<String, Object> newest = (Map<String, Object>) policies.get(0);
        assertThat(newest).containsEntry("version", 3L).containsEntry("policy", Planes.policy("observe"));
        assertThat((Map<String, Object>) newest.get("target")).containsEntry("labels", Map.of("zone", "a"));

        List<Object> entries = (List<Object>) api.get("/v1/audit?target=policy/orders", admin).json().get("entries");
        assertThat(entries).hasSize(3);
        Map<String, Object> rollback = (Map<String, Object>) entries.get(0);
        assertThat(rollback).containsEntry("action", "policy.rollback");
        assertThat((String) rollback.get("actor")).startsWith("operator:");
        assertThat((Map<String, Object>) rollback.get("before")).containsEntry("version", 2L).containsEntry("policy", Planes.policy("block"));
        assertThat((Map<String, Object>) rollback.get("after")).containsEntry("version", 3L).containsEntry("policy", Planes.policy("observe"));
        assertThat(((Map<String, Object>) entries.get(2)).get("before")).isNull();
    }

    @Test
    void a_target_selects_agents_by_label_instance_and_percentage() {
        String enrol = Planes.enrolToken(api, admin, "orders");
        Planes.Agent a = Planes.enrol(api, enrol, "orders", "orders-a", Map.of("zone", "a"));
        Planes.Agent b = Planes.enrol(api, enrol, "orders", "orders-b", Map.of("zone", "b"));
        Planes.push(api, admin, "orders", Planes.policy("block"), Map.of("labels", Map.of("zone", "a")));
        assertThat(api.get("/v1/agents/" + a.id() + "/snapshot?applied=0", a.token()).status()).isEqualTo(200);
        assertThat(api.get("/v1/agents/" + b.id() + "/snapshot?applied=0", b.token()).status()).isEqualTo(204);
        Planes.push(api, admin, "orders", Planes.policy("observe"), Map.of("instances", List.of("orders-b")));
        assertThat(api.get("/v1/agents/" + b.id() + "/snapshot?applied=0", b.token()).body()).contains("\"version\":2");
        assertThat(api.get("/v1/agents/" + a.id() + "/snapshot?applied=1", a.token()).status()).isEqualTo(204);
        Planes.push(api, admin, "orders", Planes.policy("off"), Map.of("percentage", 0));
        assertThat(api.get("/v1/agents/" + a.id() + "/snapshot?applied=1", a.token()).status()).isEqualTo(204);
        Planes.push(api, admin, "orders", Planes.policy("off"), Map.of("percentage", 100));
        assertThat(api.get("/v1/agents/" + a.id() + "/snapshot?applied=1", a.token()).body()).contains("\"version\":4");
    }

    @SuppressWarnings("unchecked")
    @Test
    void a_staged_rollout_advances_stage_by_stage_and_can_be_paused_resumed_and_aborted() throws Exception {
        Planes.Agent agent = Planes.enrol(api, Planes.enrolToken(api, admin, "orders"), "orders", "orders-1", Map.of());
        Api.Resp pushed = Planes.push(api, admin, "orders", Planes.policy("block"), Map.of("stages", List.of(0, 100), "stageSeconds", 1));
        assertThat(pushed.status()).as(pushed.toString()).isEqualTo(201);
        Map<String, Object> rollout = (Map<String, Object>) pushed.json().get("rollout");
        String id = (String) rollout.get("id");
        assertThat(rollout).containsEntry("state", "running").containsEntry("percentage", 0L);
        assertThat(api.get("/v1/agents/" + agent.id() + "/snapshot?applied=0", agent.token()).status()).isEqualTo(204);

        assertThat(api.post("/v1/rollouts/" + id + "/pause", admin, Map.of()).json()).containsEntry("state", "paused");
        Thread.sleep(1500);
        assertThat(api.get("/v1/agents/" + agent.id() + "/snapshot?applied=0", agent.token()).status()).as("paused: no advance").isEqualTo(204);
        assertThat(api.post("/v1/rollouts/" + id + "/resume", admin, Map.of()).json()).containsEntry("state", "running");
        long resumed = System.nanoTime();
        Api.Resp poll = api.get("/v1/agents/" + agent.id() + "/snapshot?applied=0&wait=10", agent.token());
        assertThat(poll.status()).isEqualTo(200);
        assertThat((System.nanoTime() - resumed) / 1_000_000).isLessThan(4000);
        api.post("/v1/agents/" + agent.id() + "/ack", agent.token(), Map.of("version", 1, "status", "ACK"));
        Map<String, Object> done = api.get("/v1/rollouts/" + id, admin).json();
        assertThat(done).containsEntry("state", "done").containsEntry("stage", 1L).containsEntry("percentage", 100L);
        assertThat((Map<String, Object>) done.get("agents")).containsEntry("targeted", 1L).containsEntry("applied", 1L);

        Api.Resp second = Planes.push(api, admin, "orders", Planes.policy("observe"), Map.of("stages", List.of(0, 100), "stageSeconds", 1));
        String secondId = (String) ((Map<String, Object>) second.json().get("rollout")).get("id");
        assertThat(api.post("/v1/rollouts/" + secondId + "/abort", admin, Map.of()).json()).containsEntry("state", "aborted");
        Thread.sleep(1500);
        assertThat(api.get("/v1/agents/" + agent.id() + "/snapshot?applied=1", agent.token()).status()).as("aborted: never reaches more agents").isEqualTo(204);
        assertThat(api.post("/v1/rollouts/" + secondId + "/resume", admin, Map.of()).status()).isEqualTo(409);
        // The finished first rollout, superseded by the second version, still tells what it reached.
        Map<String, Object> superseded = api.get("/v1/rollouts/" + id, admin).json();
        assertThat(superseded).containsEntry("state", "done").containsEntry("supersededBy", 2L);
        assertThat((Map<String, Object>) superseded.get("answered")).containsEntry("applied", 1L).containsEntry("failed", 0L);
        assertThat(api.get("/v1/rollouts/" + secondId, admin).json()).containsEntry("supersededBy", null);
        String audit = api.get("/v1/audit", admin).body();
        assertThat(audit).contains("rollout.pause", "rollout.resume", "rollout.advance", "rollout.abort");
        assertThat(api.get("/v1/rollouts/ro-nope", admin).status()).isEqualTo(404);
    }

    @Test
    void a_nack_pauses_a_staged_rollout_with_the_reason() throws Exception {
        Planes.Agent agent = Planes.enrol(api, Planes.enrolToken(api, admin, "orders"), "orders", "orders-1", Map.of());
        Api.Resp pushed = Planes.push(api, admin, "orders", Planes.policy("block"), Map.of("stages", List.of(100, 100), "stageSeconds", 60));
        @SuppressWarnings("unchecked")
        String id = (String) ((Map<String, Object>) pushed.json().get("rollout")).get("id");
        assertThat(api.get("/v1/agents/" + agent.id() + "/snapshot?applied=0", agent.token()).status()).isEqualTo(200);
        api.post("/v1/agents/" + agent.id() + "/ack", agent.token(), Map.of("version", 1, "status", "NACK", "error", "unknown rule x"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> "paused".equals(api.get("/v1/rollouts/" + id, admin).json().get("state")));
        assertThat((String) api.get("/v1/rollouts/" + id, admin).json().get("reason")).contains("unknown rule x").contains(agent.id());
    }
}
