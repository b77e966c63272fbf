package secplane.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import secplane.governance.watermark.ExportFormat;
import secplane.governance.watermark.ExportRegistry;
import secplane.governance.watermark.LeakTracer;
import secplane.governance.watermark.WatermarkException;
import secplane.protocol.json.Json;

/** {@code secplane trace <leaked file>}. Exit 0 recipient named, 4 nobody named, 2 bad usage or input. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Name the recipient of a leaked export: tests the file against every export in the registry",
            "(invisible tokens, and keyed numeric bits with a false-attribution bound of 10^-6 per file).",
            "Works after columns were reordered or deleted, rows dropped, and CSV converted to JSON or back.",
            "Exit 0: a recipient named; 4: nobody named."})
final class TraceCommand implements Callable<Integer> {
    static final int NOBODY = 4;

    @Parameters(index = "0", paramLabel = "<leaked>", description = "the leaked file (.csv, .json or .jsonl)")
    Path leaked;

    @Option(names = "--registry", required = true, paramLabel = "DIR", description = "the export registry the exports were marked with")
    Path registry;

    @Option(names = "--json", description = "print the evidence as JSON")
    boolean json;

    @Override
    public Integer call() {
        try {
            LeakTracer.Report r = LeakTracer.trace(ExportFormat.read(leaked), ExportRegistry.open(registry, false));
            if (json) {
                List<Object> ev = new ArrayList<>();
                for (LeakTracer.Evidence e : r.evidence()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("export", e.export().id());
                    m.put("recipient", e.export().recipient());
                    m.put("exportedAt", e.export().exportedAt().toString());
                    m.put("named", e.named());
                    m.put("tokenCells", (long) e.tokenCells());
                    m.put("bits", e.bits());
                    m.put("agreeing", e.agreeing());
                    m.put("log10P", new java.math.BigDecimal(e.log10P()).setScale(2, java.math.RoundingMode.HALF_UP));
                    ev.add(m);
                }
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("file", leaked.toString());
                doc.put("rows", (long) r.rows());
                doc.put("exportsTested", (long) r.exportsTested());
                doc.put("evidence", ev);
                System.out.println(Json.write(doc));
            } else {
                System.out.printf("%s: %d rows tested against %d exports (threshold p ≤ 10^%.1f)%n", leaked, r.rows(), r.exportsTested(), r.log10Threshold());
                Table t = new Table("verdict", "recipient", "exported at", "export", "tokens", "bits agreeing", "chance");
                for (LeakTracer.Evidence e : r.evidence()) {
                    if (e.named() || e.log10P() < -2 || e.tokenCells() > 0) {
                        t.row(e.named() ? "NAMED" : "-", e.export().recipient(), e.export().exportedAt(), e.export().id(), e.tokenCells(),
                                e.agreeing() + "/" + e.bits(), e.bits() == 0 ? "-" : String.format("10^%.1f", e.log10P()));
                    }
                }
                System.out.print(t);
                if (r.named().isEmpty()) {
                    System.out.println("nobody named: the file carries no mark of any recorded export (or too little of one survived)");
                }
            }
            return r.named().isEmpty() ? NOBODY : 0;
        } catch (WatermarkException e) {
            System.err.println("secplane trace: " + e.getMessage());
            return 2;
        }
    }
}
