package secplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.server.keys.SigningKey;

/** Roles, tokens, bundles and the audit trail of the operator API. */
class OperatorApiTest {
    @TempDir
    Path data;
    ControlPlane plane;
    Api api;
    String admin;

    @BeforeEach
    void start() {
        plane = ControlPlane.start(Planes.config(data));
        api = new Api(plane.port());
        admin = plane.bootstrapToken().orElseThrow();
    }

    @AfterEach
    void stop() {
        plane.close();
    }

    @Test
    void roles_are_enforced_viewer_below_operator_below_admin() {
        String viewer = Planes.operatorToken(api, admin, "viewer");
        String operator = Planes.operatorToken(api, admin, "operator");
        assertThat(api.get("/v1/agents", viewer).status()).isEqualTo(200);
        assertThat(api.get("/v1/policies", viewer).status()).isEqualTo(200);
        assertThat(api.get("/v1/events", viewer).status()).isEqualTo(200);
        assertThat(api.get("/v1/keys", viewer).status()).isEqualTo(200);
        Api.Resp denied = Planes.push(api, viewer, "orders", Planes.policy("block"), null);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.message()).contains("needs the role operator").contains("has viewer");
        assertThat(Planes.push(api, operator, "orders", Planes.policy("block"), null).status()).isEqualTo(201);
        assertThat(api.post("/v1/tokens", operator, Map.of("kind", "operator", "role", "admin")).status()).isEqualTo(403);
        assertThat(api.get("/v1/audit", operator).status()).isEqualTo(403);
        assertThat(api.get("/v1/tokens", operator).status()).isEqualTo(403);
        assertThat(api.get("/v1/audit", admin).status()).isEqualTo(200);
        String enrol = Planes.enrolToken(api, admin, "orders");
        assertThat(api.get("/v1/agents", enrol).status()).isEqualTo(403);
    }

    @Test
    void missing_unknown_revoked_and_expired_tokens_get_401() throws Exception {
        assertThat(api.get("/v1/agents", null).status()).isEqualTo(401);
        assertThat(api.get("/v1/agents", "sp_op_not-a-real-token").message()).contains("unknown token");
        assertThat(api.get("/v1/agents", "hello").status()).isEqualTo(401);

        Api.Resp created = api.post("/v1/tokens", admin, Map.of("kind", "operator", "role", "viewer", "expiresInSeconds", 1));
        String expiring = (String) created.json().get("token");
        assertThat(api.get("/v1/agents", expiring).status()).isEqualTo(200);
        Thread.sleep(1100);
        Api.Resp expired = api.get("/v1/agents", expiring);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.message()).contains("expired");

        Api.Resp other = api.post("/v1/tokens", admin, Map.of("kind", "operator", "role", "viewer"));
        String id = (String) other.json().get("id");
        assertThat(api.delete("/v1/tokens/" + id, admin).status()).isEqualTo(200);
        Api.Resp revoked = api.get("/v1/agents", (String) other.json().get("token"));
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.message()).contains("revoked");
        assertThat(api.delete("/v1/tokens/tk-unknown", admin).status()).isEqualTo(404);
    }

    @SuppressWarnings("unchecked")
    @Test
    void tokens_are_shown_once_stored_as_hashes_and_their_changes_audited() throws Exception {
        Api.Resp created = api.post("/v1/tokens", admin, Map.of("kind", "enrol", "service", "orders", "name", "orders enrolment"));
        assertThat(created.status()).isEqualTo(201);
        String token = (String) created.json().get("token");
        assertThat(token).startsWith("sp_en_");
        String listed = api.get("/v1/tokens", admin).body();
        assertThat(listed).doesNotContain(token).contains((String) created.json().get("id"));
        // Nothing in the data directory (H2 files included) holds the token itself.
        try (var files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(token).doesNotContain(admin);
            }
        }
        List<Object> entries = (List<Object>) api.get("/v1/audit?action=token.create", admin).json().get("entries");
        assertThat(entries).hasSize(2); // the bootstrap admin and this one
        assertThat((Map<String, Object>) ((Map<String, Object>) entries.get(0)).get("after")).containsEntry("service", "orders").doesNotContainKey("token");
    }

    @Test
    void the_signing_key_file_is_owner_only_and_the_bootstrap_token_is_made_once() throws IOException {
        Path key = data.resolve(SigningKey.FILE);
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String publicKey = plane.publicKey();
        plane.close();
        plane = ControlPlane.start(Planes.config(data));
        api = new Api(plane.port());
        assertThat(plane.bootstrapToken()).isEmpty();
        assertThat(plane.publicKey()).isEqualTo(publicKey);
        assertThat(api.get("/v1/agents", admin).status()).isEqualTo(200);
    }

    @SuppressWarnings("unchecked")
    @Test
    void a_bundle_is_uploaded_named_in_a_snapshot_downloaded_by_sha256_and_deleted_once_unused() throws Exception {
        byte[] jar = aspectJar("canary", "2.0.0");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
        Api.Resp up = api.postRaw("/v1/bundles", admin, "application/java-archive", jar);
        assertThat(up.status()).as(up.toString()).isEqualTo(201);
        assertThat(up.json()).containsEntry("id", "canary").containsEntry("version", "2.0.0").containsEntry("sha256", sha);
        assertThat(api.postRaw("/v1/bundles", admin, "application/java-archive", "not a jar".getBytes()).status()).isEqualTo(400);

        Planes.Agent agent = Planes.enrol(api, Planes.enrolToken(api, admin, "orders"), "orders", "o-1", Map.of());
        Api.Resp pushed = api.post("/v1/policies", admin, Map.of("service", "orders", "policy", Map.of(), "bundles", List.of("canary")));
        assertThat(pushed.status()).as(pushed.toString()).isEqualTo(201);
        Api.Resp poll = api.get("/v1/agents/" + agent.id() + "/snapshot?applied=0", agent.token());
        Map<String, Object> bundle = (Map<String, Object>) ((List<Object>) ((Map<String, Object>) poll.json().get("snapshot")).get("bundles")).get(0);
        assertThat(bundle).containsEntry("id", "canary").containsEntry("sha256", sha).containsEntry("size", (long) jar.length);
        Api.Resp download = api.get("/v1/bundles/" + sha, agent.token());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.bytes()).isEqualTo(jar);
        assertThat(api.get("/v1/bundles/" + "0".repeat(64), agent.token()).status()).isEqualTo(404);

        Api.Resp inUse = api.delete("/v1/bundles/canary", admin);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.message()).contains("orders v1");
        api.post("/v1/policies", admin, Map.of("service", "orders", "policy", Map.of()));
        assertThat(api.delete("/v1/bundles/canary", admin).status()).isEqualTo(200);
        assertThat(api.get("/v1/bundles/" + sha, agent.token()).status()).isEqualTo(404);
        assertThat(api.get("/v1/audit?target=bundle/canary", admin).body()).contains("bundle.upload").contains("bundle.delete");
    }

    @Test
    void an_agent_silent_for_three_heartbeats_is_stale() throws Exception {
        plane.close();
        plane = ControlPlane.start(Planes.config(data).withHeartbeatSeconds(1));
        api = new Api(plane.port());
        Planes.Agent agent = Planes.enrol(api, Planes.enrolToken(api, admin, "orders"), "orders", "o-1", Map.of());
        assertThat(Planes.agentStatus(api, admin, agent.id())).containsEntry("state", "applied").containsEntry("targetVersion", 0L);
        Thread.sleep(3200);
        assertThat(Planes.agentStatus(api, admin, agent.id())).containsEntry("state", "stale");
        api.post("/v1/agents/" + agent.id() + "/heartbeat", agent.token(), Map.of());
        assertThat(Planes.agentStatus(api, admin, agent.id())).containsEntry("state", "applied");
    }

    static byte[] aspectJar(String id, String version) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Secplane-Aspect-Id", id);
        m.getMainAttributes().putValue("Secplane-Aspect-Version", version);
        m.getMainAttributes().putValue("Secplane-Aspect-Class", "com.example.CanaryAspect");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.putNextEntry(new JarEntry("com/example/CanaryAspect.class"));
            jar.write(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe});
            jar.closeEntry();
        }
        return out.toByteArray();
    }
}
