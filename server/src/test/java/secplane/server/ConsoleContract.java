package secplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.flywaydb.core.Flyway;
import secplane.protocol.json.Json;

/**
 * The console's calls at fleet scale (docs/protocol.md "Console calls"): cursors, filters and
 * aggregations, on embedded H2 and on a real PostgreSQL.
 */
abstract class ConsoleContract extends RunningPlane {
    // whole hours, two days ago, so that minute, hour and day buckets are all aligned
    static final long T0 = (System.currentTimeMillis() / 86_400_000L - 2) * 86_400_000L + 3_600_000L;

    static String ev(String id, long at, String rule, String verdict, String type) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", id);
        m.put("time", Instant.ofEpochMilli(at).toString());
        m.put("type", type);
        if (rule != null) {
            m.put("rule", rule);
            m.put("aspect", rule.substring(0, rule.indexOf('.')));
        }
        if (verdict != null) {
            m.put("verdict", verdict);
        }
        m.put("evidence", Map.of("name", "ldap://127.0.0.1:1389/x"));
        return Json.write(m);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    void sql(String statement, Object... params) throws Exception {
        try (Connection c = DriverManager.getConnection(config.effectiveDbUrl(), config.dbUser(), config.dbPassword());
             PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Api.Resp r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return (List<Map<String, Object>>) r.json().get(field);
    }

    /** 25 events of two agents, one a minute apart, newest is ev-24; rule r.rare only on ev-3 and ev-17. */
    Planes.Agent[] seedEvents() {
        String enrol = Planes.enrolToken(api, admin, "orders");
        Planes.Agent a = Planes.enrol(api, enrol, "orders", "orders-1", Map.of());
        Planes.Agent b = Planes.enrol(api, enrol, "orders", "orders-2", Map.of());
        StringBuilder ba = new StringBuilder();
        StringBuilder bb = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            String rule = i == 3 || i == 17 ? "sql.rare" : i % 2 == 0 ? "jndi.remote-lookup" : "process.exploit-frame";
            String verdict = i % 3 == 0 ? "block" : "observe";
            // two events share a time (ev-10 and ev-11) to prove the tie is broken by id, not lost
            long at = T0 + (i == 11 ? 10 : i) * 60_000L;
            (i % 2 == 0 ? ba : bb).append(ev("ev-" + (i < 10 ? "0" : "") + i, at, rule, verdict, "verdict")).append('\n');
        }
        assertThat(api.events(a.id(), a.token(), "ba", ba.toString()).status()).isEqualTo(200);
        assertThat(api.events(b.id(), b.token(), "bb", bb.toString()).status()).isEqualTo(200);
        return new Planes.Agent[] {a, b};
    }

    @Test
    void events_page_by_cursor_newest_first_without_gaps_or_repeats_and_filtered() {
        seedEvents();
        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            Api.Resp r = api.get("/v1/events?limit=10" + (next == null ? "" : "&before=" + next), admin);
            List<Map<String, Object>> events = list(r, "events");
            events.forEach(e -> seen.add((String) e.get("id")));
            assertThat(r.json().get("newest")).isInstanceOf(String.class);
            next = (String) r.json().get("next");
            pages++;
        } while (next != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates();
        // newest first; ev-10 and ev-11 share a time and come by id, descending
        assertThat(seen.subList(0, 3)).containsExactly("ev-24", "ev-23", "ev-22");
        assertThat(seen.indexOf("ev-11")).isLessThan(seen.indexOf("ev-10"));

        assertThat(list(api.get("/v1/events?rule=sql.rare&limit=1", admin), "events")).extracting(e -> e.get("id")).containsExactly("ev-17");
        Api.Resp rare = api.get("/v1/events?rule=sql.rare&limit=1", admin);
        assertThat(list(api.get("/v1/events?rule=sql.rare&limit=1&before=" + rare.json().get("next"), admin), "events"))
                .extracting(e -> e.get("id")).containsExactly("ev-03");
        assertThat(list(api.get("/v1/events?verdict=block&type=verdict&service=orders&limit=100", admin), "events")).hasSize(9);
        assertThat(list(api.get("/v1/events?from=" + Instant.ofEpochMilli(T0 + 20 * 60_000L) + "&limit=100", admin), "events")).hasSize(5);
        // a page that is not full has no next
        assertThat(api.get("/v1/events?limit=100", admin).json().get("next")).isNull();
    }

    @Test
    void an_after_poll_returns_events_stored_since_even_when_their_event_time_is_older() {
        Planes.Agent[] agents = seedEvents();
        String newest = (String) api.get("/v1/events?limit=5", admin).json().get("newest");
        // an agent that buffered an event for an hour sends it late: its time is older than every event shown
        assertThat(api.events(agents[0].id(), agents[0].token(), "late", ev("ev-late", T0 - 3_600_000L, "jndi.remote-lookup", "block", "verdict")).status())
                .isEqualTo(200);
        List<String> got = new ArrayList<>();
        String[] cursor = {newest};
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> {
            Api.Resp r = api.get("/v1/events?after=" + cursor[0], admin);
            list(r, "events").forEach(e -> got.add((String) e.get("id")));
            assertThat(r.json().get("next")).isNull();
            cursor[0] = (String) r.json().get("newest");
            return got.contains("ev-late");
        });
        // the poll may repeat what the first page showed (the client drops known ids), never the late event twice
        assertThat(got).containsOnlyOnce("ev-late");
        Set<String> again = new HashSet<>();
        list(api.get("/v1/events?after=" + cursor[0], admin), "events").forEach(e -> again.add((String) e.get("id")));
        assertThat(again).doesNotContain("ev-late");
        // a filtered poll does not return what the filter excludes
        assertThat(list(api.get("/v1/events?rule=sql.rare&after=" + newest, admin), "events")).allSatisfy(e -> assertThat(e.get("rule")).isEqualTo("sql.rare"));
    }

    @Test
    void bad_cursors_are_refused_with_a_message_that_says_what_to_do() {
        seedEvents();
        Api.Resp garbage = api.get("/v1/events?before=not-a-cursor!", admin);
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.error()).isEqualTo("bad-cursor");
        assertThat(garbage.message()).contains("before").contains("drop before");
        String newest = (String) api.get("/v1/events", admin).json().get("newest");
        // an "after" cursor given as "before", an events cursor given to the agents list
        assertThat(api.get("/v1/events?before=" + newest, admin).error()).isEqualTo("bad-cursor");
        assertThat(api.get("/v1/agents?limit=1&cursor=" + newest, admin).error()).isEqualTo("bad-cursor");
        assertThat(api.get("/v1/audit?before=" + newest, admin).error()).isEqualTo("bad-cursor");
        assertThat(api.get("/v1/drills/runs?before=" + newest, admin).error()).isEqualTo("bad-cursor");
        Api.Resp both = api.get("/v1/events?before=" + newest + "&after=" + newest, admin);
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.message()).contains("not both");
    }

    @SuppressWarnings("unchecked")
    @Test
    void counts_come_from_the_rollup_match_a_scan_of_the_events_and_a_resent_batch_is_not_counted_twice() throws Exception {
        Planes.Agent[] agents = seedEvents();
        // the same batch again, and a new batch holding an event already stored: neither may add to the counts
        StringBuilder again = new StringBuilder();
        for (int i = 0; i < 25; i += 2) {
            again.append(ev("ev-" + (i < 10 ? "0" : "") + i, T0 + i * 60_000L, i == 3 || i == 17 ? "sql.rare" : "jndi.remote-lookup", i % 3 == 0 ? "block" : "observe", "verdict")).append('\n');
        }
        assertThat(api.events(agents[0].id(), agents[0].token(), "ba", again.toString()).json()).containsEntry("duplicate", true);
        assertThat(api.events(agents[0].id(), agents[0].token(), "ba-2", ev("ev-00", T0, "jndi.remote-lookup", "block", "verdict")).json())
                .containsEntry("accepted", 0L);

        String from = Instant.ofEpochMilli(T0).toString();
        for (String q : List.of("by=verdict&bucket=minute&from=" + from, "by=rule&verdict=block&bucket=day", "by=service&bucket=hour", "by=type&bucket=hour&drill=none")) {
            Api.Resp rollup = api.get("/v1/events/counts?" + q, admin);
            assertThat(rollup.json()).as(q).containsEntry("source", "rollup");
            // instance= is not in the rollup: the same question answered by scanning the events
            Api.Resp scan = api.get("/v1/events/counts?" + q + "&instance=", admin);
            assertThat(scan.json()).containsEntry("source", "events");
            assertThat(rollup.json().get("counts")).as(q).isEqualTo(scan.json().get("counts"));
        }
        List<Object> byDay = (List<Object>) api.get("/v1/events/counts?by=rule&verdict=block&bucket=day", admin).json().get("counts");
        String day = Instant.ofEpochMilli(T0 / 86_400_000L * 86_400_000L).toString().replace("Z", ".000Z");
        assertThat(byDay).containsExactly(
                Map.of("bucket", day, "rule", "jndi.remote-lookup", "count", 5L),
                Map.of("bucket", day, "rule", "process.exploit-frame", "count", 3L),
                Map.of("bucket", day, "rule", "sql.rare", "count", 1L));
        // a rule at minute grain is not in the rollup: answered from the events (25 cells: ev-10 and ev-11 share a minute)
        Api.Resp ruleMinutes = api.get("/v1/events/counts?by=rule&bucket=minute&from=" + from, admin);
        assertThat(ruleMinutes.json()).containsEntry("source", "events");
        assertThat((List<Object>) ruleMinutes.json().get("counts")).hasSize(25);
        List<Object> minutes = (List<Object>) api.get("/v1/events/counts?by=verdict&bucket=minute&from=" + from + "&verdict=block", admin).json().get("counts");
        assertThat(minutes).hasSize(9);
        // a from off the minute is answered exactly from the events
        assertThat(api.get("/v1/events/counts?by=verdict&from=" + Instant.ofEpochMilli(T0 + 30_000), admin).json()).containsEntry("source", "events");

        // The rollup answers without reading the events: with the events gone, the counts stay.
        sql("DELETE FROM events");
        assertThat(list(api.get("/v1/events", admin), "events")).isEmpty();
        assertThat((List<Object>) api.get("/v1/events/counts?by=rule&verdict=block&bucket=day", admin).json().get("counts")).isEqualTo(byDay);

        Api.Resp badBy = api.get("/v1/events/counts?by=host", admin);
        assertThat(badBy.status()).isEqualTo(400);
        assertThat(badBy.message()).contains("expected rule, service, verdict or type");
        assertThat(api.get("/v1/events/counts?bucket=week", admin).message()).contains("expected minute, hour or day");
    }

    @SuppressWarnings("unchecked")
    @Test
    void the_migration_back_fills_the_rollup_from_events_stored_before_it() throws Exception {
        plane.close();
        plane = null;
        String url = "jdbc:h2:mem:backfill-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        String user = null;
        String password = null;
        if (config.dbUrl() != null) {
            url = Postgres.newDatabase();
            user = "postgres";
            password = "postgres";
        }
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration")
                .placeholders(Map.of("bytes", url.startsWith("jdbc:postgresql") ? "BYTEA" : "VARBINARY")).target("7").load().migrate();
        try (Connection c = DriverManager.getConnection(url, user, password);
             PreparedStatement ps = c.prepareStatement("INSERT INTO events (id, batch_id, agent_id, service, instance_id, at, type, rule_id, verdict, body, received_at, drill) "
                     + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
            Object[][] rows = {
                {"e1", "orders", T0, "jndi.remote-lookup", "block", null},
                {"e2", "orders", T0 + 5_000, "jndi.remote-lookup", "block", null},
                {"e3", "orders", T0 + 70_000, null, null, null},
                {"e4", "shop", T0 + 3_600_000, "sql.injection", "block", "dr-1"}};
            for (Object[] r : rows) {
                ps.setString(1, (String) r[0]);
                ps.setString(2, "b");
                ps.setString(3, "ag-1");
                ps.setString(4, (String) r[1]);
                ps.setString(5, "i-1");
                ps.setLong(6, (Long) r[2]);
                ps.setString(7, "verdict");
                ps.setString(8, (String) r[3]);
                ps.setString(9, (String) r[4]);
                ps.setString(10, "{}");
                ps.setLong(11, T0);
                ps.setString(12, (String) r[5]);
                ps.addBatch();
            }
            ps.executeBatch();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        plane = ControlPlane.start(Planes.config(data.resolve("second")).withDatabase(url, user, password));
        api = new Api(plane.port());
        admin = plane.bootstrapToken().orElseThrow();
        String m0 = Instant.ofEpochMilli(T0).toString().replace("Z", ".000Z");
        String m1 = Instant.ofEpochMilli(T0 + 60_000).toString().replace("Z", ".000Z");
        Api.Resp r = api.get("/v1/events/counts?by=verdict&bucket=minute&drill=none", admin);
        assertThat(r.json()).containsEntry("source", "rollup");
        List<Map<String, Object>> counts = (List<Map<String, Object>>) r.json().get("counts");
        assertThat(counts).hasSize(2);
        assertThat(counts.get(0)).containsEntry("bucket", m0).containsEntry("verdict", "block").containsEntry("count", 2L);
        assertThat(counts.get(1)).containsEntry("bucket", m1).containsEntry("count", 1L);
        assertThat(counts.get(1).get("verdict")).isNull();
        Api.Resp hours = api.get("/v1/events/counts?by=rule&bucket=hour&drill=none", admin);
        assertThat(hours.json()).containsEntry("source", "rollup");
        assertThat((List<Map<String, Object>>) hours.json().get("counts")).extracting(m -> m.get("rule") + "=" + m.get("count"))
                .containsExactly("null=1", "jndi.remote-lookup=2");
        assertThat((List<Object>) api.get("/v1/events/counts?by=service&bucket=day&drill=any", admin).json().get("counts")).singleElement()
                .isEqualTo(Map.of("bucket", Instant.ofEpochMilli(T0 / 86_400_000L * 86_400_000L).toString().replace("Z", ".000Z"), "service", "shop", "count", 1L));
    }

    @SuppressWarnings("unchecked")
    @Test
    void agents_page_by_cursor_with_filters_and_the_fleet_summary_aggregates() throws Exception {
        String orders = Planes.enrolToken(api, admin, "orders");
        String shop = Planes.enrolToken(api, admin, "shop");
        List<Planes.Agent> all = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            all.add(Planes.enrol(api, orders, "orders", "orders-" + i, Map.of()));
        }
        for (int i = 1; i <= 2; i++) {
            all.add(Planes.enrol(api, shop, "shop", "shop-" + i, Map.of()));
        }
        Planes.Agent quarantined = all.get(1);
        assertThat(api.post("/v1/agents/" + quarantined.id() + "/heartbeat", quarantined.token(), Map.of("aspects",
                List.of(Map.of("id", "jndi", "version", "1.0.0", "state", "quarantined"), Map.of("id", "sql", "version", "1.0.0", "state", "active")))).status())
                .isEqualTo(200);
        // shop-2 has not been heard of for an hour: stale
        sql("UPDATE agents SET last_contact = ? WHERE id = ?", System.currentTimeMillis() - 3_600_000L, all.get(4).id());
        Planes.push(api, admin, "orders", Planes.policy("block"), null);
        assertThat(api.post("/v1/agents/" + all.get(0).id() + "/ack", all.get(0).token(), Map.of("version", 1, "status", "ACK")).status()).isEqualTo(200);

        List<String> order = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Resp r = api.get("/v1/agents?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), admin);
            list(r, "agents").forEach(a -> order.add((String) a.get("instanceId")));
            assertThat(r.json()).containsEntry("total", 5L);
            cursor = (String) r.json().get("next");
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(order).containsExactly("orders-1", "orders-2", "orders-3", "shop-1", "shop-2");
        assertThat(pages).isEqualTo(3);

        assertThat(list(api.get("/v1/agents?state=quarantined", admin), "agents")).extracting(a -> a.get("instanceId")).containsExactly("orders-2");
        assertThat(list(api.get("/v1/agents?state=stale", admin), "agents")).extracting(a -> a.get("instanceId")).containsExactly("shop-2");
        Api.Resp healthy = api.get("/v1/agents?state=healthy&service=shop&limit=10", admin);
        assertThat(list(healthy, "agents")).extracting(a -> a.get("instanceId")).containsExactly("shop-1");
        assertThat(healthy.json()).containsEntry("total", 1L);
        assertThat(list(api.get("/v1/agents?q=DERS-3", admin), "agents")).extracting(a -> a.get("instanceId")).containsExactly("orders-3");
        assertThat(list(api.get("/v1/agents?q=" + enc("%"), admin), "agents")).isEmpty();
        // without limit: every agent, as before
        assertThat(list(api.get("/v1/agents", admin), "agents")).hasSize(5);
        Api.Resp badState = api.get("/v1/agents?state=asleep", admin);
        assertThat(badState.status()).isEqualTo(400);
        assertThat(badState.message()).contains("expected stale, healthy or quarantined");

        Map<String, Object> fleet = api.get("/v1/agents/summary", admin).json();
        assertThat(fleet).containsEntry("agents", 5L).containsEntry("stale", 1L).containsEntry("healthy", 4L).containsEntry("quarantined", 1L)
                .containsEntry("applied", 3L).containsEntry("pending", 2L).containsEntry("failed", 0L);
        // shop has no policy: its agents run version 0, which they have
        assertThat((List<Object>) fleet.get("services")).containsExactly(
                Map.of("service", "orders", "agents", 3L, "stale", 0L, "applied", 1L, "pending", 2L, "failed", 0L),
                Map.of("service", "shop", "agents", 2L, "stale", 1L, "applied", 2L, "pending", 0L, "failed", 0L));
        assertThat((List<Object>) fleet.get("jdks")).containsExactly(Map.of("jdk", "17.0.15 (Debian)", "agents", 5L));
        assertThat((List<Object>) fleet.get("agentVersions")).containsExactly(Map.of("agentVersion", "0.1.0", "agents", 5L));
        assertThat((List<Object>) fleet.get("quarantinedAspects")).containsExactly(Map.of("aspect", "jndi", "agents", 1L));
        // with a service: a version's progress, as before
        assertThat(api.get("/v1/agents/summary?service=orders", admin).json()).containsEntry("targeted", 3L).containsEntry("applied", 1L);
    }

    @Test
    void audit_pages_by_cursor_and_filters_by_actor_action_and_time() {
        for (int i = 0; i < 5; i++) {
            Planes.enrolToken(api, admin, "svc-" + i);
        }
        String viewerToken = Planes.operatorToken(api, admin, "viewer");
        Planes.push(api, admin, "svc-0", Planes.policy("block"), null);
        int entries = list(api.get("/v1/audit", admin), "entries").size();
        assertThat(entries).isGreaterThanOrEqualTo(7);
        List<Object> ids = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            Api.Resp r = api.get("/v1/audit?limit=3" + (next == null ? "" : "&before=" + next), admin);
            list(r, "entries").forEach(e -> ids.add(e.get("id")));
            next = (String) r.json().get("next");
            pages++;
        } while (next != null && pages < 10);
        assertThat(ids).hasSize(entries).doesNotHaveDuplicates();
        assertThat(pages).isEqualTo((entries + 2) / 3 + (entries % 3 == 0 ? 1 : 0));
        assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare((Long) b, (Long) a));
        Map<String, Object> push = list(api.get("/v1/audit?action=policy.push", admin), "entries").get(0);
        String actor = (String) push.get("actor");
        assertThat(list(api.get("/v1/audit?actor=" + enc(actor), admin), "entries")).hasSizeGreaterThanOrEqualTo(7).allSatisfy(e -> assertThat(e.get("actor")).isEqualTo(actor));
        assertThat(list(api.get("/v1/audit?actor=nobody", admin), "entries")).isEmpty();
        assertThat(list(api.get("/v1/audit?from=" + Instant.now().plusSeconds(60), admin), "entries")).isEmpty();
        assertThat(list(api.get("/v1/audit?to=" + Instant.now().plusSeconds(60) + "&from=" + Instant.now().minusSeconds(600), admin), "entries")).hasSize(entries);
        assertThat(api.get("/v1/audit", viewerToken).status()).isEqualTo(403);
    }

    @SuppressWarnings("unchecked")
    @Test
    void drill_runs_page_by_cursor_and_the_trend_scores_each_finished_run() {
        String operator = Planes.operatorToken(api, admin, "operator");
        api.post("/v1/drills/targets", admin, Map.of("url", "http://127.0.0.1:8080", "service", "shop"));
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = (String) api.post("/v1/drills/runs", operator, Map.of("target", "http://127.0.0.1:8080", "suite", List.of("sql"))).json().get("id");
            runs.add(id);
            Map<String, Object> result = Map.of("format", "secplane-drill/1", "drill", Map.of("id", id, "target", "http://127.0.0.1:8080"),
                    "categories", List.of(Map.of("category", "sql", "cases", 10, "detected", 8 + i % 3, "blocked", 5 + 2 * i),
                            Map.of("category", "command", "cases", 10, "detected", 10, "blocked", 10)), "cases", List.of());
            Api.Resp put = api.send(api.request("/v1/drills/runs/" + id + "/result", operator).header("Content-Type", "application/json")
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(Json.write(result))).build());
            assertThat(put.status()).as(put.toString()).isEqualTo(200);
        }
        Api.Resp first = api.get("/v1/drills/runs?limit=2", admin);
        List<Object> seen = new ArrayList<>();
        list(first, "runs").forEach(r -> seen.add(r.get("id")));
        Api.Resp second = api.get("/v1/drills/runs?limit=2&before=" + first.json().get("next"), admin);
        list(second, "runs").forEach(r -> seen.add(r.get("id")));
        assertThat(second.json().get("next")).isNull();
        assertThat(seen).containsExactlyInAnyOrderElementsOf(runs).doesNotHaveDuplicates();

        List<Map<String, Object>> targets = list(api.get("/v1/drills/trend", admin), "targets");
        assertThat(targets).singleElement().satisfies(t -> {
            assertThat(t).containsEntry("target", "http://127.0.0.1:8080").containsEntry("service", "shop");
            List<Map<String, Object>> points = (List<Map<String, Object>>) t.get("points");
            assertThat(points).hasSize(3);
            // 20 cases per run; blocked 15, 17, 19 in the order the runs finished
            assertThat(points).extracting(p -> p.get("cases")).containsOnly(20L);
            assertThat(points).extracting(p -> ((Number) p.get("blocked")).longValue()).containsExactlyInAnyOrder(15L, 17L, 19L);
            assertThat(points).extracting(p -> (String) p.get("time")).isSorted();
            Map<String, Object> p19 = points.stream().filter(p -> p.get("blocked").equals(19L)).findFirst().orElseThrow();
            assertThat(((Number) p19.get("blockedPct")).doubleValue()).isEqualTo(95.0);
        });
        assertThat(list(api.get("/v1/drills/trend?target=http://10.9.9.9:1", admin), "targets")).isEmpty();
        assertThat(api.get("/v1/drills/trend?from=last-week", admin).status()).isEqualTo(400);
    }
}
