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

    @BeforeAll
    static void gatherAndRender() throws Exception {
        plane = new FilledPlane(data.resolve("plane"));
        plane.fill();
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
            pdfText = new PDFTextStripper().getText(doc);
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

    @Test
    void dump() {
        System.out.println(progress);
        report.sections().forEach(s -> s.figures().forEach(f -> System.out.println(f.id() + " = " + f.value() + "   " + f.query())));
        System.out.println(pdfText);
    }
}
