package secplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.protocol.json.Json;

/** Inventory, advisories, exposure and the virtual-patch workflow of the control plane, over HTTP. */
class EmergencyResponseTest {
    @TempDir
    Path data;
    ControlPlane plane;
    Api api;
    String admin;
    Planes.Agent vulnerable;
    Planes.Agent fixed;
    Planes.Agent shaded;

    @BeforeEach
    void start() {
        plane = ControlPlane.start(Planes.config(data));
        api = new Api(plane.port());
        admin = plane.bootstrapToken().orElseThrow();
        vulnerable = Planes.enrol(api, Planes.enrolToken(api, admin, "orders"), "orders", "orders-1", Map.of());
        fixed = Planes.enrol(api, Planes.enrolToken(api, admin, "orders"), "orders", "orders-2", Map.of());
        shaded = Planes.enrol(api, Planes.enrolToken(api, admin, "billing"), "billing", "billing-1", Map.of());
        assertThat(api.inventory(vulnerable.id(), vulnerable.token(), inventory(1, "log4j-core", "org.apache.logging.log4j", "2.14.1", "pom.properties")).status()).isEqualTo(200);
        assertThat(api.inventory(fixed.id(), fixed.token(), inventory(1, "log4j-core", "org.apache.logging.log4j", "2.17.1", "pom.properties")).status()).isEqualTo(200);
        assertThat(api.inventory(shaded.id(), shaded.token(), inventory(1, "log4j-core", "org.apache.logging.log4j", null, "shaded")).status()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        plane.close();
    }

    static Map<String, Object> inventory(long version, String artifact, String group, String v, String source) {
        Map<String, Object> comp = new java.util.LinkedHashMap<>();
        comp.put("group", group);
        comp.put("artifact", artifact);
        comp.put("version", v);
        comp.put("source", source);
        return Map.of("inventoryVersion", version, "collectedAt", "2026-11-29T20:00:00.000Z",
                "jdk", Map.of("vendor", "Eclipse Adoptium", "version", "17.0.15", "runtime", "OpenJDK Runtime Environment", "home", "/opt/jdk"),
                "jars", List.of(Map.of("path", "/srv/app/lib/" + artifact + ".jar", "kind", "jar", "size", 1_745_701,
                                "sha256", "a".repeat(64), "components", List.of(comp)),
                        Map.of("path", "/srv/app/classes", "kind", "dir", "components", List.of())));
    }

    @SuppressWarnings("unchecked")
    @Test
    void inventories_are_stored_newest_first_listed_and_exported_as_cyclonedx() {
        Api.Resp list = api.get("/v1/inventory?service=orders", admin);
        assertThat(list.status()).isEqualTo(200);
        List<Map<String, Object>> agents = (List<Map<String, Object>>) list.json().get("agents");
        assertThat(agents).extracting(a -> a.get("instanceId")).containsExactly("orders-1", "orders-2");
        Map<String, Object> jar = ((List<Map<String, Object>>) agents.get(0).get("jars")).get(0);
        assertThat(jar).containsEntry("sha256", "a".repeat(64)).containsEntry("size", 1_745_701L);
        assertThat((List<Object>) jar.get("components")).containsExactly(Map.of("group", "org.apache.logging.log4j", "artifact", "log4j-core",
                "version", "2.14.1", "source", "pom.properties"));

        // A malformed upload is refused with its pointer and changes nothing.
        Map<String, Object> bad = new java.util.HashMap<>(inventory(2, "log4j-core", "org.apache.logging.log4j", "2.17.1", "pom.properties"));
        bad.put("jars", List.of(Map.of("path", "/x.jar", "kind", "jar", "sha256", "not-a-hash", "components", List.of())));
        Api.Resp refused = api.inventory(vulnerable.id(), vulnerable.token(), bad);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.message()).contains("/jars/0/sha256");
        assertThat(api.get("/v1/inventory?service=orders&instance=orders-1&component=org.apache.logging.log4j:log4j-core", admin).body()).contains("2.14.1");
        // An agent may report only its own inventory.
        assertThat(api.inventory(vulnerable.id(), fixed.token(), inventory(3, "x", "g", "1", "filename")).status()).isEqualTo(403);
        // The heartbeat answer tells the agent what is stored; every upload replaces it (a restarted agent counts from 1 again).
        assertThat(api.post("/v1/agents/" + vulnerable.id() + "/heartbeat", vulnerable.token(), Map.of("inventoryVersion", 1)).json()).containsEntry("inventoryVersion", 1L);
        assertThat(api.inventory(fixed.id(), fixed.token(), inventory(1, "log4j-core", "org.apache.logging.log4j", "2.17.0", "pom.properties")).json())
                .containsEntry("stored", true);
        assertThat(api.get("/v1/inventory?instance=orders-2", admin).body()).contains("2.17.0").doesNotContain("2.17.1");

        Api.Resp bom = api.get("/v1/inventory/" + vulnerable.id() + "/cyclonedx", admin);
        assertThat(bom.status()).isEqualTo(200);
        Map<String, Object> b = bom.json();
        assertThat(b).containsEntry("bomFormat", "CycloneDX").containsEntry("specVersion", "1.5");
        assertThat(bom.body()).contains("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
    }

    @SuppressWarnings("unchecked")
    @Test
    void exposure_names_the_instances_with_their_evidence_and_an_unknown_version_as_possible() {
        Api.Resp r = api.get("/v1/exposure/CVE-2021-44228", admin);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<Map<String, Object>> exposed = (List<Map<String, Object>>) r.json().get("exposed");
        assertThat(exposed).extracting(e -> e.get("instanceId")).containsExactly("billing-1", "orders-1");
        Map<String, Object> ev = ((List<Map<String, Object>>) exposed.get(1).get("evidence")).get(0);
        assertThat(ev).containsEntry("jar", "/srv/app/lib/log4j-core.jar").containsEntry("verdict", "affected")
                .containsEntry("component", "org.apache.logging.log4j:log4j-core:2.14.1");
        assertThat(((List<Map<String, Object>>) exposed.get(0).get("evidence")).get(0)).containsEntry("verdict", "version-unknown");
        // The alias finds it too; 2.17.1 is not exposed to CVE-2021-44832 either (fixed in 2.17.1).
        assertThat(api.get("/v1/exposure/GHSA-jfh8-c2jp-5v3q", admin).status()).isEqualTo(200);
        assertThat((List<Object>) api.get("/v1/exposure/CVE-2021-44832", admin).json().get("exposed")).hasSize(2);
        assertThat(api.get("/v1/exposure/CVE-1999-0001", admin).status()).isEqualTo(404);
        assertThat(api.get("/v1/exposure", admin).body()).contains("CVE-2021-44228");
    }

    @SuppressWarnings("unchecked")
    @Test
    void an_imported_advisory_file_exposes_and_a_malformed_one_is_refused_whole_with_the_field_at_fault() {
        String good = """
                {"schema_version": "1.6.0", "id": "ACME-2026-0001", "modified": "2026-11-01T00:00:00Z", "summary": "acme widget RCE",
                 "affected": [{"package": {"ecosystem": "Maven", "name": "org.apache.logging.log4j:log4j-core"},
                   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.17.0"}, {"fixed": "2.18.0"}]}]}]}
                """;
        Api.Resp ok = api.postRaw("/v1/advisories?name=acme.json", admin, "application/json", good.getBytes(StandardCharsets.UTF_8));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
        assertThat((List<Object>) api.get("/v1/exposure/ACME-2026-0001", admin).json().get("exposed")).hasSize(2); // 2.17.1 and the shaded copy
        // The import time is told with the advisory (the start of its exposure in the compliance report); built-in ones have none.
        Map<String, Object> imported = ((List<Map<String, Object>>) api.get("/v1/advisories?q=ACME-2026-0001", admin).json().get("advisories")).get(0);
        assertThat(imported).containsEntry("source", "acme.json").containsEntry("importedAt", ok.json().get("importedAt"));
        assertThat(((List<Map<String, Object>>) api.get("/v1/advisories?q=CVE-2021-44228", admin).json().get("advisories")).get(0)).containsEntry("importedAt", null);

        String bad = "[" + good + ", {\"id\": \"ACME-2026-0002\", \"modified\": \"2026-11-01T00:00:00Z\", \"affected\": [{\"package\": "
                + "{\"ecosystem\": \"Maven\", \"name\": \"g:a\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"1\", \"fixed\": \"2\"}]}]}]}]";
        Api.Resp refused = api.postRaw("/v1/advisories?name=bad.json", admin, "application/json", bad.getBytes(StandardCharsets.UTF_8));
        assertThat(refused.status()).isEqualTo(422);
        Map<String, Object> problem = ((List<Map<String, Object>>) refused.json().get("problems")).get(0);
        assertThat(problem).containsEntry("entry", 1L).containsEntry("entryId", "ACME-2026-0002");
        assertThat((String) problem.get("pointer")).startsWith("/affected/0/ranges/0/events/0");
        assertThat(api.get("/v1/advisories?q=ACME-2026-0002", admin).json().get("advisories")).isEqualTo(List.of());
        assertThat(api.postRaw("/v1/advisories?name=x.json", admin, "application/json", "{not json".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(422);
        // Viewers may read, not import.
        String viewer = Planes.operatorToken(api, admin, "viewer");
        assertThat(api.postRaw("/v1/advisories?name=v.json", viewer, "application/json", good.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(403);
        assertThat(api.get("/v1/advisories?q=CVE-2022-42889", viewer).body()).contains("commons-text");
    }

    @SuppressWarnings("unchecked")
    @Test
    void a_patch_reaches_exactly_the_exposed_instances_confirms_travels_with_later_pushes_and_reverts() {
        Api.Resp applied = api.post("/v1/patches/apply", admin, Map.of("patch", "log4shell", "to", "exposed:CVE-2021-44228"));
        assertThat(applied.status()).as(applied.toString()).isEqualTo(201);
        List<Map<String, Object>> services = (List<Map<String, Object>>) applied.json().get("services");
        assertThat(services).extracting(s -> s.get("service")).containsExactly("billing", "orders");
        assertThat(services.get(1).get("instances")).isEqualTo(List.of("orders-1"));

        Api.Resp snap = api.get("/v1/agents/" + vulnerable.id() + "/snapshot?applied=0&wait=0", vulnerable.token());
        assertThat(snap.status()).isEqualTo(200);
        Map<String, Object> policy = (Map<String, Object>) ((Map<String, Object>) snap.json().get("snapshot")).get("policy");
        Map<String, Object> patch = ((List<Map<String, Object>>) policy.get("patches")).get(0);
        assertThat(patch).containsEntry("class", "org.apache.logging.log4j.core.lookup.JndiLookup").containsEntry("action", "return")
                .containsEntry("instances", List.of("orders-1")).containsEntry("set", "log4shell");
        assertThat(api.get("/v1/agents/" + fixed.id() + "/snapshot?applied=0&wait=0", fixed.token()).status()).isEqualTo(204);

        Map<String, Object> status = api.get("/v1/patches/log4shell/status", admin).json();
        assertThat(status).containsEntry("targeted", 2L).containsEntry("pending", 2L);
        long version = ((Number) ((Map<String, Object>) snap.json().get("snapshot")).get("version")).longValue();
        assertThat(api.post("/v1/agents/" + vulnerable.id() + "/ack", vulnerable.token(), Map.of("version", version, "status", "ACK",
                "patches", List.of(Map.of("id", "log4shell-jndi-lookup", "state", "active", "classes", 1, "detail", "woven in 1 class", "retransformMillis", 12)))).status()).isEqualTo(200);
        assertThat(api.post("/v1/agents/" + shaded.id() + "/ack", shaded.token(), Map.of("version", 1, "status", "NACK",
                "error", "/patches/0/class: org.apache.logging.log4j.core.lookup.JndiLookup is not in this JVM; nothing was changed")).status()).isEqualTo(200);
        status = api.get("/v1/patches/log4shell/status", admin).json();
        assertThat(status).containsEntry("targeted", 2L).containsEntry("active", 1L).containsEntry("failed", 1L);

        // A later ordinary push keeps the patch in force; the audit trail has the apply.
        assertThat(Planes.push(api, admin, "orders", Planes.policy("block"), null).status()).isEqualTo(201);
        assertThat(api.get("/v1/policies?service=orders&limit=1", admin).body()).contains("log4shell-jndi-lookup");
        assertThat(api.get("/v1/audit?action=patch.apply", admin).body()).contains("exposed:CVE-2021-44228");

        Api.Resp reverted = api.post("/v1/patches/revert", admin, Map.of("patch", "log4shell"));
        assertThat(reverted.status()).as(reverted.toString()).isEqualTo(201);
        assertThat(api.get("/v1/policies?service=orders&limit=1", admin).body()).doesNotContain("log4shell-jndi-lookup");
        assertThat(api.get("/v1/audit?action=patch.revert", admin).body()).contains("log4shell");
        assertThat(api.post("/v1/patches/revert", admin, Map.of("patch", "log4shell")).status()).isEqualTo(404);
    }

    @SuppressWarnings("unchecked")
    @Test
    void exposure_pages_its_instances_and_the_burn_down_follows_when_each_instance_ran_the_patch() throws Exception {
        Api.Resp first = api.get("/v1/exposure/CVE-2021-44228?limit=1", admin);
        assertThat(first.json()).containsEntry("total", 2L).containsEntry("mitigated", 0L);
        Api.Resp second = api.get("/v1/exposure/CVE-2021-44228?limit=1&offset=1", admin);
        assertThat(((List<Map<String, Object>>) first.json().get("exposed"))).extracting(e -> e.get("instanceId")).containsExactly("billing-1");
        assertThat(((List<Map<String, Object>>) second.json().get("exposed"))).extracting(e -> e.get("instanceId")).containsExactly("orders-1");
        assertThat(((List<Object>) api.get("/v1/exposure/CVE-2021-44228?service=orders", admin).json().get("exposed"))).hasSize(1);
        Api.Resp overview = api.get("/v1/exposure?limit=1", admin);
        assertThat((List<Object>) overview.json().get("advisories")).hasSize(1);
        assertThat((Long) overview.json().get("total")).isGreaterThanOrEqualTo(1L);

        Map<String, Object> before = api.get("/v1/exposure/CVE-2021-44228/burndown?bucket=day", admin).json();
        assertThat(before).containsEntry("total", 2L).containsEntry("bucket", "day");
        assertThat((List<Map<String, Object>>) before.get("points")).hasSizeBetween(7, 8)
                .allSatisfy(p -> assertThat(p).containsEntry("exposed", 2L).containsEntry("mitigated", 0L));

        Api.Resp applied = api.post("/v1/patches/apply", admin, Map.of("patch", "log4shell", "to", "exposed:CVE-2021-44228"));
        assertThat(applied.status()).as(applied.toString()).isEqualTo(201);
        long version = ((Number) ((Map<String, Object>) api.get("/v1/agents/" + vulnerable.id() + "/snapshot?applied=0&wait=0", vulnerable.token())
                .json().get("snapshot")).get("version")).longValue();
        long beforeAck = System.currentTimeMillis();
        Map<String, Object> active = Map.of("id", "log4shell-jndi-lookup", "state", "active", "classes", 1, "detail", "woven in 1 class");
        assertThat(api.post("/v1/agents/" + vulnerable.id() + "/ack", vulnerable.token(), Map.of("version", version, "status", "ACK",
                "patches", List.of(active))).status()).isEqualTo(200);
        long afterAck = System.currentTimeMillis();
        Thread.sleep(50);
        // a heartbeat that reports the patch active again does not move the time it became active
        assertThat(api.post("/v1/agents/" + vulnerable.id() + "/heartbeat", vulnerable.token(), Map.of("appliedVersion", version, "patches", List.of(active))).status())
                .isEqualTo(200);

        assertThat(api.get("/v1/exposure/CVE-2021-44228", admin).json()).containsEntry("mitigated", 1L).containsEntry("total", 2L);
        List<Map<String, Object>> now = (List<Map<String, Object>>) api.get("/v1/exposure/CVE-2021-44228/burndown", admin).json().get("points");
        assertThat(now.get(0)).containsEntry("exposed", 2L).containsEntry("mitigated", 0L);
        assertThat(now.get(now.size() - 1)).containsEntry("exposed", 1L).containsEntry("mitigated", 1L);
        String justAfterAck = java.time.Instant.ofEpochMilli(afterAck + 1).toString();
        String justBeforeAck = java.time.Instant.ofEpochMilli(beforeAck - 1).toString();
        List<Map<String, Object>> atAck = (List<Map<String, Object>>) api.get("/v1/exposure/CVE-2021-44228/burndown?to=" + justAfterAck, admin).json().get("points");
        assertThat(atAck.get(atAck.size() - 1)).containsEntry("mitigated", 1L);
        List<Map<String, Object>> preAck = (List<Map<String, Object>>) api.get("/v1/exposure/CVE-2021-44228/burndown?to=" + justBeforeAck, admin).json().get("points");
        assertThat(preAck.get(preAck.size() - 1)).containsEntry("mitigated", 0L);

        // an agent that reports the patch failed is exposed again
        assertThat(api.post("/v1/agents/" + vulnerable.id() + "/heartbeat", vulnerable.token(), Map.of("appliedVersion", version,
                "patches", List.of(Map.of("id", "log4shell-jndi-lookup", "state", "failed", "detail", "self-check failed"))))).extracting(Api.Resp::status).isEqualTo(200);
        List<Map<String, Object>> after = (List<Map<String, Object>>) api.get("/v1/exposure/CVE-2021-44228/burndown", admin).json().get("points");
        assertThat(after.get(after.size() - 1)).containsEntry("exposed", 2L).containsEntry("mitigated", 0L);

        assertThat(api.get("/v1/exposure/CVE-2021-44228/burndown?bucket=week", admin).message()).contains("expected hour or day");
        assertThat(api.get("/v1/exposure/CVE-2021-44228/burndown?from=2026-11-30T00:00:00Z&to=2026-11-29T00:00:00Z", admin).status()).isEqualTo(400);
        assertThat(api.get("/v1/exposure/CVE-2099-0001/burndown", admin).status()).isEqualTo(404);
        assertThat(api.get("/v1/exposure/CVE-2021-44228?limit=5000", admin).status()).isEqualTo(400);
    }

    @SuppressWarnings("unchecked")
    @Test
    void a_reverted_patch_stops_mitigating_from_the_revert_on_in_the_counts_and_the_burn_down() throws Exception {
        assertThat(api.post("/v1/patches/apply", admin, Map.of("patch", "log4shell", "to", "exposed:CVE-2021-44228")).status()).isEqualTo(201);
        long version = ((Number) ((Map<String, Object>) api.get("/v1/agents/" + vulnerable.id() + "/snapshot?applied=0&wait=0", vulnerable.token())
                .json().get("snapshot")).get("version")).longValue();
        Map<String, Object> active = Map.of("id", "log4shell-jndi-lookup", "state", "active", "classes", 1, "detail", "woven in 1 class");
        assertThat(api.post("/v1/agents/" + vulnerable.id() + "/ack", vulnerable.token(), Map.of("version", version, "status", "ACK",
                "patches", List.of(active))).status()).isEqualTo(200);
        long whileActive = System.currentTimeMillis() + 1;
        Thread.sleep(20);
        assertThat(api.get("/v1/exposure/CVE-2021-44228", admin).json()).containsEntry("mitigated", 1L);

        long beforeRevert = System.currentTimeMillis();
        assertThat(api.post("/v1/patches/revert", admin, Map.of("patch", "log4shell")).status()).isEqualTo(201);
        // The agent applies the version without the patch and, as the protocol has it, reports only the entries it still holds.
        long reverted = ((Number) ((Map<String, Object>) api.get("/v1/agents/" + vulnerable.id() + "/snapshot?applied=" + version + "&wait=0", vulnerable.token())
                .json().get("snapshot")).get("version")).longValue();
        assertThat(reverted).isGreaterThan(version);
        assertThat(api.post("/v1/agents/" + vulnerable.id() + "/ack", vulnerable.token(), Map.of("version", reverted, "status", "ACK")).status()).isEqualTo(200);

        assertThat(api.get("/v1/exposure/CVE-2021-44228", admin).json()).containsEntry("mitigated", 0L).containsEntry("total", 2L);
        List<Map<String, Object>> points = (List<Map<String, Object>>) api.get("/v1/exposure/CVE-2021-44228/burndown", admin).json().get("points");
        assertThat(points.get(points.size() - 1)).containsEntry("exposed", 2L).containsEntry("mitigated", 0L);
        // the time it was in force still shows as mitigated
        String during = java.time.Instant.ofEpochMilli(Math.min(whileActive, beforeRevert)).toString();
        List<Map<String, Object>> then = (List<Map<String, Object>>) api.get("/v1/exposure/CVE-2021-44228/burndown?to=" + during, admin).json().get("points");
        assertThat(then.get(then.size() - 1)).containsEntry("exposed", 1L).containsEntry("mitigated", 1L);
    }

    @SuppressWarnings("unchecked")
    @Test
    void advisories_and_exposure_carry_the_severity_with_its_cvss_base_score_and_rating() {
        Map<String, Object> advisory = (Map<String, Object>) api.get("/v1/exposure/CVE-2021-44228", admin).json().get("advisory");
        assertThat(advisory).containsEntry("severityRating", "critical");
        assertThat(score(advisory)).isEqualTo(10.0);
        assertThat((List<Object>) advisory.get("severity")).contains(Map.of("type", "CVSS_V3", "score", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"));
        List<Map<String, Object>> overview = (List<Map<String, Object>>) api.get("/v1/exposure", admin).json().get("advisories");
        assertThat(overview).filteredOn(a -> "CVE-2021-44228".equals(a.get("id"))).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("severityRating", "critical")).satisfies(a -> assertThat(score(a)).isEqualTo(10.0));
        assertThat(overview).filteredOn(a -> "CVE-2021-45105".equals(a.get("id"))).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("severityRating", "medium")).satisfies(a -> assertThat(score(a)).isEqualTo(5.9));
        Map<String, Object> listed = ((List<Map<String, Object>>) api.get("/v1/advisories?q=CVE-2021-45046", admin).json().get("advisories")).get(0);
        assertThat(listed).containsEntry("severityRating", "critical");
        assertThat(score(listed)).isEqualTo(9.0);
    }

    private static double score(Map<String, Object> advisory) {
        return ((Number) advisory.get("severityScore")).doubleValue();
    }

    @SuppressWarnings("unchecked")
    @Test
    void a_patch_can_go_out_as_a_staged_rollout() {
        Api.Resp applied = api.post("/v1/patches/apply", admin, Map.of("patch", "log4shell", "to", "exposed:CVE-2021-44228",
                "rollout", Map.of("stages", List.of(50, 100), "stageSeconds", 60)));
        assertThat(applied.status()).as(applied.toString()).isEqualTo(201);
        Map<String, Object> orders = ((List<Map<String, Object>>) applied.json().get("services")).get(1);
        assertThat((Map<String, Object>) orders.get("rollout")).containsEntry("stages", List.of(50L, 100L)).containsEntry("state", "running");
        assertThat(api.get("/v1/rollouts?service=orders", admin).body()).contains("\"percentage\":50");
        // Only the stage's share of the exposed instances is targeted at first; the instances list itself comes from the exposure.
        assertThat(api.post("/v1/patches/apply", admin, Map.of("patch", "log4shell", "to", "service:orders",
                "rollout", Map.of("instances", List.of("x")))).status()).isEqualTo(400);
    }

    @Test
    void a_policy_rollback_after_a_patch_returns_to_the_version_without_it() {
        assertThat(Planes.push(api, admin, "orders", Planes.policy("observe"), null).status()).isEqualTo(201);
        assertThat(api.post("/v1/patches/apply", admin, Map.of("patch", "log4shell", "to", "service:orders")).status()).isEqualTo(201);
        assertThat(api.get("/v1/policies?service=orders&limit=1", admin).body()).contains("log4shell-jndi-lookup");
        assertThat(api.post("/v1/policies/rollback", admin, Map.of("service", "orders")).status()).isEqualTo(201);
        assertThat(api.get("/v1/policies?service=orders&limit=1", admin).body()).doesNotContain("log4shell-jndi-lookup").contains("\"patches\":[]");
    }

    @Test
    void bad_patch_requests_are_refused_before_anything_is_issued() {
        assertThat(api.post("/v1/patches/apply", admin, Map.of("patch", "no-such-patch", "to", "service:orders")).status()).isEqualTo(404);
        assertThat(api.post("/v1/patches/apply", admin, Map.of("patch", "log4shell", "to", "somewhere")).status()).isEqualTo(400);
        assertThat(api.post("/v1/patches/apply", admin, Map.of("patch", "log4shell", "to", "exposed:CVE-2022-42889")).status()).isEqualTo(409);
        Map<String, Object> inline = Map.of("id", "custom", "patches", List.of(Map.of("id", "p1", "class", "not a class", "method", "m", "action", "throw")));
        Api.Resp r = api.post("/v1/patches/apply", admin, Map.of("patch", inline, "to", "service:orders"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).contains("/patch/patches/0/class");
        Map<String, Object> badRegex = Map.of("service", "orders", "policy", Map.of("patches", List.of(Map.of("id", "p", "class", "a.B", "method", "m",
                "action", "block-if", "arg", 0, "matches", "(unclosed"))));
        assertThat(api.post("/v1/policies", admin, badRegex).status()).isEqualTo(400);
        assertThat(api.get("/v1/policies?service=orders", admin).body()).doesNotContain("\"version\":1");
        assertThat(Json.write(api.get("/v1/patches", admin).json())).contains("text4shell").contains("spring4shell");
    }
}
