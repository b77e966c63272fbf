package secplane.drill.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import secplane.drill.corpus.Benign;
import secplane.drill.corpus.Corpus;
import secplane.drill.corpus.CorpusLoader;
import secplane.drill.discovery.EndpointList;
import secplane.drill.run.Attempt;
import secplane.drill.run.DrillRunner.Sent;
import secplane.drill.run.Marker;
import secplane.drill.run.Planner;
import secplane.protocol.json.Json;

class CorrelatorTest {
    private final Marker marker = new Marker("dr-12345678", "abc");
    private final Corpus suite = CorpusLoader.builtIn().suite(List.of("sql", "xss", "jndi"));
    private final Planner planner = new Planner(marker.runId(), 9, Benign.builtIn());
    private final List<Attempt> attacks = planner.attacks(suite, EndpointList.parse("GET /sql/user?name\nGET /hello?name\n", "list"));
    private final List<Attempt> benign = planner.benign(EndpointList.parse("GET /sql/user?name\nGET /hello?name\n", "list"));

    private Map<String, Object> event(Attempt a, String verdict, String rule) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", "ev-" + a.seq());
        e.put("verdict", verdict);
        e.put("rule", rule);
        e.put("request", Map.of("drill", marker.header(a)));
        return e;
    }

    private Correlator.Run run() {
        return new Correlator.Run(marker, "http://127.0.0.1:8080", "shop", List.of("sql", "xss", "jndi"), true,
                Instant.parse("2026-11-30T06:00:00Z"), Instant.parse("2026-11-30T06:01:00Z"), 20);
    }

    @Test
    void outcomesComeFromTheEventsOfEachRequest() {
        List<Sent> sent = new ArrayList<>();
        List<Map<String, Object>> events = new ArrayList<>();
        for (Attempt a : attacks) {
            String category = a.attack().category();
            boolean sqlEndpoint = a.endpoint().path().equals("/sql/user");
            if (category.equals("sql") && sqlEndpoint) {
                sent.add(new Sent(a, 403, "ev-" + a.seq(), null));
                events.add(event(a, "block", "sql.injection"));
            } else if (category.equals("xss") && !sqlEndpoint) {
                sent.add(new Sent(a, 200, null, null));
                events.add(event(a, "observe", "xss.reflected"));
            } else {
                sent.add(new Sent(a, 200, null, null));
            }
        }
        // a forged marker (wrong secret) is not this drill's
        Map<String, Object> forged = event(attacks.get(0), "block", "sql.injection");
        forged.put("request", Map.of("drill", "dr-12345678.wrong.jndi-plain:" + attacks.get(0).seq()));
        events.add(forged);
        List<Sent> benignSent = new ArrayList<>();
        for (Attempt a : benign) {
            benignSent.add(new Sent(a, 200, null, null));
        }
        Attempt alarm = benign.get(0);
        benignSent.set(0, new Sent(alarm, 403, "ev-x", null));
        events.add(event(alarm, "block", "sql.injection"));

        Map<String, Object> result = Correlator.result(run(), suite, sent, benignSent, events, "control plane http://x");
        Map<String, Map<String, Object>> byCategory = byCategory(result);
        assertThat(byCategory.get("sql")).containsEntry("blockedPct", 100.0).containsEntry("detectedPct", 100.0)
                .containsEntry("falseAlarms", 1);
        assertThat(byCategory.get("xss")).containsEntry("blockedPct", 0.0).containsEntry("detectedPct", 100.0);
        assertThat(byCategory.get("jndi")).containsEntry("blocked", 0).containsEntry("missed", suite.byCategory().get("jndi").size());
        assertThat((int) byCategory.get("sql").get("benignRequests")).isEqualTo(Benign.builtIn().of("text").size() * 2);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cases = (List<Map<String, Object>>) result.get("cases");
        assertThat(cases).filteredOn(c -> c.get("id").equals("sql-tautology")).singleElement().satisfies(c -> {
            assertThat(c).containsEntry("outcome", "blocked").containsEntry("status", 403).containsEntry("rules", List.of("sql.injection"));
            assertThat(String.valueOf(c.get("request"))).startsWith("GET /sql/user?name=");
        });
        // the result survives a JSON round trip in the shared format
        assertThat(Json.parse(Json.write(result))).isEqualTo(Json.parse(Json.write(result)));
        assertThat(result).containsEntry("format", "secplane-drill/1");
    }

    @Test
    void withoutEventsA403IsBlockedAndTheReportSaysSo() {
        List<Sent> sent = new ArrayList<>();
        for (Attempt a : attacks) {
            sent.add(new Sent(a, a.attack().category().equals("sql") ? 403 : 200, null, null));
        }
        Map<String, Object> result = Correlator.result(run(), suite, sent, List.of(), null, null);
        assertThat(byCategory(result).get("sql")).containsEntry("blockedPct", 100.0);
        assertThat(byCategory(result).get("xss")).containsEntry("detectedPct", 0.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> drill = (Map<String, Object>) result.get("drill");
        assertThat(String.valueOf(drill.get("events"))).contains("HTTP status only");
    }

    @Test
    void theHtmlReportIsSelfContainedEscapedAndShowsEveryCategory() {
        List<Sent> sent = new ArrayList<>();
        for (Attempt a : attacks) {
            sent.add(new Sent(a, 200, null, null));
        }
        Correlator.Run hostile = new Correlator.Run(marker, "http://127.0.0.1:8080/<script>alert(1)</script>", "a&b", List.of("sql"), false,
                Instant.parse("2026-11-30T06:00:00Z"), Instant.parse("2026-11-30T06:01:00Z"), 20);
        Map<String, Object> result = Correlator.result(hostile, suite, sent, List.of(), List.of(), "file");
        String html = HtmlReport.render(result);
        Document doc = Jsoup.parse(html);
        assertThat(doc.select("script")).as("payloads are text, never markup").isEmpty();
        assertThat(doc.select("img, link, iframe, [src]")).as("no external resource").isEmpty();
        assertThat(doc.select("svg rect")).hasSize(2 * 3);
        List<String> rows = doc.select("h2:contains(Scorecard) ~ table").first().select("tbody tr td:eq(0)").eachText();
        assertThat(rows).as("in the order of Categories.ALL").containsExactly("jndi", "sql", "xss");
        assertThat(doc.select("h1").text()).contains("<script>alert(1)</script>");
        assertThat(doc.select("p.note").first().text()).contains("Service a&b");
        Element xss = doc.select("td:contains(xss-script-tag)").first();
        assertThat(xss.parent().select("td").get(5).text()).isEqualTo("missed");
        // well-formed as XML too
        org.assertj.core.api.Assertions.assertThatCode(() -> javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(html.replace("<!DOCTYPE html>", "").getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .doesNotThrowAnyException();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> byCategory(Map<String, Object> result) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Object o : (List<Object>) result.get("categories")) {
            Map<String, Object> m = (Map<String, Object>) o;
            out.put((String) m.get("category"), m);
        }
        return out;
    }
}
