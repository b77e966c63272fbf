package secplane.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import secplane.governance.watermark.ExportFormat;
import secplane.governance.watermark.ExportRegistry;
import secplane.governance.watermark.ExportTable;
import secplane.governance.watermark.WatermarkException;
import secplane.governance.watermark.Watermarker;

/** {@code secplane watermark}: mark an export for one recipient. Exit 0 marked, 2 bad usage or input. */
@Command(name = "watermark", mixinStandardHelpOptions = true,
        description = {"Mark a CSV or JSON export for one recipient before handing it out: decimal columns carry keyed",
            "one-unit parity bits per row, one free-text cell per row an invisible token. The export is recorded",
            "in the registry (who, when, how marked; no cell values) before the marked file is written.",
            "`secplane trace <file>` names the recipient of a leaked copy."})
final class WatermarkCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<export>", description = "the export to mark (.csv, .json or .jsonl)")
    Path in;

    @Parameters(index = "1", paramLabel = "<marked>", description = "where to write the marked export (its extension chooses the format)")
    Path out;

    @Option(names = "--recipient", required = true, description = "who receives this copy (a name, recorded in the registry)")
    String recipient;

    @Option(names = "--registry", required = true, paramLabel = "DIR", description = "the export registry (created with a fresh key if absent)")
    Path registry;

    @Option(names = "--id-column", paramLabel = "NAME", description = "a column identifying rows (repeatable); default: the first column of distinct values")
    List<String> idColumns = new ArrayList<>();

    @Override
    public Integer call() {
        try {
            if (Files.exists(out)) {
                System.err.println("secplane watermark: " + out + " exists; choose another name (a marked file is never overwritten)");
                return 2;
            }
            ExportFormat outFormat = ExportFormat.of(out);
            ExportTable table = ExportFormat.read(in);
            Watermarker.Marked m = Watermarker.mark(table, recipient, Instant.now(), ExportRegistry.open(registry, true), idColumns);
            outFormat.write(m.table(), out);
            System.out.print(new Table("export", "recipient", "rows", "identity", "numeric bits in", "token in")
                    .row(m.record().id(), m.record().recipient(), m.record().rows(), String.join("+", m.record().identity()),
                            m.record().numeric().isEmpty() ? "-" : String.join(", ", m.record().numeric().keySet()),
                            m.record().text().isEmpty() ? "-" : String.join(", ", m.record().text())));
            System.out.printf("%d values moved by one unit of their last place; written %s%n", m.changedValues(), out);
            return 0;
        } catch (WatermarkException e) {
            System.err.println("secplane watermark: " + e.getMessage());
            return 2;
        }
    }
}
