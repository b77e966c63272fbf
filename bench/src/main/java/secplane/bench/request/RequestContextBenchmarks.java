package secplane.bench.request;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.LinkedHashMap;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import secplane.agent.core.request.RequestContext;
import secplane.agent.core.request.Requests;
import secplane.bootstrap.Dispatcher;
import secplane.bootstrap.JoinPoints;

/**
 * The request source's cost per request, in-process: what the woven servlet entry and exit calls do
 * ({@code Dispatcher.requestEnter} and {@code requestExit} into the agent's {@link Requests}), with
 * request recording on ({@link #capture}) and off ({@link #captureIdle}); the first reading of the
 * inputs, which happens only when a sink is checked ({@link #captureAndReadInputs}); and carrying the
 * request into a task ({@link #captureAndPropagate}). The request is a jakarta.servlet proxy of a
 * typical browser request (3 query parameters, 9 headers with 2 cookies); the agent reaches it by
 * reflection, as it does a container's.
 *
 * <pre>java -jar bench/target/benchmarks.jar RequestContextBenchmarks</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class RequestContextBenchmarks {
    private Object request;
    private Object response;
    private final Runnable task = () -> { };

    @Setup
    public void setUp() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("shop.example:8080"));
        headers.put("User-Agent", List.of("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"));
        headers.put("Accept", List.of("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
        headers.put("Accept-Language", List.of("en-US,en;q=0.5"));
        headers.put("Accept-Encoding", List.of("gzip, deflate"));
        headers.put("Referer", List.of("http://shop.example:8080/items"));
        headers.put("Cookie", List.of("JSESSIONID=4F1C2D9A7B3E8F60; theme=dark"));
        headers.put("Connection", List.of("keep-alive"));
        headers.put("Upgrade-Insecure-Requests", List.of("1"));
        request = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> {
            switch (m.getName()) {
                case "getMethod":
                    return "GET";
                case "getRequestURI":
                    return "/shop/items/search";
                case "getQueryString":
                    return "q=red+shoes&page=2&sort=price%2Casc";
                case "getRemoteAddr":
                    return "203.0.113.7";
                case "getHeaderNames":
                    return Collections.enumeration(headers.keySet());
                case "getHeaders":
                    return Collections.enumeration(headers.getOrDefault((String) args[0], List.of()));
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    return null;
            }
        });
        response = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> null);
        Dispatcher.installRequests(new Requests(context -> { }));
        Dispatcher.setActive(1 << JoinPoints.HTTP_REQUEST);
    }

    @TearDown
    public void tearDown() {
        Dispatcher.setActive(0);
        Dispatcher.installRequests(null);
    }

    /** The woven entry and exit with recording on: one context recorded, references only. */
    @Benchmark
    public void capture() {
        Dispatcher.requestEnter(request, response);
        Dispatcher.requestExit();
    }

    /** The same while no aspect wants requests: an empty slot pushed and popped. */
    @Benchmark
    public void captureIdle() {
        Dispatcher.setActive(0);
        Dispatcher.requestEnter(request, response);
        Dispatcher.requestExit();
        Dispatcher.setActive(1 << JoinPoints.HTTP_REQUEST);
    }

    /** Recording plus the first reading of the inputs, which only a sink check does. */
    @Benchmark
    public void captureAndReadInputs(Blackhole bh) {
        Dispatcher.requestEnter(request, response);
        RequestContext c = Requests.current();
        bh.consume(c.inputs());
        Dispatcher.requestExit();
    }

    /** Recording plus one task wrapped at submission and run. */
    @Benchmark
    public void captureAndPropagate() {
        Dispatcher.requestEnter(request, response);
        ((Runnable) Dispatcher.wrap(task)).run();
        Dispatcher.requestExit();
    }
}
