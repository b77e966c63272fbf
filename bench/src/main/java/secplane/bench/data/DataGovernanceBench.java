package secplane.bench.data;

import java.nio.charset.StandardCharsets;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import secplane.aspect.AspectConfig;
import secplane.aspect.Finding;
import secplane.aspect.testing.TestJoinPoint;
import secplane.aspect.testing.TestRequest;
import secplane.aspects.data.DataAspect;

/**
 * The data aspect's own cost per call, as the host calls it (one thread, per core), in SampleTime so that
 * p99 is reported: masking a 10 KB customer JSON response (detection + same-length masks + the rewritten
 * chunk), and inspecting log lines without personal data in block mode (every line, no sampling) and at the
 * default observe sampling rate. Baselines in the same run: decoding and re-encoding the 10 KB body (what
 * the host and the container do with it anyway) and formatting a three-argument log line.
 *
 * <pre>java -jar bench/target/benchmarks.jar DataGovernanceBench -rf json -rff bench/target/jmh-data.json</pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Threads(1)
@State(Scope.Benchmark)
public class DataGovernanceBench {
    private DataAspect enforce;
    private DataAspect observe;
    private byte[] json10k;
    private String json10kText;
    private TestJoinPoint response;
    private TestJoinPoint plainLine;
    private TestJoinPoint numberLine;
    private TestJoinPoint plainLineSampled;

    @Setup
    public void setUp() throws Exception {
        enforce = new DataAspect();
        enforce.configure(new AspectConfig(Map.of("sample", 0)));
        observe = new DataAspect();
        observe.configure(new AspectConfig(Map.of()));
        json10kText = customersJson(10 * 1024);
        json10k = json10kText.getBytes(StandardCharsets.UTF_8);
        response = new TestJoinPoint("http.response", new TestRequest().uri("/customers"),
                new Object[] {json10kText, "application/json;charset=UTF-8", true});
        plainLine = log("GET /api/orders/list 200 in 12 ms user=alice tenant=retail region=cn-east", true);
        numberLine = log("order ORD-20240317-000123 placed at 2024-03-17T10:15:30Z for product SKU-AB12-3456 trace 731925846201937462", true);
        plainLineSampled = log("GET /api/orders/list 200 in 12 ms user=alice tenant=retail region=cn-east", false);
        Finding f = enforce.inspect(response);
        if (f == null || f.evidence().get("rewrite").length() != json10kText.length()) {
            throw new IllegalStateException("the 10 KB response was not masked: " + f);
        }
        System.err.printf("%njson: %d UTF-8 bytes, %s values masked%n", json10k.length, f.evidence().get("count"));
    }

    private static TestJoinPoint log(String line, boolean rewriting) {
        return new TestJoinPoint("log.message", null, new Object[] {line, "INFO", "orders", "log4j2", rewriting});
    }

    @Benchmark
    public Finding maskJson10k() {
        return enforce.inspect(response);
    }

    @Benchmark
    public byte[] baselineDecodeEncode10k() {
        return new String(json10k, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Finding logLinePlainEnforced() {
        return enforce.inspect(plainLine);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Finding logLineNumbersEnforced() {
        return enforce.inspect(numberLine);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Finding logLinePlainObserved() {
        return observe.inspect(plainLineSampled);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public String baselineFormatLogLine() {
        return new StringBuilder(96).append("GET ").append("/api/orders/list").append(' ').append(200).append(" in ")
                .append(System.nanoTime() & 0xff).append(" ms user=").append("alice").toString();
    }

    /** Customers (resident ID, UnionPay card, mobile, a note with a mobile) until the JSON reaches {@code bytes}. */
    static String customersJson(int bytes) {
        StringBuilder sb = new StringBuilder("{\"customers\":[");
        int i = 0;
        while (sb.length() < bytes - 200) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"id\":").append(i + 1).append(",\"name\":\"Customer ").append(i + 1)
                    .append("\",\"idCard\":\"").append(residentId(i)).append("\",\"bankCard\":\"").append(card(i))
                    .append("\",\"mobile\":\"").append(mobile(i)).append("\",\"city\":\"Beijing\",\"since\":\"2019-04-0")
                    .append(1 + i % 9).append("T08:00:00Z\",\"note\":\"call back on ").append(mobile(i + 1)).append(" after 6pm\"}");
            i++;
        }
        return sb.append("]}").toString();
    }

    static String residentId(int i) {
        String body = "110101" + "1990" + String.format("%02d%02d", 1 + i / 28 % 12, 1 + i % 28) + String.format("%03d", 100 + i % 900);
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int k = 0; k < 17; k++) {
            sum += (body.charAt(k) - '0') * w[k];
        }
        return body + "10X98765432".charAt(sum % 11);
    }

    static String card(int i) {
        String body = "622202" + String.format("%012d", 123456789L + i * 7919L);
        int sum = 0;
        for (int k = body.length() - 1, pos = 0; k >= 0; k--, pos++) {
            int d = body.charAt(k) - '0';
            if (pos % 2 == 0) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return body + (10 - sum % 10) % 10;
    }

    static String mobile(int i) {
        return "138" + String.format("%08d", 12345678 + i * 37);
    }
}
