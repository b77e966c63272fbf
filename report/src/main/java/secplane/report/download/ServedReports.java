package secplane.report.download;

import java.nio.charset.StandardCharsets;
import secplane.report.ComplianceReport;
import secplane.report.Gatherer;
import secplane.report.PlaneClient;
import secplane.report.ReportException;
import secplane.report.Text;
import secplane.report.clause.Clauses;
import secplane.report.html.HtmlReport;
import secplane.report.pdf.PdfReport;
import secplane.server.http.ApiError;
import secplane.server.reports.ComplianceReports;

/**
 * The compliance report as the control plane serves it ({@code GET /v1/reports/compliance}): gathered through
 * the plane's own API, on loopback, with the caller's token, exactly as {@code secplane report compliance}
 * gathers it. Registered in {@code META-INF/services} for the server's {@link java.util.ServiceLoader}.
 */
public final class ServedReports implements ComplianceReports {

    @Override
    public Rendered render(Request request) throws Exception {
        Text.Lang lang = Text.Lang.parse(request.lang());
        try {
            PlaneClient plane = new PlaneClient(request.plane().toString(), request.token());
            // no drill files here: the runs the plane stores are read from GET /v1/drills/runs
            ComplianceReport report = new Gatherer(plane, Clauses.builtin(), request.from(), request.to(), step -> { }).gather(java.util.List.of());
            if (request.format() == Format.HTML) {
                return new Rendered(HtmlReport.render(report, lang).getBytes(StandardCharsets.UTF_8), null);
            }
            PdfReport.Written pdf = PdfReport.render(report, lang, null);
            return new Rendered(pdf.pdf(), pdf.note());
        } catch (ReportException e) {
            throw switch (e.kind()) {
                // the caller's own token could not read a part of the plane the report needs
                case UNAUTHORIZED -> ApiError.forbidden("the report could not be gathered with your token: " + e.getMessage());
                case INPUT -> ApiError.invalid(e.getMessage());
                case UNREACHABLE, FAILED -> new ApiError(502, "report-failed", "gathering the report from this plane's API failed: " + e.getMessage());
            };
        }
    }
}
