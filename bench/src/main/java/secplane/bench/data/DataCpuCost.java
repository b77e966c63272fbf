package secplane.bench.data;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The CPU time of one call of the data aspect's benchmarks, measured with the calling thread's CPU clock
 * ({@link ThreadMXBean#getCurrentThreadCpuTime}) around batches of calls: on a shared machine time spent waiting
 * for a core is not counted, so this varies far less than the wall-clock figures of DataGovernanceBench. Same
 * setup and bodies as DataGovernanceBench; the decode + re-encode baseline in the same run.
 *
 * <pre>java -cp bench/target/benchmarks.jar secplane.bench.data.DataCpuCost [--rounds 15] [--calls 2000]</pre>
 */
public final class DataCpuCost {
    private DataCpuCost() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 15;
        int calls = 2000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                case "--calls": calls = Integer.parseInt(args[++i]); break;
                default:
                    System.err.println("unknown argument " + args[i] + ": use --rounds N --calls N");
                    System.exit(2);
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            System.err.println("this JVM cannot read a thread's CPU time; nothing measured");
            System.exit(2);
        }
        DataGovernanceBench b = new DataGovernanceBench();
        b.setUp();
        measure(threads, "maskJson10k", b::maskJson10k, rounds, calls);
        measure(threads, "baselineDecodeEncode10k", b::baselineDecodeEncode10k, rounds, calls);
        measure(threads, "logLineNumbersEnforced", b::logLineNumbersEnforced, rounds, calls * 50);
        measure(threads, "logLinePlainEnforced", b::logLinePlainEnforced, rounds, calls * 50);
    }

    /** Rounds of calls; the first third warms up. Prints the median and range of CPU and wall time per call. */
    private static void measure(ThreadMXBean threads, String name, Supplier<?> call, int rounds, int calls) {
        int warm = Math.max(1, rounds / 3);
        double[] cpu = new double[rounds - warm];
        double[] wall = new double[rounds - warm];
        int sink = 0;
        for (int r = 0; r < rounds; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += call.get() == null ? 0 : 1;
            }
            long c1 = threads.getCurrentThreadCpuTime();
            long w1 = System.nanoTime();
            if (r >= warm) {
                cpu[r - warm] = (c1 - c0) / 1e3 / calls;
                wall[r - warm] = (w1 - w0) / 1e3 / calls;
            }
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        System.out.printf("%-26s cpu µs/call median %.3f (%.3f-%.3f), wall µs/call median %.3f (%.3f-%.3f), %d rounds of %d calls [%d]%n",
                name, cpu[cpu.length / 2], cpu[0], cpu[cpu.length - 1], wall[wall.length / 2], wall[0], wall[wall.length - 1],
                cpu.length, calls, sink);
    }
}
