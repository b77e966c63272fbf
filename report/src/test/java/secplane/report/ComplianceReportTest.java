package secplane.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.report.ComplianceReport.Figure;
import secplane.report.clause.Clauses;
import secplane.report.clause.Control;
import secplane.report.drill.DrillResult;
import secplane.report.html.HtmlReport;
import secplane.report.pdf.PdfReport;

/**
 * The report gathered from a real control plane filled through its API, rendered as HTML and PDF; the PDF is
 * rendered to images and its text read back, and every number is checked against the plane's own answers.
 */
class ComplianceReportTest {
    @TempDir
    static Path data;
    static FilledPlane plane;
    static ComplianceReport report;
    static String pdfText;
    static String html;
    static final List<String> progress = new ArrayList<>();

    static final String DRILL = """
            {"format": "secplane-drill/1",
             "drill": {"id": "dr-5c0f3a9e", "target": "http://127.0.0.1:8080", "service": "orders", "suite": ["sql", "command"], "benign": true,
                       "startedAt": "2026-11-30T06:00:00.000Z", "finishedAt": "2026-11-30T06:01:10.000Z", "requests": 412, "ratePerSecond": 20},
             "categories": [{"category": "sql", "cases": 9, "detected": 9, "blocked": 8, "missed": 0, "errors": 0,
                             "detectedPct": 100.0, "blockedPct": 88.9, "benignRequests": 200, "falseAlarms": 1, "falseAlarmPct": 0.5},
                            {"category": "command", "cases": 4, "detected": 3, "blocked": 3, "missed": 1, "errors": 0,
                             "detectedPct": 75.0, "blockedPct": 75.0, "benignRequests": 100, "falseAlarms": 0, "falseAlarmPct": 0.0}],
             "cases": [{"id": "sql-tautology", "category": "sql", "name": "quote and always-true condition", "sources": ["CWE-89", "WSTG-INPV-05"],
                        "request": "GET /sql/user?name=x", "status": 403, "outcome": "blocked", "events": ["ev-drill-sql-1"], "rules": ["sql.injection"]},
                       {"id": "cmd-semicolon", "category": "command", "name": "command separator", "sources": ["CWE-78"],
                        "request": "GET /run?host=x", "status": 200, "outcome": "missed", "events": [], "rules": []}]}
            """;

    /** A second drill, stored on the plane (GET /v1/drills/runs), not given as a file: one XXE case, blocked. */
    static final String STORED = """
            {"format": "secplane-drill/1",
             "drill": {"id": "<id>", "target": "http://127.0.0.1:8081", "service": "billing", "suite": ["xxe"], "benign": false,
                       "startedAt": "2026-11-30T06:10:00.000Z", "finishedAt": "2026-11-30T06:10:05.000Z", "requests": 1, "ratePerSecond": 10},
             "categories": [{"category": "xxe", "cases": 1, "detected": 1, "blocked": 1, "missed": 0, "errors": 0,
                             "detectedPct": 100.0, "blockedPct": 100.0, "benignRequests": 0, "falseAlarms": 0, "falseAlarmPct": 0.0}],
             "cases": [{"id": "xxe-external-file", "category": "xxe", "name": "external entity reading a file", "sources": ["CWE-611"],
                        "request": "POST /xml/parse", "status": 403, "outcome": "blocked", "events": ["ev-drill-xxe-1"], "rules": ["xxe"]}]}
            """;
    static String storedRun;

    @BeforeAll
    static void gatherAndRender() throws Exception {
        plane = new FilledPlane(data.resolve("plane"));
        plane.fill();
        storedRun = plane.storeDrillRun("http://127.0.0.1:8081", "billing", STORED);
        Path drill = data.resolve("drill.json");
        Files.writeString(drill, DRILL);
        report = new Gatherer(new PlaneClient(plane.base, plane.viewer), Clauses.builtin(), plane.now.minus(Duration.ofDays(30)),
                Instant.now().plusSeconds(1), progress::add).gather(List.of(DrillResult.read(drill)));
        html = HtmlReport.render(report, Text.Lang.EN);
        PdfReport.Written pdf = PdfReport.render(report, Text.Lang.EN, null);
        Path out = Path.of("target", "compliance-report");
        Files.createDirectories(out);
        Files.write(out.resolve("report.pdf"), pdf.pdf());
        Files.writeString(out.resolve("report.html"), html);
        try (PDDocument doc = Loader.loadPDF(pdf.pdf())) {
            assertThat(doc.getNumberOfPages()).isGreaterThan(1);
            PDFRenderer renderer = new PDFRenderer(doc);
            for (int p = 0; p < doc.getNumberOfPages(); p++) {
                BufferedImage image = renderer.renderImageWithDPI(p, 72);
                assertThat(inked(image)).as("page %d has something drawn on it", p + 1).isGreaterThan(500);
                ImageIO.write(image, "png", out.resolve("page-" + (p + 1) + ".png").toFile());
            }
            // each page's footer ("secplane · N") falls between the lines of a paragraph that runs onto the next page
            pdfText = new PDFTextStripper().getText(doc).replaceAll("secplane · \\d+", "");
        }
    }

    @AfterAll
    static void stop() {
        if (plane != null) {
            plane.close();
        }
    }

    /** Pixels that are not white: a page whose text failed to draw is blank. */
    static int inked(BufferedImage image) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The PDF's text with its line breaks removed: long queries wrap. */
    static String flatPdf() {
        return pdfText.replaceAll("\\s*\\R\\s*", "");
    }

    static String value(String id) {
        return report.figure(id).map(Figure::value).orElseThrow(() -> new AssertionError("no figure " + id));
    }

    static String norm(String s) {
        return s.replaceAll("\\s+", "");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        return (List<Map<String, Object>>) m.get(key);
    }

    @SuppressWarnings("unchecked")
    @Test
    void every_number_equals_what_the_plane_answers_through_its_api() {
        // coverage: a service is covered when every live agent of it has applied its newest policy
        List<Map<String, Object>> agents = list(plane.json("/v1/agents"), "agents");
        Map<String, List<Map<String, Object>>> byService = new java.util.TreeMap<>();
        agents.forEach(a -> byService.computeIfAbsent((String) a.get("service"), k -> new ArrayList<>()).add(a));
        long covered = byService.values().stream().filter(as -> as.stream().allMatch(a -> "applied".equals(a.get("state")))).count();
        assertThat(value("services-covered")).isEqualTo(covered + " of " + byService.size()).isEqualTo("2 of 3");
        assertThat(value("instances-live")).isEqualTo("4 / 4");
        assertThat(value("jdks")).isEqualTo("17.0.15 (Debian), 21.0.5 (Eclipse Adoptium)");
        assertThat(report.section("agent-coverage").orElseThrow().tables().get(0).rows()).extracting(r -> r.get(0).text() + " " + r.get(8).text())
                .containsExactly("billing covered", "crm 0 of 1 live applied v1", "orders covered");

        // blocks in the period: the 40-day-old block is outside it
        String window = "&from=" + Gatherer.enc(report.from()) + "&to=" + Gatherer.enc(report.to());
        List<Map<String, Object>> blocks = list(plane.json("/v1/events?rule=jndi.remote-lookup&verdict=block" + window), "events");
        assertThat(value("blocks")).isEqualTo(Integer.toString(blocks.size())).isEqualTo("2");

        // exposures: an exposed instance is open unless a patch set naming the advisory is active on it
        Map<String, Object> log4shell = list(plane.json("/v1/patches"), "patches").stream().filter(p -> "log4shell".equals(p.get("id"))).findFirst().orElseThrow();
        List<String> named = (List<String>) log4shell.get("advisories");
        List<Object> active = list(plane.json("/v1/patches/log4shell/status"), "agents").stream().filter(a -> "active".equals(a.get("state")))
                .map(a -> a.get("agentId")).toList();
        long exposed = 0;
        long open = 0;
        for (Map<String, Object> adv : list(plane.json("/v1/exposure"), "advisories")) {
            List<Object> names = new ArrayList<>((List<Object>) adv.get("aliases"));
            names.add(adv.get("id"));
            boolean patchable = names.stream().anyMatch(named::contains);
            for (Map<String, Object> e : list(plane.json("/v1/exposure/" + adv.get("id")), "exposed")) {
                exposed++;
                if (!patchable || !active.contains(e.get("agentId"))) {
                    open++;
                }
            }
        }
        assertThat(value("exposed-instances")).isEqualTo(Long.toString(exposed));
        assertThat(value("open-exposures")).isEqualTo(Long.toString(open));
        assertThat(open).isPositive().isLessThan(exposed);
        assertThat(report.section("vulnerability-response").orElseThrow().tables().get(0).rows())
                .anySatisfy(r -> assertThat(r.get(0).text() + " " + r.get(2).text() + " " + r.get(4).text()).isEqualTo("ACME-2026-0001 orders-2 no patch set names it: upgrade"))
                .anySatisfy(r -> assertThat(r.get(0).text() + " " + r.get(2).text() + " " + r.get(4).text()).startsWith("CVE-2021-44228 orders-1 log4shell issued"));
        // time to patch: from the instance's enrolment (a built-in advisory) to the issue of the policy version carrying the patch
        Map<String, Object> orders1 = agents.stream().filter(a -> "orders-1".equals(a.get("instanceId"))).findFirst().orElseThrow();
        Map<String, Object> patched = list(plane.json("/v1/policies?service=orders"), "policies").stream()
                .filter(p -> String.valueOf(p.get("policy")).contains("log4shell-jndi-lookup")).reduce((a, b) -> b).orElseThrow();
        String ttp = Gatherer.duration(Duration.between(Instant.parse((String) orders1.get("enrolledAt")), Instant.parse((String) patched.get("createdAt"))).getSeconds());
        assertThat(report.section("vulnerability-response").orElseThrow().tables().get(0).rows())
                .anySatisfy(r -> assertThat(r.get(0).text() + " " + r.get(2).text() + " " + r.get(4).text() + " " + r.get(5).text())
                        .isEqualTo("CVE-2021-44228 orders-1 log4shell issued " + patched.get("createdAt") + ", active " + ttp));
        assertThat(value("time-to-patch-median")).isNotEqualTo("-");

        // data findings and time to remediate: 1 open (the logger), medians of 1 h and 2 h
        Map<String, Object> remediation = (Map<String, Object>) plane.json("/v1/data/metrics").get("remediation");
        assertThat(value("findings-open")).isEqualTo(String.valueOf(remediation.get("open"))).isEqualTo("1");
        assertThat(value("findings-closed")).isEqualTo("2");
        assertThat(value("ttr-median")).isEqualTo(Gatherer.duration(((Number) remediation.get("timeToRemediateMedianSeconds")).longValue())).isEqualTo("1h 0m");
        assertThat(value("ttr-p90")).isEqualTo("2h 0m");
        assertThat(value("data-endpoints")).isEqualTo("2");
        assertThat(value("data-loggers")).isEqualTo("1");

        // drills from the file and the one the plane stores
        assertThat(value("drills")).isEqualTo("2");
        assertThat(value("drill-detected")).isEqualTo("13 of 14 (92.9%)");
        assertThat(value("drill-blocked")).isEqualTo("12 of 14 (85.7%)");
        assertThat(value("drill-false-alarms")).isEqualTo("1 of 300 (0.3%)");
        assertThat(progress).hasSize(Gatherer.STEPS);
    }

    @Test
    void the_pdf_read_back_shows_every_number_with_its_query_the_clauses_and_the_event_ids() {
        String text = norm(pdfText);
        for (ComplianceReport.Section s : report.sections()) {
            assertThat(text).contains(norm(s.control().title().en()));
            for (Control.Clause c : s.control().clauses()) {
                assertThat(text).contains(norm(c.law().name().en() + " " + c.clause() + " — " + c.title().en()));
            }
            for (Figure f : s.figures()) {
                assertThat(text).as(f.id()).contains(norm(f.label().en() + ": " + f.value()));
                assertThat(text).as(f.id()).contains(norm(f.query()));
            }
        }
        assertThat(text).contains(norm("services covered (every live agent runs the newest policy): 2 of 3"))
                .contains(norm("open findings: 1")).contains(norm("time to remediate, median: 1h 0m"))
                .contains("GET/v1/events?rule=jndi.remote-lookup&verdict=block&from=")
                .contains("ev-jndi-1").contains("ev-jndi-2").contains("ev-d5").contains("ev-drill-sql-1").doesNotContain("ev-jndi-old")
                .contains(norm("Cybersecurity Law of the PRC (2016) Art. 42"))
                .contains(norm("GB/T 22239-2019")).contains(norm("GB/T 43697-2024")).contains(norm("JR/T 0197-2020")).contains(norm("GB/T 35273-2020 Personal information security specification 7.2"));
    }

    @Test
    void the_html_is_self_contained_and_links_every_number_to_its_query() {
        for (ComplianceReport.Section s : report.sections()) {
            for (Figure f : s.figures()) {
                assertThat(html).as(f.id()).contains(">" + esc(f.value()) + "<");
                if (f.query().startsWith("/")) {
                    assertThat(html).as(f.id()).contains("<a href=\"" + esc(plane.base + f.query()) + "\">" + esc(f.value()) + "</a>");
                }
            }
        }
        assertThat(html).contains("href=\"" + esc(plane.base + "/v1/events?rule=jndi.remote-lookup&verdict=block&from="))
                .contains("<svg").contains("id=\"chart-coverage\"").contains("id=\"chart-ttr\"").contains("id=\"chart-exposure-by-level\"")
                .contains("ev-jndi-1").contains("ev-drill-sql-1").contains("8.1.4.4").contains("数据分类分级保护制度")
                .doesNotContain("<script").doesNotContain("<link").doesNotContain(" src=");
        String zh = HtmlReport.render(report, Text.Lang.ZH);
        assertThat(zh).contains("lang=\"zh-Hans\"").contains("<h2>1. 防护探针覆盖").contains(">2 of 3<");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Test
    void a_chinese_pdf_needs_a_cjk_font_and_says_so_when_there_is_none() throws Exception {
        // -Dsecplane.report.cjkFont=FILE runs the Chinese branch on a machine without the wqy fonts installed
        String given = System.getProperty("secplane.report.cjkFont");
        Path font = given == null || given.isBlank() ? null : Path.of(given);
        PdfReport.Written zh = PdfReport.render(report, Text.Lang.ZH, font);
        String text;
        try (PDDocument doc = Loader.loadPDF(zh.pdf())) {
            text = new PDFTextStripper().getText(doc);
            BufferedImage first = new PDFRenderer(doc).renderImageWithDPI(0, 72);
            assertThat(inked(first)).isGreaterThan(500);
            ImageIO.write(first, "png", Path.of("target", "compliance-report", "zh-page-1.png").toFile());
        }
        if (secplane.report.pdf.PdfFonts.cjk(font).isPresent()) {
            assertThat(zh.lang()).isEqualTo(Text.Lang.ZH);
            assertThat(text).contains("合规报告").contains("数据分类分级保护制度");
        } else {
            assertThat(zh.lang()).isEqualTo(Text.Lang.EN);
            assertThat(zh.note()).contains("no TrueType font with Chinese glyphs").contains("--font");
            assertThat(norm(text)).contains(norm(zh.note())).contains(norm("services covered (every live agent runs the newest policy): 2 of 3"));
        }
    }
}
