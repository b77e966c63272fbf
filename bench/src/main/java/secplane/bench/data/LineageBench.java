package secplane.bench.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
import secplane.aspect.HttpRequest;
import secplane.aspect.JoinPoint;
import secplane.aspect.RequestInput;
import secplane.aspects.data.DataAspect;

/**
 * The data aspect's own work per {@code jdbc.result} call within a request, sampling at 1 % (as the host calls
 * it, no weaving): a value without enough digits (turned away by the pre-check), a mobile number of a column the
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
    private Request request;
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
        request = new Request();
        aspect.inspect(new Jp(new Object[] {mobiles[0], "customers", "mobile"}, request));
    }

    @Benchmark
    public Finding plainValue() {
        return aspect.inspect(new Jp(new Object[] {"customer 12345", "customers", "name"}, request));
    }

    @Benchmark
    public Finding sensitiveValueKnownColumn() {
        return aspect.inspect(new Jp(new Object[] {mobiles[i++ & 1023], "customers", "mobile"}, request));
    }

    @Benchmark
    public Finding sensitiveValueNewColumn() {
        // a column name the aspect has not classified: every call runs the detectors (the first read of a column)
        return aspect.inspect(new Jp(new Object[] {mobiles[i++ & 1023], "customers", "mobile" + (i & 0xFFFF)}, fresh()));
    }

    @Benchmark
    public String sourceLookup() {
        return aspect.sourceOf(request, mobiles[i++ & 255]);
    }

    private Request fresh() {
        if ((i & 255) == 0) {
            request = new Request();
        }
        return request;
    }

    private record Jp(Object[] args, HttpRequest request) implements JoinPoint {
        @Override
        public String name() {
            return "jdbc.result";
        }

        @Override
        public Object target() {
            return null;
        }

        @Override
        public StackTraceElement[] stack() {
            return new StackTraceElement[0];
        }
    }

    private static final class Request implements HttpRequest {
        private final Map<String, Object> attachments = new HashMap<>();

        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String uri() {
            return "/customers";
        }

        @Override
        public String queryString() {
            return null;
        }

        @Override
        public String clientAddress() {
            return "127.0.0.1";
        }

        @Override
        public String contentType() {
            return null;
        }

        @Override
        public List<RequestInput> inputs() {
            return new ArrayList<>();
        }

        @Override
        public Object attachment(String key) {
            return attachments.get(key);
        }

        @Override
        public void attach(String key, Object value) {
            attachments.put(key, value);
        }
    }
}
