package secplane.bench.egress;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import secplane.aspect.AspectConfig;
import secplane.aspect.Finding;
import secplane.aspect.testing.TestJoinPoint;
import secplane.aspects.data.DataAspect;

/**
 * The cost of observing outbound bodies ({@code http.outbound}).
 *
 * <p>{@code post*}: a real JDK {@code HttpClient} POST of a 1 KB customer JSON (resident ID, mobile) to an
 * HTTP server on 127.0.0.1 in the same JVM, per operation; {@link EgressRunner} runs it in forks with the
 * agent and the data aspect disabled, and with the agent observing {@code data.egress} at the default 1 %
 * sampling, interleaved, so that the difference is the observation.
 *
 * <p>{@code aspect*}: the data aspect's own cost per outbound call, as the host calls it: sampled at 1 %
 * (99 % of the calls return before the body is read), every body inspected (a refusing policy), and the
 * baseline of reading the body (decoding the bytes), in the same run.
 *
 * <pre>java -jar bench/target/benchmarks.jar 'EgressBench.aspect' -rf json -rff bench/target/jmh-egress-aspect.json</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Threads(1)
@State(Scope.Benchmark)
public class EgressBench {
    static final String CUSTOMER = customer(1024);

    private HttpServer server;
    private HttpClient client;
    private HttpRequest post;
    private DataAspect sampled;
    private DataAspect enforced;
    private byte[] body;
    private TestJoinPoint sampledCall;
    private TestJoinPoint enforcedCall;

    @Setup
    public void setUp() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/customers", x -> {
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        server.start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/customers"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(CUSTOMER)).build();
        sampled = new DataAspect();
        sampled.configure(new AspectConfig(Map.of("sample", 0.01)));
        enforced = new DataAspect();
        enforced.configure(new AspectConfig(Map.of("sample", 0.0, "egress", Map.of("allow", List.of("partner.example.com")))));
        body = CUSTOMER.getBytes(StandardCharsets.UTF_8);
        sampledCall = TestJoinPoint.of("http.outbound", "https://tracker.example.net:443/v1/customers", "tracker.example.net:443",
                (Supplier<String>) this::decode, "http-client", false);
        enforcedCall = TestJoinPoint.of("http.outbound", "https://tracker.example.net:443/v1/customers", "tracker.example.net:443",
                (Supplier<String>) this::decode, "http-client", true);
        Finding f = enforced.inspect(enforcedCall);
        if (f == null || !"data.egress".equals(f.rule())) {
            throw new IllegalStateException("the customer body was not found: " + f);
        }
        System.err.printf("%nbody: %d bytes, %s values of level 3%n", body.length, f.evidence().get("count"));
    }

    @TearDown
    public void tearDown() {
        server.stop(0);
    }

    private String decode() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A real POST over loopback; in the runner's forks with and without observation. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int postCustomer() throws Exception {
        return client.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Benchmark
    public Finding aspectSampled1pct() {
        return sampled.inspect(sampledCall);
    }

    @Benchmark
    public Finding aspectEveryBody() {
        return enforced.inspect(enforcedCall);
    }

    @Benchmark
    public String baselineReadBody() {
        return decode();
    }

    /** Customer records (name, resident ID, mobile, city) until the JSON reaches {@code bytes}. */
    static String customer(int bytes) {
        StringBuilder sb = new StringBuilder("[");
        int i = 0;
        while (sb.length() < bytes - 120) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"id\":").append(i + 1).append(",\"idCard\":\"110101199003074477\",\"mobile\":\"1381234567").append(i % 10)
                    .append("\",\"city\":\"Beijing\",\"since\":\"2019-04-01T08:00:00Z\"}");
            i++;
        }
        return sb.append(']').toString();
    }
}
