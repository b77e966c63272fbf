package secplane.bench.data;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import secplane.aspect.AspectConfig;
import secplane.aspect.Finding;
import secplane.aspect.testing.TestJoinPoint;
import secplane.aspect.testing.TestRequest;
import secplane.aspects.data.DataAspect;

/**
 * The data aspect's own lineage work per {@code jdbc.result} call within a request that records lineage, sampling at
 * 1 % (as the host calls it, no weaving; the fourth argument {@code enforcing} is true, as under a rule in block mode,
 * so that every read of the request is fingerprinted; an unsampled request without one is measured by
 * {@link SamplingCost}): a value without enough digits (turned away by the pre-check), a mobile number of a column the
 * detectors classified before (fingerprinted whole), a mobile number of a column never classified (the
 * detectors run, then the fingerprint), and the lookup a value leaving the service makes.
 *
 * <pre>java -jar bench/target/benchmarks.jar LineageBench</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@State(Scope.Thread)
public class LineageBench {
    private DataAspect aspect;
    private TestRequest request;
    private String[] mobiles;
    private int i;

    @Setup
    public void setUp() throws Exception {
        aspect = new DataAspect();
        aspect.configure(new AspectConfig(Map.of("sample", 0.01)));
        mobiles = new String[1024];
        for (int k = 0; k < mobiles.length; k++) {
            mobiles[k] = String.format("138%08d", k);
        }
        request = new TestRequest().uri("/customers");
        aspect.inspect(new TestJoinPoint("jdbc.result", request, new Object[] {mobiles[0], "customers", "mobile", true}));
    }

    @Benchmark
    public Finding plainValue() {
        return aspect.inspect(new TestJoinPoint("jdbc.result", request, new Object[] {"customer 12345", "customers", "name", true}));
    }

    @Benchmark
    public Finding sensitiveValueKnownColumn() {
        return aspect.inspect(new TestJoinPoint("jdbc.result", request, new Object[] {mobiles[i++ & 1023], "customers", "mobile", true}));
    }

    @Benchmark
    public Finding sensitiveValueNewColumn() {
        // a column name the aspect has not classified: every call runs the detectors (the first read of a column)
        return aspect.inspect(new TestJoinPoint("jdbc.result", fresh(),
                new Object[] {mobiles[i++ & 1023], "customers", "mobile" + (i & 0xFFFF), true}));
    }

    @Benchmark
    public String sourceLookup() {
        return aspect.sourceOf(request, mobiles[i++ & 255]);
    }

    private TestRequest fresh() {
        if ((i & 255) == 0) {
            request = new TestRequest().uri("/customers");
        }
        return request;
    }
}
