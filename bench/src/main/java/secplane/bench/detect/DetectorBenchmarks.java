package secplane.bench.detect;

import java.net.InetAddress;
import java.util.Collections;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;
import secplane.detect.Detectors;
import secplane.detect.Dialect;
import secplane.detect.Input;
import secplane.detect.Resolver;
import secplane.detect.SsrfCheck;
import secplane.detect.Verdict;

/**
 * The injection detectors ({@code detect/}) at the cost a sink pays per call. The SQL figures use a
 * 197-character statement and the five inputs of an ordinary request: three of them (an e-mail, a
 * status, a date) occur in it inside literals, so the statement is lexed and each occurrence
 * examined; a User-Agent and a session cookie do not occur. Baselines in the same run: the same
 * call with no inputs ({@link #sqlNoInputs}), and only the {@code String.indexOf} of the five
 * inputs in the statement ({@link #indexOfInputs}), which is what any input-aware check must do
 * at least.
 *
 * <pre>java -jar bench/target/benchmarks.jar DetectorBenchmarks -rf json -rff bench/target/jmh-detect.json</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xmx256m"})
@State(Scope.Thread)
public class DetectorBenchmarks {
    static final String STATEMENT = "SELECT o.id, o.total FROM orders o JOIN customers c ON c.id = o.customer_id "
            + "WHERE c.email = 'alice.smith@example.com' AND o.status = 'shipped' AND o.created_at > '2024-01-01' ORDER BY o.id LIMIT 20";
    static final String INJECTED = "SELECT o.id, o.total FROM orders o JOIN customers c ON c.id = o.customer_id "
            + "WHERE c.email = 'alice.smith@example.com' AND o.status = 'x' OR '1'='1' AND o.created_at > '2024-01-01' ORDER BY o.id LIMIT 20";
    static final String PAGE_HEAD = "<!DOCTYPE html><html><head><title>Orders</title><link rel=\"stylesheet\" href=\"/app.css\"></head><body>"
            + "<nav><a href=\"/\">Home</a> <a href=\"/orders\">Orders</a></nav><main><h1>Orders of alice.smith@example.com</h1><table>";

    private List<Input> inputs;
    private List<Input> injection;
    private List<Input> none;
    private List<Input> pathInputs;
    private List<Input> ssrfInputs;
    private List<Input> xssInputs;
    private String html;
    private Resolver resolver;

    @Setup
    public void setUp() throws Exception {
        Input ua = new Input("header", "User-Agent",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36");
        Input session = new Input("cookie", "JSESSIONID", "6D3A9C6704B838941EDAC12076475274");
        inputs = List.of(new Input("query", "email", "alice.smith@example.com"), new Input("query", "status", "shipped"),
                new Input("query", "since", "2024-01-01"), ua, session);
        injection = List.of(new Input("query", "email", "alice.smith@example.com"), new Input("query", "status", "x' OR '1'='1"),
                new Input("query", "since", "2024-01-01"), ua, session);
        none = Collections.emptyList();
        if (!Detectors.sql(INJECTED, Dialect.MYSQL, injection).attack() || Detectors.sql(STATEMENT, Dialect.MYSQL, inputs).attack()) {
            throw new IllegalStateException("the benchmark statements no longer give the verdicts the figures assume");
        }
        pathInputs = List.of(new Input("query", "file", "invoice-2024-03.pdf"), ua, session);
        ssrfInputs = List.of(new Input("json", "/webhook", "https://hooks.example.com/services/T000/B000"), ua, session);
        InetAddress publicAddress = InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 215, 14});
        resolver = host -> new InetAddress[] {publicAddress};
        StringBuilder page = new StringBuilder(PAGE_HEAD);
        for (int i = 0; i < 20; i++) {
            page.append("<tr><td>").append(1000 + i).append("</td><td class=\"status\">shipped</td><td>2024-01-0").append(i % 9 + 1)
                    .append("</td><td><a href=\"/orders/").append(1000 + i).append("\">details</a></td></tr>");
        }
        html = page.append("</table><p>Search: O'Brien &amp; Sons</p></main></body></html>").toString();
        xssInputs = List.of(new Input("query", "q", "O'Brien & Sons"), new Input("query", "status", "shipped"), ua, session);
    }

    /** The figure with a target: 197-character statement, five request inputs, three of them in the statement. */
    @Benchmark
    public Verdict sqlCheck() {
        return Detectors.sql(STATEMENT, Dialect.MYSQL, inputs);
    }

    /** The same with one input breaking out of its literal: the attack path, reason and evidence included. */
    @Benchmark
    public Verdict sqlCheckAttack() {
        return Detectors.sql(INJECTED, Dialect.MYSQL, injection);
    }

    /** Baseline: the same call with no inputs recorded. */
    @Benchmark
    public Verdict sqlNoInputs() {
        return Detectors.sql(STATEMENT, Dialect.MYSQL, none);
    }

    /** Baseline: only finding the five inputs in the statement. */
    @Benchmark
    public void indexOfInputs(Blackhole bh) {
        for (int i = 0; i < inputs.size(); i++) {
            bh.consume(STATEMENT.indexOf(inputs.get(i).value()));
        }
    }

    @Benchmark
    public Verdict pathCheck() {
        return Detectors.path("/srv/app/invoices/2024/invoice-2024-03.pdf", pathInputs);
    }

    @Benchmark
    public SsrfCheck ssrfCheck() {
        return Detectors.ssrf("https://hooks.example.com/services/T000/B000", ssrfInputs, resolver);
    }

    @Benchmark
    public Verdict commandCheck() {
        return Detectors.command(null, List.of("convert", "/srv/uploads/invoice-2024-03.pdf", "-resize", "800x600", "/srv/thumbs/out.png"), pathInputs);
    }

    /** A 2.8 KB HTML page, four inputs, two echoed (one with an apostrophe and an ampersand, scanned for its context). */
    @Benchmark
    public Verdict xssCheck() {
        return Detectors.xss(html, xssInputs);
    }
}
