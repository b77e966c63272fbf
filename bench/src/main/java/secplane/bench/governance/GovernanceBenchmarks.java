package secplane.bench.governance;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import secplane.governance.detectors.Checksums;
import secplane.governance.detectors.DetectionEngine;

/**
 * Detection throughput on one thread (per core): the engine with all detectors over about 1 MB of text
 * without personal data (prose and log lines) and over about 1 MB of PII-dense JSON records, line by line as
 * the file scanner feeds it. Baseline in the same run: one {@code java.util.regex} alternation of the
 * identity-number, mobile, card, e-mail and IPv4 patterns, with the same checksums on its matches.
 * One operation = the whole text; MB/s = ops/s × the size printed at set-up.
 *
 * <pre>java -jar bench/target/benchmarks.jar GovernanceBenchmarks -rf json -rff bench/target/jmh-governance.json</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Threads(1)
@State(Scope.Benchmark)
public class GovernanceBenchmarks {
    static final int CHARS = 1 << 20;
    private static final Pattern ALTERNATION = Pattern.compile(
            "(?<![0-9])([1-9][0-9]{16}[0-9Xx])(?![0-9])|(?<![0-9])(1[3-9][0-9]{9})(?![0-9])|(?<![0-9])([0-9]{16,19})(?![0-9])"
                    + "|([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,})|(?<![0-9.])((?:[0-9]{1,3}\\.){3}[0-9]{1,3})(?![0-9.])");

    private DetectionEngine engine;
    private List<String> prose;
    private List<String> json;

    @Setup
    public void setUp() {
        engine = DetectionEngine.standard();
        prose = Texts.piiFree(CHARS);
        json = Texts.piiDenseJson(CHARS);
        System.err.printf("%nprose: %d lines, %d UTF-8 bytes; json: %d lines, %d UTF-8 bytes; engine findings in json: %d%n",
                prose.size(), Texts.utf8Bytes(prose), json.size(), Texts.utf8Bytes(json), count(json));
    }

    private int count(List<String> lines) {
        int n = 0;
        for (String l : lines) {
            n += engine.detect(l).size();
        }
        return n;
    }

    @Benchmark
    public void engineProse(Blackhole bh) {
        for (String l : prose) {
            bh.consume(engine.detect(l));
        }
    }

    @Benchmark
    public void regexProse(Blackhole bh) {
        for (String l : prose) {
            bh.consume(regex(l));
        }
    }

    @Benchmark
    public void engineJson(Blackhole bh) {
        for (String l : json) {
            bh.consume(engine.detect(l));
        }
    }

    @Benchmark
    public void regexJson(Blackhole bh) {
        for (String l : json) {
            bh.consume(regex(l));
        }
    }

    /** The baseline: the alternation, then the same validation the engine applies to those five types. */
    static int regex(String line) {
        Matcher m = ALTERNATION.matcher(line);
        int n = 0;
        while (m.find()) {
            if (m.group(1) != null) {
                n += Checksums.gb11643(m.group(1)) == Character.toUpperCase(m.group(1).charAt(17)) ? 1 : 0;
            } else if (m.group(3) != null) {
                n += Checksums.luhn(m.group(3)) ? 1 : 0;
            } else {
                n++;
            }
        }
        return n;
    }
}
