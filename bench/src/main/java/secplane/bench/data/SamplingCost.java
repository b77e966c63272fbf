package secplane.bench.data;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import secplane.aspect.AspectConfig;
import secplane.aspect.Finding;
import secplane.aspect.testing.TestJoinPoint;
import secplane.aspect.testing.TestRequest;
import secplane.aspects.data.DataAspect;

/**
 * The data aspect's CPU cost per request at a sampling rate, as the host drives it: the request's start
 * ({@code http.request}, where the sample is drawn), {@code reads} values read through JDBC (a third of them sensitive)
 * and one JSON response chunk of 0.6 KB (the request app's {@code /customers?count=3}), each preceded by the host's
 * {@code wants} question and, when wanted, by the host's preparation (the chunk decoded from bytes). Measured with the
 * calling thread's CPU clock, so that time spent waiting for a core on a shared machine is not counted.
 *
 * <p>Three ways, in the same run: {@code none} (the requests alone: the baseline), {@code perRequest} (what the agent
 * does now: one draw per request, unsampled requests not prepared), and {@code everyCall} (how the agent worked before:
 * every call prepared and inspected, every sensitive read fingerprinted for lineage whatever the sample, emulated by
 * skipping {@code wants} and handing the aspect {@code enforcing} for reads).
 *
 * <pre>java -cp bench/target/benchmarks.jar secplane.bench.data.SamplingCost [--sample 0.01] [--reads 12] [--rounds 15] [--requests 20000]</pre>
 */
public final class SamplingCost {
    private static final String BODY = "{\"customers\":[{\"id\":1,\"name\":\"Customer 1\",\"idCard\":\"110101199003074477\","
            + "\"bankCard\":\"6222021234567890128\",\"mobile\":\"13812345678\",\"note\":\"call back on 13912345678 after 6pm\"},"
            + "{\"id\":2,\"name\":\"Customer 2\",\"idCard\":\"11010119900307549X\",\"bankCard\":\"6222021234567890136\","
            + "\"mobile\":\"13812345679\",\"note\":\"call back on 13912345679 after 6pm\"},{\"id\":3,\"name\":\"Customer 3\","
            + "\"idCard\":\"110101199003076193\",\"bankCard\":\"6222021234567890144\",\"mobile\":\"13812345680\","
            + "\"note\":\"call back on 13912345680 after 6pm\"}]}";
    private static final byte[] BYTES = BODY.getBytes(StandardCharsets.UTF_8);
    private static final String[][] ROWS = {
        {"Customer 1", "customers", "name"}, {"13812345678", "customers", "mobile"}, {"2024-03-17", "customers", "created"},
        {"Customer 2", "customers", "name"}, {"13812345679", "customers", "mobile"}, {"129.90", "customers", "balance"},
    };

    private SamplingCost() {
    }

    private enum Way { NONE, PER_REQUEST, EVERY_CALL }

    public static void main(String[] args) throws Exception {
        double sample = 0.01;
        int reads = 12;
        int rounds = 15;
        int requests = 20000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sample": sample = Double.parseDouble(args[++i]); break;
                case "--reads": reads = Integer.parseInt(args[++i]); break;
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                case "--requests": requests = Integer.parseInt(args[++i]); break;
                default:
                    System.err.println("unknown argument " + args[i] + ": use --sample R --reads N --rounds N --requests N");
                    System.exit(2);
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            System.err.println("this JVM cannot read a thread's CPU time; nothing measured");
            System.exit(2);
        }
        DataAspect aspect = new DataAspect();
        aspect.configure(new AspectConfig(Map.of("sample", sample)));
        System.out.printf("data aspect per request at sample %s, %d reads + one 0.6 KB JSON chunk, %s%n", sample, reads,
                System.getProperty("java.version"));
        // the ways alternate round by round, so that drift of a shared machine falls on all of them
        int warm = Math.max(1, rounds / 3);
        double[][] cpu = new double[3][rounds - warm];
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            for (Way w : Way.values()) {
                long c0 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < requests; i++) {
                    sink += serve(aspect, w, reads);
                }
                long c1 = threads.getCurrentThreadCpuTime();
                if (r >= warm) {
                    cpu[w.ordinal()][r - warm] = (c1 - c0) / (double) requests;
                }
            }
        }
        double[] median = new double[3];
        for (Way w : Way.values()) {
            double[] c = cpu[w.ordinal()];
            Arrays.sort(c);
            median[w.ordinal()] = c[c.length / 2];
            System.out.printf("%-12s cpu ns/request median %.0f (%.0f-%.0f), %d rounds of %d requests%n",
                    w.name().toLowerCase(java.util.Locale.ROOT), median[w.ordinal()], c[0], c[c.length - 1], c.length, requests);
        }
        System.out.printf("aspect cost per request: perRequest %.0f ns, everyCall %.0f ns (%.1fx) [%d]%n",
                median[1] - median[0], median[2] - median[0], (median[2] - median[0]) / Math.max(1, median[1] - median[0]), sink);
    }

    /** One request: what the application does (building its rows and body) plus what the aspect costs it. */
    private static int serve(DataAspect aspect, Way way, int reads) {
        TestRequest request = new TestRequest().uri("/customers");
        int found = 0;
        if (way != Way.NONE) {
            aspect.wants("http.request", request, false); // the draw, made when the host asks
        }
        for (int i = 0; i < reads; i++) {
            String[] row = ROWS[i % ROWS.length];
            if (way == Way.NONE || way == Way.PER_REQUEST && !aspect.wants("jdbc.result", request, false)) {
                found += row[0].length() & 1;
                continue;
            }
            // before: lineage on every read of every request, which a read now gets only under an enforcing rule
            Finding f = aspect.inspect(new TestJoinPoint("jdbc.result", request, new Object[] {row[0], row[1], row[2], way == Way.EVERY_CALL}));
            found += f == null ? 0 : 1;
        }
        if (way == Way.NONE || way == Way.PER_REQUEST && !aspect.wants("http.response", request, false)) {
            return found + (BYTES.length & 1);
        }
        String chunk = new String(BYTES, 0, BYTES.length, StandardCharsets.UTF_8); // the host's preparation of the chunk
        Finding f = aspect.inspect(new TestJoinPoint("http.response", request, new Object[] {chunk, "application/json", false}));
        request.end();
        return found + (f == null ? 0 : 1);
    }
}
