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

/** Every class of bad input gets a precise 4xx with {error, message}, and nothing half-stored. */
class BadInputTest {
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

    private void noPolicyStored() {
        assertThat(api.get("/v1/policies", admin).json().get("policies")).isEqualTo(List.of());
    }

    @Test
    void malformed_json_names_line_and_column() {
        Api.Resp r = api.post("/v1/policies", admin, "{\"service\": \"orders\",\n \"policy\": {\"mode\": }}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("malformed-json");
        assertThat(r.message()).contains("2:");
        assertThat(api.post("/v1/policies", admin, "").error()).isEqualTo("bad-request");
        assertThat(api.post("/v1/policies", admin, "[1]").message()).contains("JSON object");
        noPolicyStored();
    }

    @Test
    void unknown_fields_are_errors_at_every_level() {
        Api.Resp top = api.post("/v1/policies", admin, Map.of("service", "orders", "policy", Map.of(), "targett", Map.of()));
        assertThat(top.status()).isEqualTo(400);
        assertThat(top.error()).isEqualTo("unknown-field");
        assertThat(top.message()).contains("/targett").contains("line 1");
        Api.Resp inPolicy = api.post("/v1/policies", admin, Map.of("service", "orders", "policy", Map.of("mod", "block")));
        assertThat(inPolicy.message()).contains("/policy/mod").contains("unknown field");
        Api.Resp inTarget = api.post("/v1/policies", admin, Map.of("service", "orders", "policy", Map.of(), "target", Map.of("percent", 5)));
        assertThat(inTarget.message()).contains("/target/percent");
        noPolicyStored();
    }

    @Test
    void wrong_types_and_values_say_what_is_accepted() {
        Api.Resp mode = api.post("/v1/policies", admin, Map.of("service", "orders", "policy", Map.of("mode", "blok")));
        assertThat(mode.status()).isEqualTo(400);
        assertThat(mode.message()).contains("/policy/mode").contains("'blok'").contains("off, observe, block");
        Api.Resp type = api.post("/v1/policies", admin, Map.of("service", "orders", "policy", Map.of("aspects", List.of())));
        assertThat(type.message()).contains("/policy/aspects").contains("expected an object, got an array");
        Api.Resp pct = api.post("/v1/policies", admin, Map.of("service", "orders", "policy", Map.of(), "target", Map.of("percentage", 101)));
        assertThat(pct.message()).contains("/target/percentage").contains("out of range");
        Api.Resp service = api.post("/v1/policies", admin, Map.of("service", "a b", "policy", Map.of()));
        assertThat(service.message()).contains("not a service name");
        Api.Resp missing = api.post("/v1/policies", admin, Map.of("service", "orders"));
        assertThat(missing.message()).contains("/policy: missing");
        Api.Resp bundle = api.post("/v1/policies", admin, Map.of("service", "orders", "policy", Map.of(), "bundles", List.of("nope")));
        assertThat(bundle.message()).contains("no uploaded bundle 'nope'");
        Api.Resp wait = api.get("/v1/agents/ag-x/snapshot?wait=61", admin);
        assertThat(wait.status()).isEqualTo(400);
        assertThat(api.get("/v1/events?from=yesterday", admin).message()).contains("not a time");
        assertThat(api.get("/v1/events/counts?by=host", admin).message()).contains("expected rule, service, verdict or type");
        noPolicyStored();
    }

    @Test
    void oversized_bodies_get_413_and_wrong_content_types_415() {
        String big = "{\"service\":\"orders\",\"policy\":{\"version\":\"" + "x".repeat(1 << 20) + "\"}}";
        Api.Resp r = api.post("/v1/policies", admin, big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.error()).isEqualTo("too-large");
        Api.Resp type = api.postRaw("/v1/policies", admin, "text/plain", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(type.status()).isEqualTo(415);
        noPolicyStored();
    }

    @Test
    void unknown_resources_and_endpoints_get_404_with_the_error_body() {
        assertThat(api.get("/v1/policies/7?service=orders", admin).status()).isEqualTo(404);
        Api.Resp endpoint = api.get("/v1/nothing-here", admin);
        assertThat(endpoint.status()).isEqualTo(404);
        assertThat(endpoint.error()).isEqualTo("not-found");
        Api.Resp rollback = api.post("/v1/policies/rollback", admin, Map.of("service", "orders"));
        assertThat(rollback.status()).isEqualTo(409);
        assertThat(rollback.message()).contains("needs a previous one");
    }

    @Test
    void an_unsupported_protocol_version_is_refused_naming_the_one_spoken() {
        Api.Resp r = api.send(api.request("/v1/agents/enroll", Planes.enrolToken(api, admin, "orders")).setHeader("Secplane-Protocol", "2")
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"service\":\"orders\",\"instanceId\":\"x\"}")).build());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("unsupported-protocol");
        assertThat(r.message()).contains("speaks Secplane-Protocol 1");
    }

    @Test
    void a_bad_ack_is_refused() {
        Planes.Agent agent = Planes.enrol(api, Planes.enrolToken(api, admin, "orders"), "orders", "o-1", Map.of());
        Api.Resp nackWithoutReason = api.post("/v1/agents/" + agent.id() + "/ack", agent.token(), Map.of("version", 1, "status", "NACK"));
        assertThat(nackWithoutReason.status()).isEqualTo(400);
        assertThat(nackWithoutReason.message()).contains("must say why");
        assertThat(api.post("/v1/agents/" + agent.id() + "/ack", agent.token(), Map.of("version", 1, "status", "OK")).message()).contains("ACK, NACK");
        assertThat(api.post("/v1/agents/" + agent.id() + "/ack", agent.token(), Map.of("version", 9, "status", "ACK")).status()).isEqualTo(404);
    }
}
