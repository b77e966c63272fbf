package secplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.protocol.json.Json;

/** Drill targets, runs and markers (docs/drills.md): a forged marker never turns a real attack into a drill. */
class DrillsTest {
    @TempDir
    Path data;
    ControlPlane plane;
    Api api;
    String admin;
    String operator;
    String viewer;
    Planes.Agent agent;

    @BeforeEach
    void start() {
        plane = ControlPlane.start(Planes.config(data));
        api = new Api(plane.port());
        admin = plane.bootstrapToken().orElseThrow();
        operator = (String) api.post("/v1/tokens", admin, Map.of("kind", "operator", "role", "operator", "name", "red-team")).json().get("token");
        viewer = (String) api.post("/v1/tokens", admin, Map.of("kind", "operator", "role", "viewer", "name", "auditor")).json().get("token");
        agent = Planes.enrol(api, Planes.enrolToken(api, admin, "shop"), "shop", "shop-1", Map.of());
    }

    @AfterEach
    void stop() {
        plane.close();
    }

    private static String event(String id, String verdict, String marker) {
        Map<String, Object> e = new LinkedHashMap<>(Json.parse(PlaneContract.event(id, "command.injection", verdict)) instanceof Map<?, ?> m
                ? castMap(m) : Map.of());
        if (marker != null) {
            e.put("request", Map.of("method", "GET", "uri", "/cmd/ping", "drill", marker));
        }
        return Json.write(e);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> events(String query) {
        return (List<Map<String, Object>>) api.get("/v1/events?limit=1000&" + query, viewer).json().get("events");
    }

    @Test
    void onlyRegisteredTargetsCanBeDrilledAndOnlyAdminsRegisterThem() {
        Api.Resp refused = api.post("/v1/drills/runs", operator, Map.of("target", "http://127.0.0.1:8080", "suite", List.of("sql")));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.message()).contains("http://127.0.0.1:8080 is not registered").contains("POST /v1/drills/targets");

        assertThat(api.post("/v1/drills/targets", operator, Map.of("url", "http://127.0.0.1:8080", "service", "shop")).status()).isEqualTo(403);
        assertThat(api.post("/v1/drills/targets", admin, Map.of("url", "ftp://127.0.0.1", "service", "shop")).message())
                .contains("http:// or https://");
        assertThat(api.post("/v1/drills/targets", admin, Map.of("url", "HTTP://127.0.0.1:8080/any/path", "service", "shop")).status()).isEqualTo(201);
        assertThat(api.get("/v1/drills/targets", viewer).json().get("targets")).asList().singleElement()
                .satisfies(t -> {
                    assertThat(((Map<?, ?>) t).get("url")).isEqualTo("http://127.0.0.1:8080");
                    assertThat(((Map<?, ?>) t).get("service")).isEqualTo("shop");
                });

        Api.Resp run = api.post("/v1/drills/runs", operator, Map.of("target", "http://127.0.0.1:8080/", "suite", List.of("sql", "command")));
        assertThat(run.status()).isEqualTo(201);
        assertThat((String) run.json().get("marker")).matches("dr-[0-9a-f]{8}\\.[0-9a-f]{32}").startsWith(run.json().get("id") + ".");
        assertThat(run.json()).containsEntry("service", "shop");
        assertThat(api.post("/v1/drills/runs", viewer, Map.of("target", "http://127.0.0.1:8080", "suite", List.of("sql"))).status()).isEqualTo(403);
    }

    @Test
    void aValidMarkerMakesADrillEventAndAForgedOneARealEvent() {
        api.post("/v1/drills/targets", admin, Map.of("url", "http://127.0.0.1:8080", "service", "shop"));
        Map<String, Object> run = api.post("/v1/drills/runs", operator, Map.of("target", "http://127.0.0.1:8080", "suite", List.of("command"))).json();
        String id = (String) run.get("id");
        String marker = (String) run.get("marker");
        String forgedSecret = id + "." + "0".repeat(32) + ".command-semicolon:2";
        String batch = String.join("\n", event("ev-drill", "block", marker + ".command-semicolon:1"), event("ev-forged", "block", forgedSecret),
                event("ev-unknown-run", "block", "dr-00000000.abc.command-and:3"), event("ev-real", "block", null)) + "\n";
        assertThat(api.events(agent.id(), agent.token(), "b-1", batch).json()).containsEntry("accepted", 4L);

        List<Map<String, Object>> drill = events("drill=" + id);
        assertThat(drill).extracting(e -> e.get("id")).containsExactly("ev-drill");
        assertThat(drill.get(0)).containsEntry("drill", id).doesNotContainKey("drillMarker");

        List<Map<String, Object>> real = events("drill=none");
        assertThat(real).extracting(e -> e.get("id")).containsExactlyInAnyOrder("ev-forged", "ev-unknown-run", "ev-real");
        assertThat(real).filteredOn(e -> !"ev-real".equals(e.get("id"))).allSatisfy(e -> assertThat(e)
                .containsEntry("drillMarker", "invalid").doesNotContainKey("drill"));
        assertThat(real).filteredOn(e -> "ev-real".equals(e.get("id"))).singleElement().satisfies(e -> assertThat(e).doesNotContainKey("drillMarker"));
    }

    @Test
    void aDrillsBlockIsNotSentToWebhooksButAForgedOneIs() throws Exception {
        java.util.concurrent.BlockingQueue<String> hooked = new java.util.concurrent.LinkedBlockingQueue<>();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", x -> {
            hooked.add(new String(x.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        receiver.start();
        try (ControlPlane hooks = ControlPlane.start(Planes.config(data.resolve("hooks"))
                .withWebhooks(List.of(java.net.URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"))))) {
            Api hapi = new Api(hooks.port());
            String hadmin = hooks.bootstrapToken().orElseThrow();
            Planes.Agent a = Planes.enrol(hapi, Planes.enrolToken(hapi, hadmin, "shop"), "shop", "shop-1", Map.of());
            hapi.post("/v1/drills/targets", hadmin, Map.of("url", "http://127.0.0.1:8080", "service", "shop"));
            String marker = (String) hapi.post("/v1/drills/runs", hadmin, Map.of("target", "http://127.0.0.1:8080", "suite", List.of("command")))
                    .json().get("marker");
            String batch = event("ev-drill", "block", marker + ".command-and:1") + "\n"
                    + event("ev-forged", "block", marker.substring(0, marker.indexOf('.')) + ".bad.command-and:2") + "\n";
            assertThat(hapi.events(a.id(), a.token(), "b-1", batch).status()).isEqualTo(200);
            String first = hooked.poll(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(first).contains("ev-forged").contains("\"drillMarker\":\"invalid\"");
            assertThat(hooked.poll(2, java.util.concurrent.TimeUnit.SECONDS)).as("the drill's block is not an incident").isNull();
        } finally {
            receiver.stop(0);
        }
    }

    /**
     * A scheduled drill run by the control plane against a loopback target that behaves like a protected
     * service: it answers 403 to a quote and reports a block event carrying the request's marker, as the
     * agent would.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aScheduledDrillRunsOnTheControlPlaneAndStoresItsScorecard() throws Exception {
        java.util.concurrent.atomic.AtomicInteger seq = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer target = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", x -> {
            String query = java.net.URLDecoder.decode(String.valueOf(x.getRequestURI().getRawQuery()), java.nio.charset.StandardCharsets.UTF_8);
            int status = 200;
            if (query.contains("'")) {
                status = 403;
                String id = "ev-s" + seq.incrementAndGet();
                api.events(agent.id(), agent.token(), "b-" + id, event(id, "block", x.getRequestHeaders().getFirst("X-Secplane-Drill")) + "\n");
            }
            x.sendResponseHeaders(status, -1);
            x.close();
        });
        target.start();
        try {
            String url = "http://127.0.0.1:" + target.getAddress().getPort();
            Map<String, Object> body = Map.of("target", url, "suite", List.of("sql"), "everyMinutes", 60, "endpoints", "GET /sql/user?name\n", "rate", 100);
            assertThat(api.post("/v1/drills/schedules", operator, body).status()).as("unregistered target").isEqualTo(403);
            api.post("/v1/drills/targets", admin, Map.of("url", url, "service", "shop"));
            assertThat(api.post("/v1/drills/schedules", operator, Map.of("target", url, "suite", List.of("sql"), "everyMinutes", 60,
                    "endpoints", "FETCH /x\n")).message()).contains("unknown method 'FETCH'");
            Api.Resp created = api.post("/v1/drills/schedules", operator, body);
            assertThat(created.status()).isEqualTo(201);

            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofMillis(500))
                    .until(() -> ((List<Map<String, Object>>) api.get("/v1/drills/runs", viewer).json().get("runs")).stream()
                            .anyMatch(r -> r.get("finishedAt") != null));
            Map<String, Object> run = ((List<Map<String, Object>>) api.get("/v1/drills/runs", viewer).json().get("runs")).get(0);
            Map<String, Object> sql = ((List<Map<String, Object>>) run.get("categories")).get(0);
            assertThat(sql.get("category")).isEqualTo("sql");
            // every SQL case with a quote was blocked and reported; the two numeric ones have no quote
            assertThat(((Number) sql.get("blocked")).intValue()).isEqualTo(((Number) sql.get("cases")).intValue() - 2);
            assertThat(events("drill=" + run.get("id"))).hasSize(seq.get());
            Map<String, Object> schedule = ((List<Map<String, Object>>) api.get("/v1/drills/schedules", viewer).json().get("schedules")).get(0);
            assertThat(schedule).containsEntry("lastRun", run.get("id")).containsEntry("lastError", null);
            assertThat(api.delete("/v1/drills/schedules/" + schedule.get("id"), operator).status()).isEqualTo(200);
        } finally {
            target.stop(0);
        }
    }

    @Test
    void resultsAreStoredOnceAndListedForTrends() {
        api.post("/v1/drills/targets", admin, Map.of("url", "http://127.0.0.1:8080", "service", "shop"));
        String id = (String) api.post("/v1/drills/runs", operator, Map.of("target", "http://127.0.0.1:8080", "suite", List.of("sql"))).json().get("id");
        Map<String, Object> result = Map.of("format", "secplane-drill/1", "drill", Map.of("id", id, "target", "http://127.0.0.1:8080"),
                "categories", List.of(Map.of("category", "sql", "cases", 9, "detected", 9, "blocked", 8, "blockedPct", 88.9)), "cases", List.of());
        Api.Resp wrongId = put("/v1/drills/runs/" + id + "/result", Map.of("format", "secplane-drill/1", "drill", Map.of("id", "dr-other"),
                "categories", List.of(), "cases", List.of()));
        assertThat(wrongId.status()).isEqualTo(400);
        assertThat(wrongId.message()).contains("/drill/id");
        assertThat(put("/v1/drills/runs/" + id + "/result", result).status()).isEqualTo(200);
        assertThat(put("/v1/drills/runs/" + id + "/result", result).status()).isEqualTo(409);

        List<?> runs = (List<?>) api.get("/v1/drills/runs?target=http://127.0.0.1:8080", viewer).json().get("runs");
        assertThat(runs).singleElement().satisfies(r -> {
            Map<?, ?> m = (Map<?, ?>) r;
            assertThat(m.get("id")).isEqualTo(id);
            assertThat(m.get("finishedAt")).isNotNull();
            assertThat((List<?>) m.get("categories")).singleElement().satisfies(c -> assertThat(((Number) ((Map<?, ?>) c).get("blockedPct")).doubleValue()).isEqualTo(88.9));
        });
        assertThat(api.get("/v1/drills/runs/" + id, viewer).json().get("result")).isInstanceOf(Map.class);
        assertThat((List<?>) api.get("/v1/drills/runs?target=http://10.9.9.9:1", viewer).json().get("runs")).isEmpty();
    }

    private Api.Resp put(String path, Object body) {
        return api.send(api.request(path, operator).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.write(body))).build());
    }
}
