package secplane.server.policies;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import secplane.protocol.json.Json;
import secplane.server.http.ApiError;
import secplane.server.http.JsonBody;

/**
 * Which agents of a service a snapshot is for: all of {@code labels} must match, the instance must
 * be listed when {@code instances} is not empty, and the agent must fall in the first
 * {@code percentage} of 100 buckets by a stable hash of its agent id (so a 10% canary reaches the
 * same agents every time and a raise from 10 to 50 only adds agents).
 */
public record Target(Map<String, String> labels, List<String> instances, int percentage) {
    public static final Target ALL = new Target(Map.of(), List.of(), 100);

    /** A push's {@code target}: the filters, and the stages when the push is a staged rollout. */
    public record Request(Target target, List<Long> stages, long stageSeconds) {
    }

    public static Request from(JsonBody body) {
        if (body == null) {
            return new Request(ALL, List.of(), 0);
        }
        Map<String, String> labels = body.stringMap("labels", 32, 200);
        List<String> instances = body.stringList("instances", 10_000, 200);
        Long pct = body.integer("percentage", false, 0, 100);
        List<Object> rawStages = body.list("stages", false, 10);
        Long stageSeconds = body.integer("stageSeconds", false, 1, 7L * 24 * 3600);
        List<Long> stages = new java.util.ArrayList<>();
        if (rawStages != null) {
            if (pct != null) {
                throw ApiError.invalid(body.pointerOf("stages") + ": give either percentage or stages, not both");
            }
            if (rawStages.isEmpty()) {
                throw ApiError.invalid(body.pointerOf("stages") + ": name at least one stage, e.g. [1, 10, 100]");
            }
            long previous = -1;
            for (Object o : rawStages) {
                if (!(o instanceof Long n) || n < 0 || n > 100 || n < previous) {
                    throw ApiError.invalid(body.pointerOf("stages") + ": stages are percentages from 0 to 100, none below the one before, e.g. [1, 10, 100]");
                }
                stages.add(n);
                previous = n;
            }
        } else if (stageSeconds != null) {
            throw ApiError.invalid(body.pointerOf("stageSeconds") + ": only meaningful with stages");
        }
        body.done();
        return new Request(new Target(labels, instances, pct == null ? 100 : pct.intValue()), stages, stageSeconds == null ? 300 : stageSeconds);
    }

    public Target withPercentage(int p) {
        return new Target(labels, instances, p);
    }

    @SuppressWarnings("unchecked")
    public static Target parse(String json) {
        Map<String, Object> m = (Map<String, Object>) Json.parse(json);
        return new Target((Map<String, String>) (Map<?, ?>) m.get("labels"), (List<String>) (List<?>) m.get("instances"),
                ((Long) m.get("percentage")).intValue());
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labels", labels);
        m.put("instances", instances);
        m.put("percentage", percentage);
        return m;
    }

    public boolean matches(String agentId, String instanceId, Map<String, String> agentLabels) {
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!e.getValue().equals(agentLabels.get(e.getKey()))) {
                return false;
            }
        }
        if (!instances.isEmpty() && !instances.contains(instanceId)) {
            return false;
        }
        return percentage >= 100 || bucket(agentId) < percentage;
    }

    /** 0..99 from the first four bytes of SHA-256(agentId). */
    static int bucket(String agentId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(agentId.getBytes(StandardCharsets.UTF_8));
            long v = ((d[0] & 0xffL) << 24) | ((d[1] & 0xffL) << 16) | ((d[2] & 0xffL) << 8) | (d[3] & 0xffL);
            return (int) (v % 100);
        } catch (NoSuchAlgorithmException e) {
            throw new ApiError(500, "internal", "SHA-256 unavailable");
        }
    }
}
