package secplane.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import secplane.report.ComplianceReport;
import secplane.report.Gatherer;
import secplane.report.PlaneClient;
import secplane.report.ReportException;
import secplane.report.ReportFiles;
import secplane.report.Text;
import secplane.report.clause.Clauses;
import secplane.report.drill.DrillFormatException;
import secplane.report.drill.DrillResult;
import secplane.report.html.HtmlReport;
import secplane.report.pdf.PdfReport;

@Command(name = "report", mixinStandardHelpOptions = true, description = "Reports built from what the plane has observed.",
        subcommands = {ReportCommand.Compliance.class})
final class ReportCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "compliance", mixinStandardHelpOptions = true,
            description = "The compliance report (HTML and PDF): agent coverage, protections per service, drill results, exposures and time to patch, "
                    + "the data map by level, baseline violations and time to remediate, each control mapped to the clauses it evidences "
                    + "(docs/compliance.md). Every number names the API query it was computed from.")
    static final class Compliance implements Callable<Integer> {
        @Mixin
        Remote remote;
        @Option(names = "--drills", arity = "1..*", paramLabel = "FILE", description = "drill results written by 'secplane drill --json FILE'")
        List<Path> drills = new ArrayList<>();
        @Option(names = "--html", paramLabel = "FILE", description = "write the self-contained HTML report here")
        Path html;
        @Option(names = "--pdf", paramLabel = "FILE", description = "write the PDF report here")
        Path pdf;
        @Option(names = "--lang", paramLabel = "en|zh", defaultValue = "en", description = "language of the report (default: ${DEFAULT-VALUE}); headings of the HTML are in both")
        String lang;
        @Option(names = "--font", paramLabel = "FILE", description = "a TrueType font (.ttf or .ttc) with Chinese glyphs for the PDF in zh (default: the fonts-wqy packages' files when installed)")
        Path font;
        @Option(names = "--days", paramLabel = "N", defaultValue = "30", description = "the period: the last N days up to now (default: ${DEFAULT-VALUE}; the plane keeps events 30 days by default)")
        int days;
        @Option(names = "--to", paramLabel = "TIME", description = "end of the period, ISO-8601 UTC (default: now)")
        String to;

        @Override
        public Integer call() {
            Text.Lang language;
            try {
                language = Text.Lang.parse(lang);
            } catch (IllegalArgumentException e) {
                System.err.println("secplane: " + e.getMessage());
                return ApiClient.USAGE;
            }
            if (html == null && pdf == null) {
                System.err.println("secplane: say where to write the report: --html FILE and/or --pdf FILE");
                return ApiClient.USAGE;
            }
            if (days < 1) {
                System.err.println("secplane: --days takes a whole number of days ≥ 1, not " + days);
                return ApiClient.USAGE;
            }
            Instant end;
            try {
                end = to == null ? Instant.now() : Instant.parse(to);
            } catch (DateTimeParseException e) {
                System.err.println("secplane: --to takes an ISO-8601 UTC time such as 2026-11-30T00:00:00Z, not " + to);
                return ApiClient.USAGE;
            }
            if (font != null && !java.nio.file.Files.isReadable(font)) {
                System.err.println("secplane: --font " + font + " cannot be read; pass a TrueType font (.ttf or .ttc) with Chinese glyphs, "
                        + "e.g. /usr/share/fonts/truetype/wqy/wqy-microhei.ttc from the package fonts-wqy-microhei");
                return ApiClient.USAGE;
            }
            // every drill file is checked before the plane is asked anything, so that a bad file costs nothing
            List<DrillResult> results = new ArrayList<>();
            for (Path f : drills) {
                try {
                    results.add(DrillResult.read(f));
                } catch (DrillFormatException e) {
                    System.err.println("secplane: drill file " + e.getMessage() + "; no report was written");
                    return ApiClient.USAGE;
                }
            }
            String server = remote.server == null || remote.server.isBlank() ? System.getenv().getOrDefault("SECPLANE_SERVER", "http://127.0.0.1:7443") : remote.server;
            String token = remote.token == null || remote.token.isBlank() ? System.getenv("SECPLANE_TOKEN") : remote.token;
            try {
                PlaneClient plane = new PlaneClient(server, token);
                Progress progress = new Progress("gathering from " + plane.base(), Gatherer.STEPS);
                ComplianceReport report = new Gatherer(plane, Clauses.builtin(), end.minus(Duration.ofDays(days)), end, progress::step).gather(results);
                progress.done();
                // both files are rendered before either is written; each is written whole or not at all
                byte[] htmlBytes = html == null ? null : HtmlReport.render(report, language).getBytes(StandardCharsets.UTF_8);
                PdfReport.Written written = pdf == null ? null : PdfReport.render(report, language, font);
                if (htmlBytes != null) {
                    ReportFiles.write(html, htmlBytes);
                    System.out.println("wrote " + html + " (" + htmlBytes.length + " bytes)");
                }
                if (written != null) {
                    ReportFiles.write(pdf, written.pdf());
                    System.out.println("wrote " + pdf + " (" + written.pdf().length + " bytes)");
                    if (written.note() != null) {
                        System.err.println("secplane: " + written.note());
                    }
                }
                report.figure("services-covered").ifPresent(f -> System.out.println("services covered: " + f.value()));
                report.figure("findings-open").ifPresent(f -> System.out.println("open data findings: " + f.value()));
                report.figure("open-exposures").ifPresent(f -> System.out.println("open exposures: " + f.value()));
                return ApiClient.OK;
            } catch (ReportException e) {
                System.err.println("secplane: " + e.getMessage() + "; no report was written");
                return switch (e.kind()) {
                    case UNREACHABLE -> ApiClient.UNREACHABLE;
                    case UNAUTHORIZED -> ApiClient.UNAUTHORIZED;
                    case INPUT -> ApiClient.USAGE;
                    case FAILED -> ApiClient.FAILED;
                };
            } catch (java.io.IOException e) {
                System.err.println("secplane: writing the report failed: " + e.getMessage() + "; no report was written");
                return ApiClient.FAILED;
            }
        }
    }
}
