package secplane.bench.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import secplane.aspect.AspectConfig;
import secplane.aspect.Finding;
import secplane.aspect.testing.TestJoinPoint;
import secplane.aspect.testing.TestRequest;
import secplane.aspects.data.DataAspect;
import secplane.governance.watermark.ExportFormat;

/**
 * What a designated export costs the request that serves it under {@code data.export-watermark} in block mode: the
 * data aspect's call with the whole held body (parse the CSV, mark both channels for the recipient, record the export
 * in the registry with an fsync, render the marked CSV), per export of N rows. Baseline in the same run: parsing and
 * rendering the same CSV without marking (what any rewrite of the table costs).
 *
 * <pre>java -jar bench/target/benchmarks.jar ExportMarkBench -rf json -rff bench/target/jmh-export-mark.json</pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Threads(1)
@State(Scope.Benchmark)
public class ExportMarkBench {
    @Param({"1000", "10000"})
    public int rows;

    private Path registry;
    private DataAspect aspect;
    private String csv;
    private TestJoinPoint whole;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        registry = Files.createTempDirectory("export-mark-bench");
        aspect = new DataAspect();
        aspect.configure(new AspectConfig(Map.of("exports", List.of(Map.of("endpoint", "GET /export/*")), "exportRegistry", registry.toString())));
        StringBuilder sb = new StringBuilder("customer_id,name,remark,city,balance\r\n");
        String[] remarks = {"prefers email contact", "asked about the new savings plan", "long-standing customer since 2012"};
        for (int i = 0; i < rows; i++) {
            long cents = 100_000 + (i * 7_919_357L) % 9_000_000;
            sb.append('C').append(10001 + i).append(",Customer ").append(i + 1).append(',').append(remarks[i % remarks.length])
                    .append(",Beijing,").append(cents / 100).append('.').append(String.format("%02d", cents % 100)).append("\r\n");
        }
        csv = sb.toString();
        whole = new TestJoinPoint("http.response", new TestRequest().uri("/export/customers.csv").user("bob"),
                new Object[] {csv, "text/csv;charset=UTF-8", true, "body"});
        Finding f = aspect.inspect(whole);
        if (f == null || f.evidence().get("rewrite") == null) {
            throw new IllegalStateException("the export was not marked: " + (f == null ? null : f.evidence()));
        }
        System.err.printf("%nexport: %d rows, %d characters -> %d characters marked, %s values moved%n", rows, csv.length(),
                f.evidence().get("rewrite").length(), f.evidence().get("changedValues"));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try (var files = Files.walk(registry)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public Finding markExport() {
        return aspect.inspect(whole);
    }

    @Benchmark
    public String parseAndRenderBaseline() {
        return ExportFormat.CSV.render(ExportFormat.CSV.parse(csv, "bench"));
    }
}
