package secplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import secplane.protocol.json.Json;

/**
 * The data map over real ingested event batches in the agent's format (docs/agent.md "Events", the data
 * aspect's evidence of docs/data-governance.md): run on H2 and on a real PostgreSQL.
 */
abstract class DataMapContract extends RunningPlane {
    /** A {@code data.response-mask} event as the agent writes it: evidence values are strings. */
    static String response(String id, String time, String path, String types, int count, long suppressed, String role, String client) {
        return response(id, time, path, types, count, suppressed, role, client, "observe");
    }

    static String response(String id, String time, String path, String types, int count, long suppressed, String role, String client, String verdict) {
        Map<String, Object> e = base(id, time, "http.response", "data.response-mask", verdict);
        e.put("message", "unmasked " + types + " in the response of " + path);
        e.put("evidence", Map.of("suppressed", Long.toString(suppressed), "types", types, "count", Integer.toString(count),
                "example", "110***********4477", "endpoint", path, "role", role));
        e.put("request", Map.of("method", "GET", "uri", path, "clientAddress", client));
        return Json.write(e);
    }

    static String log(String id, String time, String logger, String types, int count, long suppressed) {
        Map<String, Object> e = base(id, time, "log.message", "data.log-baseline", "observe");
        e.put("message", "unmasked " + types + " in a log line of " + logger);
        e.put("evidence", Map.of("suppressed", Long.toString(suppressed), "types", types, "count", Integer.toString(count),
                "example", "138****5678", "level", "INFO", "logger", logger, "library", "log4j2"));
        return Json.write(e);
    }

    static String limit(String id, String time, String path, int records) {
        Map<String, Object> e = base(id, time, "http.response", "data.response-limit", "block");
        e.put("message", "the response of " + path + " holds more than 20 records of level 3 or above");
        e.put("evidence", Map.of("records", Integer.toString(records), "maxRecords", "20", "type", "CN_RESIDENT_ID", "endpoint", path));
        e.put("request", Map.of("method", "GET", "uri", path + "?count=30", "clientAddress", "203.0.113.9"));
        e.put("response", "403");
        return Json.write(e);
    }

    /** A {@code data.egress} event: an outbound HTTP body or Kafka record, allow-listed (reportOnly) or not. */
    static String egress(String id, String time, String destination, String types, int count, boolean allowed, String client, String endpoint) {
        Map<String, Object> e = base(id, time, destination.startsWith("kafka:") ? "kafka.send" : "http.outbound", "data.egress",
                allowed ? "observe" : "block");
        e.put("message", types + " sent to " + destination);
        Map<String, Object> evidence = new LinkedHashMap<>(Map.of("suppressed", "0", "destination", destination, "client", client,
                "types", types, "count", Integer.toString(count), "example", "138****5678", "allowed", Boolean.toString(allowed), "endpoint", endpoint));
        if (allowed) {
            evidence.put("reportOnly", "true");
        }
        e.put("evidence", evidence);
        if (!endpoint.isEmpty()) {
            e.put("request", Map.of("method", "POST", "uri", endpoint, "clientAddress", "10.0.0.7"));
        }
        return Json.write(e);
    }

    /** A {@code data.jdbc-result} event: types read from a table column. */
    static String column(String id, String time, String table, String column, String types, int count, long suppressed) {
        Map<String, Object> e = base(id, time, "jdbc.result", "data.jdbc-result", "observe");
        e.put("message", types + " read from " + table + "." + column);
        e.put("evidence", Map.of("suppressed", Long.toString(suppressed), "types", types, "count", Integer.toString(count),
                "example", "110***********4477", "table", table, "column", column, "dataLevel", "3"));
        return Json.write(e);
    }

    /** A response event whose values were attributed to the columns they were read from. */
    static String attributed(String id, String time, String path, String types, String sources, String role) {
        Map<String, Object> e = base(id, time, "http.response", "data.response-mask", "observe");
        e.put("message", "unmasked " + types + " in the response of " + path);
        Map<String, Object> ev = new LinkedHashMap<>(Map.of("suppressed", "0", "types", types, "count", "2", "example", "110***********4477",
                "endpoint", path, "role", role));
        if (sources != null) {
            ev.put("sources", sources);
        }
        e.put("evidence", ev);
        e.put("request", Map.of("method", "GET", "uri", path, "clientAddress", "127.0.0.1"));
        return Json.write(e);
    }

    private static Map<String, Object> base(String id, String time, String joinPoint, String rule, String verdict) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id);
        e.put("time", time);
        e.put("type", "verdict");
        e.put("service", "crm");
        e.put("joinPoint", joinPoint);
        e.put("aspect", "data");
        e.put("aspectVersion", "1.0.0");
        e.put("rule", rule);
        e.put("verdict", verdict);
        e.put("policyVersion", "2026-11-30.1");
        e.put("thread", "http-nio-8080-exec-1");
        return e;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> map(String query, String token) {
        Api.Resp r = api.get("/v1/data/map" + query, token);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return (List<Map<String, Object>>) r.json().get("assets");
    }

    private static Map<String, Object> asset(List<Map<String, Object>> assets, String name, String type) {
        return assets.stream().filter(a -> a.get("name").equals(name) && a.get("type").equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no asset " + name + " / " + type + " in " + assets));
    }

    @SuppressWarnings("unchecked")
    @Test
    void external_destinations_are_mapped_with_types_levels_senders_and_only_refusals_count_as_violations() {
        Planes.Agent agent = Planes.enrol(api, Planes.enrolToken(api, admin, "crm"), "crm", "crm-1", Map.of());
        String batch = String.join("\n",
                egress("ev-e1", "2026-11-29T10:00:00.000Z", "partner.example.com:443", "CN_RESIDENT_ID,CN_MOBILE", 2, true, "http-client", "/orders/7/export"),
                egress("ev-e2", "2026-11-30T10:00:00.000Z", "partner.example.com:443", "CN_MOBILE", 3, true, "http-client", "/orders/8/export"),
                egress("ev-e3", "2026-11-30T11:00:00.000Z", "tracker.example.net:443", "CN_MOBILE", 1, false, "http-url-connection", ""),
                egress("ev-e4", "2026-11-30T12:00:00.000Z", "kafka:customers", "CN_RESIDENT_ID", 1, false, "kafka-producer", "")) + "\n";
        Api.Resp r = api.events(agent.id(), agent.token(), "b-e", batch);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(api.events(agent.id(), agent.token(), "b-e", batch).json()).containsEntry("duplicate", true);

        String viewer = Planes.operatorToken(api, admin, "viewer");
        List<Map<String, Object>> assets = map("?kind=destination", viewer);
        assertThat(assets).extracting(a -> a.get("kind") + " " + a.get("name") + " " + a.get("type") + " " + a.get("level")).containsExactlyInAnyOrder(
                "destination kafka:customers CN_RESIDENT_ID 3",
                "destination partner.example.com:443 CN_MOBILE 3",
                "destination partner.example.com:443 CN_RESIDENT_ID 3",
                "destination tracker.example.net:443 CN_MOBILE 3");
        Map<String, Object> partner = asset(assets, "partner.example.com:443", "CN_MOBILE");
        assertThat(partner).containsEntry("reports", 2L).containsEntry("values", 5L)
                .containsEntry("firstSeen", "2026-11-29T10:00:00.000Z").containsEntry("lastSeen", "2026-11-30T10:00:00.000Z");
        assertThat((List<Object>) partner.get("days")).containsExactly(
                Map.of("day", "2026-11-29", "reports", 1L, "suppressed", 0L, "values", 2L),
                Map.of("day", "2026-11-30", "reports", 1L, "suppressed", 0L, "values", 3L));
        assertThat(map("?kind=endpoint", viewer)).isEmpty();

        List<Map<String, Object>> f = (List<Map<String, Object>>) api.get("/v1/data/flows?type=CN_MOBILE", viewer).json().get("flows");
        assertThat(f).extracting(m -> m.get("kind") + " | " + m.get("name") + " | " + m.get("consumer")).containsExactly(
                "destination | partner.example.com:443 | allow-listed, http-client, from POST /orders/{id}/export",
                "destination | tracker.example.net:443 | not allow-listed, http-url-connection");
        assertThat(f.get(0)).containsEntry("reports", 2L).containsEntry("values", 5L);

        // sends to allow-listed destinations are the inventory, not violations
        assertThat((List<Object>) api.get("/v1/data/metrics", viewer).json().get("violations")).containsExactlyInAnyOrder(
                Map.of("day", "2026-11-30", "service", "crm", "rule", "data.egress", "reports", 2L, "suppressed", 0L));
        assertThat(api.get("/v1/data/map?kind=table", viewer).status()).isBetween(400, 422);
    }

    @SuppressWarnings("unchecked")
    @Test
    void endpoints_and_loggers_are_mapped_with_types_levels_counts_per_day_and_first_and_last_seen() {
        Planes.Agent agent = Planes.enrol(api, Planes.enrolToken(api, admin, "crm"), "crm", "crm-1", Map.of());
        String batch = String.join("\n",
                response("ev-d1", "2026-11-29T10:00:00.000Z", "/customers/1", "CN_RESIDENT_ID,CN_BANK_CARD,CN_MOBILE", 3, 0, "", "127.0.0.1"),
                response("ev-d2", "2026-11-29T10:00:05.000Z", "/customers/2", "CN_RESIDENT_ID,CN_MOBILE", 2, 4, "clerk", "10.1.2.3"),
                log("ev-d3", "2026-11-30T01:00:00.000Z", "com.example.Orders", "CN_MOBILE,EMAIL", 2, 9),
                limit("ev-d4", "2026-11-29T11:00:00.000Z", "/customers", 30),
                PlaneContract.event("ev-x", "jndi.remote-lookup", "block")) + "\n";
        Api.Resp first = api.events(agent.id(), agent.token(), "b-1", batch);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json()).containsEntry("accepted", 5L);
        // the same batch again, and an event already stored inside another batch, are not counted twice
        assertThat(api.events(agent.id(), agent.token(), "b-1", batch).json()).containsEntry("duplicate", true);
        String second = String.join("\n",
                response("ev-d1", "2026-11-29T10:00:00.000Z", "/customers/1", "CN_RESIDENT_ID,CN_BANK_CARD,CN_MOBILE", 3, 0, "", "127.0.0.1"),
                log("ev-d5", "2026-11-29T23:59:59.000Z", "com.example.Orders", "CN_MOBILE", 1, 0)) + "\n";
        assertThat(api.events(agent.id(), agent.token(), "b-2", second).json()).containsEntry("accepted", 1L);

        String viewer = Planes.operatorToken(api, admin, "viewer");
        List<Map<String, Object>> assets = map("", viewer);
        assertThat(assets).extracting(a -> a.get("kind") + " " + a.get("name") + " " + a.get("type")).containsExactlyInAnyOrder(
                "endpoint GET /customers CN_RESIDENT_ID",
                "endpoint GET /customers/{id} CN_BANK_CARD",
                "endpoint GET /customers/{id} CN_MOBILE",
                "endpoint GET /customers/{id} CN_RESIDENT_ID",
                "logger com.example.Orders CN_MOBILE",
                "logger com.example.Orders EMAIL");
        Map<String, Object> id = asset(assets, "GET /customers/{id}", "CN_RESIDENT_ID");
        assertThat(id).containsEntry("service", "crm").containsEntry("level", 3L).containsEntry("reports", 2L).containsEntry("suppressed", 4L)
                .containsEntry("values", 5L).containsEntry("firstSeen", "2026-11-29T10:00:00.000Z").containsEntry("lastSeen", "2026-11-29T10:00:05.000Z");
        assertThat(asset(assets, "GET /customers/{id}", "CN_BANK_CARD")).containsEntry("reports", 1L).containsEntry("suppressed", 0L);
        assertThat(asset(assets, "GET /customers", "CN_RESIDENT_ID")).containsEntry("values", 30L);

        Map<String, Object> mobileLog = asset(assets, "com.example.Orders", "CN_MOBILE");
        assertThat((List<Object>) mobileLog.get("days")).containsExactly(
                Map.of("day", "2026-11-29", "reports", 1L, "suppressed", 0L, "values", 1L),
                Map.of("day", "2026-11-30", "reports", 1L, "suppressed", 9L, "values", 2L));
        assertThat(mobileLog).containsEntry("firstSeen", "2026-11-29T23:59:59.000Z").containsEntry("lastSeen", "2026-11-30T01:00:00.000Z");
        assertThat(asset(assets, "com.example.Orders", "EMAIL")).containsEntry("level", 2L);

        assertThat(map("?minLevel=3", viewer)).extracting(a -> a.get("type")).doesNotContain("EMAIL").contains("CN_MOBILE");
        assertThat(map("?type=CN_BANK_CARD", viewer)).extracting(a -> a.get("name")).containsExactly("GET /customers/{id}");
        assertThat(map("?service=other", viewer)).isEmpty();
        assertThat(map("?kind=logger", viewer)).extracting(a -> a.get("kind")).containsOnly("logger").hasSize(2);

        Api.Resp flows = api.get("/v1/data/flows?type=CN_MOBILE", viewer);
        assertThat(flows.status()).as(flows.toString()).isEqualTo(200);
        List<Map<String, Object>> f = (List<Map<String, Object>>) flows.json().get("flows");
        assertThat(f).extracting(m -> m.get("service") + " | " + m.get("name") + " | " + m.get("consumer")).containsExactly(
                "crm | GET /customers/{id} | no role, loopback",
                "crm | GET /customers/{id} | role clerk, private network",
                "crm | com.example.Orders | log output (log4j2)");
        assertThat(f.get(2)).containsEntry("reports", 2L).containsEntry("suppressed", 9L).containsEntry("values", 3L).containsEntry("source", null);
        List<Map<String, Object>> ids = (List<Map<String, Object>>) api.get("/v1/data/flows?type=CN_RESIDENT_ID", viewer).json().get("flows");
        assertThat(ids.stream().map(m -> (String) m.get("consumer")).collect(Collectors.toSet())).contains("no role, public network");

        Api.Resp metrics = api.get("/v1/data/metrics", viewer);
        assertThat(metrics.status()).as(metrics.toString()).isEqualTo(200);
        assertThat((Map<String, Object>) metrics.json().get("coverage")).containsEntry("servicesWithAgents", 1L).containsEntry("servicesObserved", 1L)
                .containsEntry("endpoints", 2L).containsEntry("loggers", 1L);
        List<Map<String, Object>> exposure = (List<Map<String, Object>>) metrics.json().get("exposure");
        assertThat(exposure).contains(
                Map.of("type", "CN_MOBILE", "level", 3L, "assets", 2L, "reports", 4L, "suppressed", 13L, "values", 8L),
                Map.of("type", "CN_RESIDENT_ID", "level", 3L, "assets", 2L, "reports", 3L, "suppressed", 4L, "values", 35L),
                Map.of("type", "EMAIL", "level", 2L, "assets", 1L, "reports", 1L, "suppressed", 9L, "values", 2L));
        assertThat((List<Object>) metrics.json().get("violations")).containsExactly(
                Map.of("day", "2026-11-29", "service", "crm", "rule", "data.log-baseline", "reports", 1L, "suppressed", 0L),
                Map.of("day", "2026-11-29", "service", "crm", "rule", "data.response-limit", "reports", 1L, "suppressed", 0L),
                Map.of("day", "2026-11-29", "service", "crm", "rule", "data.response-mask", "reports", 2L, "suppressed", 4L),
                Map.of("day", "2026-11-30", "service", "crm", "rule", "data.log-baseline", "reports", 1L, "suppressed", 9L));

        Api.Resp prometheus = api.get("/v1/data/metrics/prometheus", viewer);
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.headers().get("content-type").get(0)).startsWith("text/plain; version=0.0.4");
        assertThat(prometheus.body().lines()).contains(
                "# TYPE secplane_data_violations_total counter",
                "secplane_data_violations_total{service=\"crm\",rule=\"data.log-baseline\"} 11",
                "secplane_data_violations_total{service=\"crm\",rule=\"data.response-mask\"} 6",
                "secplane_data_exposure_events_total{type=\"CN_MOBILE\",level=\"3\"} 17",
                "secplane_data_exposure_assets{type=\"EMAIL\",level=\"2\"} 1",
                "secplane_data_endpoints_observed 2");
        assertThat(api.get("/v1/data/metrics/prometheus", null).status()).isEqualTo(401);
    }

    @SuppressWarnings("unchecked")
    @Test
    void the_map_and_flows_page_on_the_server_and_levels_aggregate_assets_per_type_and_level() {
        Planes.Agent agent = Planes.enrol(api, Planes.enrolToken(api, admin, "crm"), "crm", "crm-1", Map.of());
        String batch = String.join("\n",
                response("ev-d1", "2026-11-29T10:00:00.000Z", "/customers/1", "CN_RESIDENT_ID,CN_BANK_CARD,CN_MOBILE", 3, 0, "", "127.0.0.1"),
                response("ev-d2", "2026-11-29T10:00:05.000Z", "/customers/2", "CN_RESIDENT_ID,CN_MOBILE", 2, 4, "clerk", "10.1.2.3"),
                log("ev-d3", "2026-11-30T01:00:00.000Z", "com.example.Orders", "CN_MOBILE,EMAIL", 2, 9),
                log("ev-d5", "2026-11-29T23:59:59.000Z", "com.example.Orders", "CN_MOBILE", 1, 0),
                limit("ev-d4", "2026-11-29T11:00:00.000Z", "/customers", 30)) + "\n";
        assertThat(api.events(agent.id(), agent.token(), "b-1", batch).status()).isEqualTo(200);
        String viewer = Planes.operatorToken(api, admin, "viewer");

        List<Map<String, Object>> all = map("", viewer);
        assertThat(all).hasSize(6);
        List<Map<String, Object>> paged = new java.util.ArrayList<>();
        for (int offset = 0; offset < 8; offset += 4) {
            Api.Resp page = api.get("/v1/data/map?limit=4&offset=" + offset, viewer);
            assertThat(page.json()).containsEntry("total", 6L);
            paged.addAll((List<Map<String, Object>>) page.json().get("assets"));
        }
        // the pages hold the same assets, each with all its days, as the whole map
        assertThat(paged).containsExactlyElementsOf(all);
        assertThat((List<Object>) api.get("/v1/data/map?limit=4&offset=4&kind=logger", viewer).json().get("assets")).isEmpty();

        Api.Resp flows = api.get("/v1/data/flows?limit=3", viewer);
        assertThat(flows.status()).as(flows.toString()).isEqualTo(200);
        long total = (Long) flows.json().get("total");
        List<Map<String, Object>> allFlows = new java.util.ArrayList<>((List<Map<String, Object>>) flows.json().get("flows"));
        allFlows.addAll((List<Map<String, Object>>) api.get("/v1/data/flows?limit=3&offset=3", viewer).json().get("flows"));
        allFlows.addAll((List<Map<String, Object>>) api.get("/v1/data/flows?limit=1000&offset=6", viewer).json().get("flows"));
        assertThat(allFlows).hasSize((int) total);
        assertThat(allFlows).extracting(f -> f.get("type")).contains("CN_MOBILE", "CN_RESIDENT_ID", "EMAIL");
        List<Map<String, Object>> mobile = (List<Map<String, Object>>) api.get("/v1/data/flows?type=CN_MOBILE", viewer).json().get("flows");
        assertThat(allFlows.stream().filter(f -> "CN_MOBILE".equals(f.get("type"))).toList()).containsExactlyElementsOf(mobile);
        assertThat(api.get("/v1/data/flows", viewer).message()).contains("type is required");

        // levels agree with the metrics' exposure by type and level
        List<Map<String, Object>> levels = (List<Map<String, Object>>) api.get("/v1/data/levels", viewer).json().get("levels");
        List<Map<String, Object>> exposure = (List<Map<String, Object>>) api.get("/v1/data/metrics", viewer).json().get("exposure");
        assertThat(levels).isNotEmpty();
        assertThat(levels).containsExactlyInAnyOrderElementsOf(exposure.stream().map(e -> Map.of("type", e.get("type"), "level", e.get("level"),
                "assets", e.get("assets"), "reports", e.get("reports"))).toList());
        assertThat(levels).contains(Map.of("type", "CN_MOBILE", "level", 3L, "assets", 2L, "reports", 4L));
        assertThat((List<Object>) api.get("/v1/data/levels?service=other", viewer).json().get("levels")).isEmpty();
        assertThat(api.get("/v1/data/map?limit=0", viewer).status()).isEqualTo(400);
    }

    @SuppressWarnings("unchecked")
    @Test
    void columns_are_assets_and_flows_name_the_column_their_values_were_read_from() {
        Planes.Agent agent = Planes.enrol(api, Planes.enrolToken(api, admin, "crm"), "crm", "crm-1", Map.of());
        String batch = String.join("\n",
                column("ev-c1", "2026-11-29T10:00:00.000Z", "customers", "id_number", "CN_RESIDENT_ID", 1, 0),
                column("ev-c2", "2026-11-30T10:00:00.000Z", "customers", "id_number", "CN_RESIDENT_ID", 1, 7),
                column("ev-c3", "2026-11-30T10:00:01.000Z", "customers", "mobile", "CN_MOBILE", 1, 0),
                attributed("ev-c4", "2026-11-30T10:00:02.000Z", "/customers/1", "CN_RESIDENT_ID,CN_MOBILE",
                        "CN_RESIDENT_ID=customers.id_number,CN_MOBILE=customers.mobile", "clerk"),
                attributed("ev-c5", "2026-11-30T10:00:03.000Z", "/customers/2", "CN_RESIDENT_ID,CN_MOBILE", "CN_MOBILE=customers.mobile", "clerk"),
                attributed("ev-c6", "2026-11-30T10:00:04.000Z", "/customers/3", "CN_RESIDENT_ID", null, "clerk")) + "\n";
        Api.Resp r = api.events(agent.id(), agent.token(), "b-c", batch);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(api.events(agent.id(), agent.token(), "b-c", batch).json()).containsEntry("duplicate", true);

        String viewer = Planes.operatorToken(api, admin, "viewer");
        List<Map<String, Object>> columns = map("?kind=column", viewer);
        assertThat(columns).extracting(a -> a.get("name") + " " + a.get("type")).containsExactlyInAnyOrder(
                "customers.id_number CN_RESIDENT_ID", "customers.mobile CN_MOBILE");
        Map<String, Object> id = asset(columns, "customers.id_number", "CN_RESIDENT_ID");
        assertThat(id).containsEntry("kind", "column").containsEntry("service", "crm").containsEntry("level", 3L).containsEntry("reports", 2L)
                .containsEntry("suppressed", 7L).containsEntry("values", 2L)
                .containsEntry("firstSeen", "2026-11-29T10:00:00.000Z").containsEntry("lastSeen", "2026-11-30T10:00:00.000Z");
        assertThat((List<Object>) id.get("days")).hasSize(2);

        List<Map<String, Object>> ids = (List<Map<String, Object>>) api.get("/v1/data/flows?type=CN_RESIDENT_ID", viewer).json().get("flows");
        assertThat(ids).as("a column is a source, never a consumer").extracting(m -> m.get("source") + " | " + m.get("name") + " | " + m.get("consumer"))
                .containsExactly("null | GET /customers/{id} | role clerk, loopback", "customers.id_number | GET /customers/{id} | role clerk, loopback");
        assertThat(ids.get(0)).containsEntry("reports", 2L);
        assertThat(ids.get(1)).containsEntry("reports", 1L);
        List<Map<String, Object>> mobiles = (List<Map<String, Object>>) api.get("/v1/data/flows?type=CN_MOBILE", viewer).json().get("flows");
        assertThat(mobiles).extracting(m -> m.get("source") + " | " + m.get("name")).containsExactly("customers.mobile | GET /customers/{id}");
        assertThat(mobiles.get(0)).containsEntry("reports", 2L);
    }

    /**
     * Batches of several agents of one service at once, all on the same new keys: a batch that loses the race
     * to insert a key is answered 409 and, sent again as the agent does, counted once; nothing is lost or doubled.
     */
    @Test
    void concurrent_batches_on_the_same_keys_add_up_exactly() throws Exception {
        List<Planes.Agent> agents = new java.util.ArrayList<>();
        for (int a = 0; a < 4; a++) {
            agents.add(Planes.enrol(api, Planes.enrolToken(api, admin, "crm"), "crm", "crm-" + a, Map.of()));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        java.util.concurrent.atomic.AtomicInteger conflicts = new java.util.concurrent.atomic.AtomicInteger();
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int a = 0; a < 4; a++) {
                Planes.Agent agent = agents.get(a);
                int n = a;
                done.add(pool.submit(() -> {
                    for (int b = 0; b < 5; b++) {
                        StringBuilder batch = new StringBuilder();
                        for (int i = 0; i < 10; i++) {
                            batch.append(response("ev-" + n + "-" + b + "-" + i, "2026-11-29T10:00:00.000Z", "/customers/" + i, "CN_MOBILE", 1, 1, "", "10.0.0.1"))
                                    .append('\n');
                        }
                        for (int attempt = 0; ; attempt++) {
                            Api.Resp r = api.events(agent.id(), agent.token(), "b-" + b, batch.toString());
                            if (r.status() == 200) {
                                break;
                            }
                            assertThat(r.status()).as(r.toString()).isEqualTo(409);
                            assertThat(attempt).isLessThan(20);
                            conflicts.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Object> mobile = asset(map("", admin), "GET /customers/{id}", "CN_MOBILE");
        assertThat(mobile).as("4 agents x 5 batches x 10 events, %d conflicts retried", conflicts.get())
                .containsEntry("reports", 200L).containsEntry("suppressed", 200L).containsEntry("values", 200L);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> flows = (List<Map<String, Object>>) api.get("/v1/data/flows?type=CN_MOBILE", admin).json().get("flows");
        assertThat(flows).singleElement().satisfies(f -> assertThat(f).containsEntry("reports", 200L).containsEntry("consumer", "no role, private network"));
    }

    @Test
    void bad_queries_say_what_to_send_and_agents_cannot_read_the_map() {
        Planes.Agent agent = Planes.enrol(api, Planes.enrolToken(api, admin, "crm"), "crm", "crm-1", Map.of());
        Api.Resp noType = api.get("/v1/data/flows", admin);
        assertThat(noType.status()).isEqualTo(400);
        assertThat(noType.body()).contains("type is required").contains("CN_RESIDENT_ID");
        Api.Resp badType = api.get("/v1/data/flows?type=drop%20table", admin);
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.body()).contains("catalog key");
        Api.Resp badLevel = api.get("/v1/data/map?minLevel=9", admin);
        assertThat(badLevel.status()).as(badLevel.toString()).isBetween(400, 422);
        assertThat(badLevel.body()).contains("minLevel");
        assertThat(api.get("/v1/data/map?kind=table", admin).body()).contains("expected endpoint, logger, destination or column");
        assertThat(api.get("/v1/data/map", agent.token()).status()).isIn(401, 403);
        assertThat(api.get("/v1/data/map", null).status()).isEqualTo(401);
    }

    private static String ago(long minutes) {
        return java.time.Instant.now().minusSeconds(minutes * 60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> findings(String query, String token) {
        Api.Resp r = api.get("/v1/data/findings" + query, token);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return (List<Map<String, Object>>) r.json().get("findings");
    }

    private static Map<String, Object> finding(List<Map<String, Object>> all, String name, String status) {
        return all.stream().filter(f -> f.get("name").equals(name) && f.get("status").equals(status)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + status + " finding for " + name + " in " + all));
    }

    /**
     * Findings open with the first exposing event and close when the rule starts masking there (enforced),
     * when the asset has not exposed data for the quiet period (quiet, at its last exposing event), or by an
     * operator; a late event stamped before the close stays in the closed episode, a new one reopens.
     */
    @SuppressWarnings("unchecked")
    @Test
    void findings_close_when_enforced_quiet_or_by_an_operator_and_give_the_time_to_remediate() {
        Planes.Agent agent = Planes.enrol(api, Planes.enrolToken(api, admin, "crm"), "crm", "crm-1", Map.of());
        String first = String.join("\n",
                log("ev-f1", ago(50 * 60), "app.Quiet", "CN_MOBILE", 1, 0),
                log("ev-f2", ago(49 * 60), "app.Quiet", "CN_MOBILE", 1, 0),
                response("ev-f3", ago(10 * 60), "/customers/7", "CN_RESIDENT_ID", 1, 0, "clerk", "10.0.0.1"),
                response("ev-f4", ago(8 * 60), "/customers/8", "CN_RESIDENT_ID", 1, 0, "clerk", "10.0.0.1", "rewrite"),
                log("ev-f5", ago(60), "app.Open", "EMAIL", 1, 0)) + "\n";
        assertThat(api.events(agent.id(), agent.token(), "f-1", first).status()).isEqualTo(200);
        // late: stamped between the enforced episode's first event and its close
        String late = response("ev-f6", ago(9 * 60), "/customers/9", "CN_BANK_CARD", 1, 0, "clerk", "10.0.0.1") + "\n";
        assertThat(api.events(agent.id(), agent.token(), "f-2", late).status()).isEqualTo(200);

        String viewer = Planes.operatorToken(api, admin, "viewer");
        List<Map<String, Object>> all = findings("", viewer);
        assertThat(all).hasSize(3);
        assertThat(finding(all, "app.Quiet", "closed")).containsEntry("closedHow", "quiet").containsEntry("timeToRemediateSeconds", 3600L)
                .containsEntry("events", 2L).containsEntry("rule", "data.log-baseline").containsEntry("kind", "logger");
        assertThat(finding(all, "GET /customers/{id}", "closed")).containsEntry("closedHow", "enforced").containsEntry("timeToRemediateSeconds", 7200L)
                .containsEntry("events", 2L).containsEntry("types", List.of("CN_RESIDENT_ID", "CN_BANK_CARD"));
        Map<String, Object> open = finding(all, "app.Open", "open");
        assertThat(open).containsEntry("timeToRemediateSeconds", null).containsEntry("closedAt", null);
        assertThat((Long) open.get("openForSeconds")).isBetween(3500L, 3700L);
        assertThat(findings("?status=open", viewer)).extracting(f -> f.get("name")).containsExactly("app.Open");

        Map<String, Object> m = (Map<String, Object>) api.get("/v1/data/metrics", viewer).json().get("remediation");
        assertThat(m).containsEntry("open", 1L).containsEntry("closed", 2L).containsEntry("timeToRemediateMedianSeconds", 3600L)
                .containsEntry("timeToRemediateP90Seconds", 7200L).containsEntry("timeToRemediateMaxSeconds", 7200L)
                .containsEntry("openByRule", Map.of("data.log-baseline", 1L));
        assertThat(api.get("/v1/data/metrics/prometheus", viewer).body().lines()).contains(
                "# TYPE secplane_data_time_to_remediate_seconds summary",
                "secplane_data_time_to_remediate_seconds{quantile=\"0.5\"} 3600",
                "secplane_data_time_to_remediate_seconds{quantile=\"0.9\"} 7200",
                "secplane_data_time_to_remediate_seconds_sum 10800",
                "secplane_data_time_to_remediate_seconds_count 2",
                "secplane_data_findings_open{rule=\"data.log-baseline\"} 1");

        // the quietly closed logger leaks again: a new episode
        assertThat(api.events(agent.id(), agent.token(), "f-3", log("ev-f7", ago(30), "app.Quiet", "CN_MOBILE", 1, 0) + "\n").status()).isEqualTo(200);
        assertThat(findings("?status=open", viewer)).extracting(f -> f.get("name")).containsExactlyInAnyOrder("app.Open", "app.Quiet");

        String id = (String) open.get("id");
        Api.Resp denied = api.post("/v1/data/findings/" + id + "/close", viewer, Map.of("reason", "accepted"));
        assertThat(denied.status()).isEqualTo(403);
        String operator = Planes.operatorToken(api, admin, "operator");
        Api.Resp noReason = api.post("/v1/data/findings/" + id + "/close", operator, Map.of());
        assertThat(noReason.status()).as(noReason.toString()).isBetween(400, 422);
        assertThat(noReason.body()).contains("reason");
        assertThat(api.post("/v1/data/findings/df-0000/close", operator, Map.of("reason", "x")).status()).isEqualTo(404);
        Api.Resp closed = api.post("/v1/data/findings/" + id + "/close", operator, Map.of("reason", "e-mail addresses of staff only"));
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertThat((Long) closed.json().get("timeToRemediateSeconds")).isBetween(3500L, 3700L);
        assertThat(api.post("/v1/data/findings/" + id + "/close", operator, Map.of("reason", "again")).status()).isEqualTo(409);
        assertThat(finding(findings("", viewer), "app.Open", "closed")).containsEntry("closedHow", "operator")
                .containsEntry("reason", "e-mail addresses of staff only");
        Api.Resp audit = api.get("/v1/audit", admin);
        assertThat(audit.body()).contains("data.finding.close").contains(id);
        assertThat(api.get("/v1/data/findings?status=maybe", viewer).status()).isEqualTo(400);
        assertThat(api.get("/v1/data/findings", null).status()).isEqualTo(401);
    }
}
