package secplane.server;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Starting servers and the usual first steps, shared by the tests. */
final class Planes {
    private Planes() {
    }

    static ServerConfig config(Path data) {
        return ServerConfig.defaults(data).withPort(0);
    }

    record Agent(String id, String token) {
    }

    static String enrolToken(Api api, String admin, String service) {
        Api.Resp r = api.post("/v1/tokens", admin, Map.of("kind", "enrol", "service", service));
        if (r.status() != 201) {
            throw new AssertionError(r.toString());
        }
        return (String) r.json().get("token");
    }

    static String operatorToken(Api api, String admin, String role) {
        Api.Resp r = api.post("/v1/tokens", admin, Map.of("kind", "operator", "role", role, "name", role + "-test"));
        if (r.status() != 201) {
            throw new AssertionError(r.toString());
        }
        return (String) r.json().get("token");
    }

    static Agent enrol(Api api, String enrolToken, String service, String instanceId, Map<String, String> labels) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", service);
        body.put("instanceId", instanceId);
        body.put("host", "node-3");
        body.put("pid", 4242);
        body.put("jvm", "17.0.15 (Debian)");
        body.put("agentVersion", "0.1.0");
        body.put("labels", labels);
        Api.Resp r = api.post("/v1/agents/enroll", enrolToken, body);
        if (r.status() != 200) {
            throw new AssertionError(r.toString());
        }
        return new Agent((String) r.json().get("agentId"), (String) r.json().get("agentToken"));
    }

    static Api.Resp push(Api api, String token, String service, Map<String, Object> policy, Map<String, Object> target) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", service);
        body.put("policy", policy);
        if (target != null) {
            body.put("target", target);
        }
        return api.post("/v1/policies", token, body);
    }

    static Map<String, Object> policy(String mode) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("version", "test-" + mode);
        p.put("mode", mode);
        p.put("aspects", Map.of("jndi", Map.of("rules", Map.of("jndi.remote-lookup", "block"))));
        return p;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> agentStatus(Api api, String token, String agentId) {
        List<Object> agents = (List<Object>) api.get("/v1/agents", token).json().get("agents");
        return agents.stream().map(a -> (Map<String, Object>) a).filter(a -> a.get("agentId").equals(agentId)).findFirst()
                .orElseThrow(() -> new AssertionError("agent " + agentId + " not listed"));
    }
}
