package secplane.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import secplane.protocol.json.Json;
import secplane.server.ControlPlane;
import secplane.server.ServerConfig;

/**
 * A real control plane, in process on 127.0.0.1, filled only through its HTTP API as agents and operators
 * do: three services, four agents, policies, inventories, a virtual patch, blocks and data events.
 */
final class FilledPlane implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ControlPlane plane;
    final String base;
    final String admin;
    final String viewer;
    final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    record Agent(String id, String token) {
    }

    record Resp(int status, String body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> json() {
            return (Map<String, Object>) Json.parse(body);
        }
    }

    FilledPlane(Path data) {
        plane = ControlPlane.start(ServerConfig.defaults(data).withPort(0));
        base = "http://127.0.0.1:" + plane.port();
        admin = plane.bootstrapToken().orElseThrow();
        viewer = (String) ok(post("/v1/tokens", admin, Map.of("kind", "operator", "role", "viewer", "name", "auditor")), 201).json().get("token");
    }

    /**
     * orders (orders-1 on log4j 2.14.1, orders-2 on 2.17.1) and billing (billing-1 on 2.14.1) apply their newest
     * policy; crm-1 never polls, so crm is not covered: 2 of 3 services. The log4shell patch is applied to the
     * instances exposed to CVE-2021-44228 and confirmed active by orders-1 and billing-1; an imported advisory for
     * 2.17.0–2.18.0 exposes orders-2, which no patch set names (an open exposure).
     */
    @SuppressWarnings("unchecked")
    void fill() {
        Agent o1 = enrol("orders", "orders-1", "0.1.0", "17.0.15 (Debian)");
        Agent o2 = enrol("orders", "orders-2", "0.1.0", "21.0.5 (Eclipse Adoptium)");
        Agent b1 = enrol("billing", "billing-1", "0.1.1", "17.0.15 (Debian)");
        Agent c1 = enrol("crm", "crm-1", "0.1.1", "17.0.15 (Debian)");
        ok(inventory(o1, "2.14.1"), 200);
        ok(inventory(o2, "2.17.1"), 200);
        ok(inventory(b1, "2.14.1"), 200);
        ok(post("/v1/policies", admin, Map.of("service", "orders", "policy", policy("block"))), 201);
        ok(post("/v1/policies", admin, Map.of("service", "billing", "policy", policy("observe"))), 201);
        ok(post("/v1/policies", admin, Map.of("service", "crm", "policy", Map.of("version", "crm-1",
                "aspects", Map.of("data", Map.of("rules", Map.of("data.log-baseline", "observe", "data.response-mask", "block")))))), 201);
        String acme = """
                {"schema_version": "1.6.0", "id": "ACME-2026-0001", "modified": "2026-11-01T00:00:00Z", "summary": "acme widget RCE",
                 "affected": [{"package": {"ecosystem": "Maven", "name": "org.apache.logging.log4j:log4j-core"},
                   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.17.0"}, {"fixed": "2.18.0"}]}]}]}
                """;
        ok(send(request("/v1/advisories?name=acme.json", admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(acme)).build()), 201);
        ok(post("/v1/patches/apply", admin, Map.of("patch", "log4shell", "to", "exposed:CVE-2021-44228")), 201);
        for (Agent a : List.of(o1, o2, b1)) {
            Resp snap = ok(get("/v1/agents/" + a.id() + "/snapshot?applied=0&wait=0", a.token()), 200);
            long version = ((Number) ((Map<String, Object>) snap.json().get("snapshot")).get("version")).longValue();
            Map<String, Object> ack = new LinkedHashMap<>(Map.of("version", version, "status", "ACK"));
            if (a != o2) {
                ack.put("patches", List.of(Map.of("id", "log4shell-jndi-lookup", "state", "active", "classes", 1, "detail", "woven in 1 class",
                        "retransformMillis", 3)));
            }
            ok(post("/v1/agents/" + a.id() + "/ack", a.token(), ack), 200);
        }
        // blocks in the period, and one before it that the report must not count
        ok(events(o1, "b-1", String.join("\n", block("ev-jndi-1", now.minus(2, ChronoUnit.HOURS)), block("ev-jndi-2", now.minus(1, ChronoUnit.HOURS)),
                block("ev-jndi-old", now.minus(40, ChronoUnit.DAYS)))), 200);
        // data: two endpoints masked after 2 h and 1 h (closed, enforced), one logger still leaking (open)
        ok(events(c1, "d-1", String.join("\n",
                response("ev-d1", now.minus(5, ChronoUnit.HOURS), "/customers/1", "observe"),
                response("ev-d2", now.minus(3, ChronoUnit.HOURS), "/customers/2", "rewrite"),
                response("ev-d3", now.minus(10, ChronoUnit.HOURS), "/accounts/7", "observe"),
                response("ev-d4", now.minus(9, ChronoUnit.HOURS), "/accounts/8", "rewrite"),
                log("ev-d5", now.minus(1, ChronoUnit.HOURS)))), 200);
    }

    static Map<String, Object> policy(String mode) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("version", "test-" + mode);
        p.put("mode", mode);
        p.put("aspects", Map.of("jndi", Map.of("rules", Map.of("jndi.remote-lookup", "block"))));
        return p;
    }

    Agent enrol(String service, String instance, String agentVersion, String jvm) {
        String enrolToken = (String) ok(post("/v1/tokens", admin, Map.of("kind", "enrol", "service", service)), 201).json().get("token");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", service);
        body.put("instanceId", instance);
        body.put("host", "node-1");
        body.put("pid", 4242);
        body.put("jvm", jvm);
        body.put("agentVersion", agentVersion);
        body.put("labels", Map.of());
        Map<String, Object> r = ok(post("/v1/agents/enroll", enrolToken, body), 200).json();
        return new Agent((String) r.get("agentId"), (String) r.get("agentToken"));
    }

    Resp inventory(Agent a, String log4j) {
        Map<String, Object> comp = Map.of("group", "org.apache.logging.log4j", "artifact", "log4j-core", "version", log4j, "source", "pom.properties");
        Map<String, Object> inv = Map.of("inventoryVersion", 1, "collectedAt", now.toString(),
                "jdk", Map.of("vendor", "Eclipse Adoptium", "version", "17.0.15", "runtime", "OpenJDK Runtime Environment", "home", "/opt/jdk"),
                "jars", List.of(Map.of("path", "/srv/app/lib/log4j-core.jar", "kind", "jar", "size", 1_745_701, "sha256", "a".repeat(64),
                        "components", List.of(comp))));
        return send(request("/v1/agents/" + a.id() + "/inventory", a.token()).header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(gzip(Json.write(inv)))).build());
    }

    static String block(String id, Instant time) {
        return Json.write(Map.of("id", id, "time", time.toString(), "type", "verdict", "service", "orders", "joinPoint", "jndi.lookup", "aspect", "jndi",
                "rule", "jndi.remote-lookup", "verdict", "block", "message", "remote JNDI lookup", "evidence", Map.of("name", "ldap://203.0.113.7:1389/x")));
    }

    /** A {@code data.response-mask} event as the agent writes it (docs/data-governance.md). */
    static String response(String id, Instant time, String path, String verdict) {
        Map<String, Object> e = data(id, time, "http.response", "data.response-mask", verdict);
        e.put("evidence", Map.of("suppressed", "0", "types", "CN_RESIDENT_ID,CN_MOBILE", "count", "2", "example", "110***********4477", "endpoint", path, "role", "clerk"));
        e.put("request", Map.of("method", "GET", "uri", path, "clientAddress", "10.0.0.5"));
        return Json.write(e);
    }

    static String log(String id, Instant time) {
        Map<String, Object> e = data(id, time, "log.message", "data.log-baseline", "observe");
        e.put("evidence", Map.of("suppressed", "3", "types", "CN_MOBILE", "count", "1", "example", "138****5678", "level", "INFO", "logger", "crm.audit",
                "library", "log4j2"));
        return Json.write(e);
    }

    private static Map<String, Object> data(String id, Instant time, String joinPoint, String rule, String verdict) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id);
        e.put("time", time.toString());
        e.put("type", "verdict");
        e.put("service", "crm");
        e.put("joinPoint", joinPoint);
        e.put("aspect", "data");
        e.put("aspectVersion", "1.0.0");
        e.put("rule", rule);
        e.put("verdict", verdict);
        e.put("message", "personal data in " + joinPoint);
        return e;
    }

    Resp events(Agent a, String batch, String ndjson) {
        return send(request("/v1/agents/" + a.id() + "/events", a.token()).header("Content-Type", "application/x-ndjson").header("Content-Encoding", "gzip")
                .header("Idempotency-Key", batch).POST(HttpRequest.BodyPublishers.ofByteArray(gzip(ndjson + "\n"))).build());
    }

    Resp get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    Resp post(String path, String token, Object body) {
        return send(request(path, token).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build());
    }

    Resp put(String path, String token, Object body) {
        return send(request(path, token).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(Json.write(body))).build());
    }

    /** A drill run stored the way 'secplane drill --server' stores it: target registered, run created, result put. */
    String storeDrillRun(String target, String service, String resultWithIdPlaceholder) {
        ok(post("/v1/drills/targets", admin, Map.of("url", target, "service", service)), 201);
        String id = (String) ok(post("/v1/drills/runs", admin, Map.of("target", target, "suite", List.of("xxe"))), 201).json().get("id");
        ok(put("/v1/drills/runs/" + id + "/result", admin, Json.parse(resultWithIdPlaceholder.replace("<id>", id))), 200);
        return id;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> json(String path) {
        return ok(get(path, viewer), 200).json();
    }

    private HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).header("Secplane-Protocol", "1")
                .header("Authorization", "Bearer " + token);
    }

    private static Resp send(HttpRequest r) {
        try {
            HttpResponse<String> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
            return new Resp(resp.statusCode(), resp.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Resp ok(Resp r, int status) {
        if (r.status() != status) {
            throw new AssertionError("expected " + status + ", got " + r.status() + " " + r.body());
        }
        return r;
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        plane.close();
    }
}
