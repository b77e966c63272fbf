package secplane.governance.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import secplane.governance.catalog.Catalog;
import secplane.governance.scan.ScanListener;
import secplane.governance.scan.ScanReport;

/**
 * Rewrites the JSON and HTML reports after every table or file, and once more at the end, so that a scan
 * that dies half-way (killed, out of memory, a lost connection) leaves a report of everything found so far.
 */
public final class ReportFiles implements ScanListener {
    private final Catalog catalog;
    private final Path json;
    private final Path html;

    public ReportFiles(Catalog catalog, Path json, Path html) {
        this.catalog = catalog;
        this.json = json;
        this.html = html;
    }

    @Override
    public void unitDone(String unit, int done, int total, ScanReport report) {
        write(report);
    }

    public void write(ScanReport report) {
        try {
            if (json != null) {
                JsonReport.write(report, catalog, json);
            }
            if (html != null) {
                HtmlReport.write(report, catalog, html);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report: " + e.getMessage(), e);
        }
    }
}
