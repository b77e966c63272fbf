package secplane.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import secplane.governance.catalog.Catalog;
import secplane.governance.detectors.Builtins;
import secplane.governance.detectors.DetectionEngine;
import secplane.governance.report.ReportFiles;
import secplane.governance.scan.Asset;
import secplane.governance.scan.FileScanner;
import secplane.governance.scan.JdbcScanner;
import secplane.governance.scan.ScanListener;
import secplane.governance.scan.ScanOptions;
import secplane.governance.scan.ScanReport;
import secplane.governance.scan.TypeHit;

/** {@code secplane scan}: find and classify sensitive data in a database or in files. Exit 0 when the scan ran to the end, 1 when it stopped early, 2 on bad usage. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Find and classify sensitive data (Chinese personal information first) in a database or in files.",
            "A database is sampled read-only, --sample rows per table; files: CSV and JSON by column/key, everything else as text.",
            "Reports hold masked examples only. The JSON and HTML reports are rewritten after every table or file."})
final class ScanCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<jdbc-url|file|dir>", description = "jdbc:h2:..., jdbc:postgresql://..., jdbc:mysql://... (driver on the class path), a file or a directory")
    String target;

    @Option(names = "--json", paramLabel = "FILE", description = "write the JSON report here")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "write the self-contained HTML report here")
    Path html;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "10000", description = "rows per table, records or lines per file (default ${DEFAULT-VALUE})")
    int sample;

    @Option(names = "--user", description = "database user")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR", defaultValue = "SECPLANE_DB_PASSWORD",
            description = "environment variable holding the database password (default ${DEFAULT-VALUE}); never given on the command line")
    String passwordEnv;

    @Option(names = "--catalog", paramLabel = "FILE", description = "the organisation's catalog, laid over the built-in one (docs/governance.md)")
    Path catalogFile;

    @Option(names = "--min-hit-rate", defaultValue = "0.01", description = "share of a column's values that must hold a type (default ${DEFAULT-VALUE})")
    double minHitRate;

    @Option(names = "--min-confidence", defaultValue = "0.5", description = "detector confidence threshold (default ${DEFAULT-VALUE})")
    double minConfidence;

    @Override
    public Integer call() throws Exception {
        if (sample < 1) {
            System.err.println("secplane scan: --sample must be at least 1");
            return 2;
        }
        if (minConfidence <= 0 || minConfidence > 1) {
            System.err.println("secplane scan: --min-confidence must be in (0, 1]");
            return 2;
        }
        Catalog catalog;
        try {
            catalog = catalogFile == null ? Catalog.builtin() : Catalog.withOverrides(catalogFile);
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println("secplane scan: bad catalog: " + e.getMessage());
            return 2;
        }
        ScanOptions options;
        try {
            options = ScanOptions.defaults().withSample(sample);
            options = new ScanOptions(options.sample(), minHitRate, options.maxLineChars(), options.maxJsonBytes(), options.examples());
        } catch (IllegalArgumentException e) {
            System.err.println("secplane scan: " + e.getMessage());
            return 2;
        }
        boolean jdbc = target.startsWith("jdbc:");
        if (!jdbc && !Files.exists(Path.of(target))) {
            System.err.println("secplane scan: " + target + " does not exist: give a file, a directory or a jdbc: URL");
            return 2;
        }
        DetectionEngine engine = new DetectionEngine(Builtins.all(), minConfidence);
        ReportFiles files = new ReportFiles(catalog, json, html);
        ScanListener listener = new ScanListener() {
            private Progress progress;

            @Override
            public void started(int units) {
                progress = new Progress("scan", units);
            }

            @Override
            public void unitDone(String unit, int done, int total, ScanReport report) {
                progress.set(done, unit);
                files.unitDone(unit, done, total, report);
            }
        };
        ScanReport report = null;
        try {
            report = jdbc
                    ? new JdbcScanner(engine, catalog, options).scan(target, user, System.getenv(passwordEnv), listener)
                    : new FileScanner(engine, catalog, options).scan(Path.of(target), listener);
        } finally {
            if (report != null) {
                files.write(report);
            }
        }
        print(report);
        return report.aborted() == null ? 0 : 1;
    }

    private static void print(ScanReport r) {
        Table t = new Table("ASSET", "TYPE", "HIT RATE", "PIPL", "GB/T 43697", "JR/T 0197", "EXAMPLE (MASKED)");
        int sensitive = 0;
        for (Asset a : r.assets()) {
            if (a.types().isEmpty()) {
                continue;
            }
            sensitive++;
            boolean first = true;
            for (TypeHit h : a.types()) {
                t.row(first ? a.name() : "", h.type(), String.format("%.1f%%", 100 * h.hitRate()),
                        first ? (a.classification().piplSensitive() ? "sensitive" : "-") : "",
                        first ? a.classification().gbt43697().label() : "", first ? a.classification().jrt0197() : "",
                        h.examples().isEmpty() ? "" : h.examples().get(0));
                first = false;
            }
        }
        System.out.print(t);
        System.out.printf("%d of %d assets hold sensitive data; %d scanned of %d; %d skipped or partly read%n", sensitive, r.assets().size(),
                r.unitsDone(), r.unitsTotal(), r.skipped().size());
        if (!r.skipped().isEmpty()) {
            System.out.println(r.skipped().stream().limit(20).map(s -> "  skipped " + s.what() + ": " + s.reason()).collect(Collectors.joining("\n")));
        }
        if (r.aborted() != null) {
            System.out.println("the scan stopped early: " + r.aborted());
        }
    }
}
