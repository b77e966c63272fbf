package secplane.bench.patches;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import secplane.bootstrap.Dispatcher;

/**
 * The per-call cost of a virtual patch's entry hook on {@link LookupTarget#lookup}. {@link PatchBench}
 * runs it in three configurations: no agent; the agent with a {@code block-if} patch on the method
 * whose guard bit is cleared in {@link #setUp} (system property {@code bench.patch.guard=off}: the
 * hook is woven but its patch is not in force, as between a patch's removal and its class's
 * retransformation); and the same patch in force with an argument that does not match, so the
 * trampoline runs the full check and lets the call through.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class PatchCallBenchmarks {
    private final String[] keys = {"user-name-42", "order-7", "customer.id", "session-token-abcdef"};
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        // loads the class (woven on load when the agent has a patch for it) before measuring
        LookupTarget.lookup("warm");
        if ("off".equals(System.getProperty("bench.patch.guard"))) {
            Dispatcher.setPatches(0);
        }
    }

    @Benchmark
    public void lookup(Blackhole bh) {
        bh.consume(LookupTarget.lookup(keys[next++ & 3]));
    }
}
