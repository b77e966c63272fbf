package secplane.bench.joinpoints;

import java.util.Arrays;

/**
 * The cost of what the {@code process.start} join point guards: a fork and exec of
 * {@code /bin/true} and waiting for it. Run it with and without the agent to put the process
 * aspect's per-call cost beside the operation it protects.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar secplane.bench.joinpoints.ForkCost
 * java -javaagent:agent/dist/target/secplane-agent.jar=data=/tmp/fork -cp bench/target/benchmarks.jar secplane.bench.joinpoints.ForkCost
 * </pre>
 */
public final class ForkCost {
    private ForkCost() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        for (int i = 0; i < 50; i++) {
            new ProcessBuilder("/bin/true").start().waitFor();
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            new ProcessBuilder("/bin/true").start().waitFor();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("ProcessBuilder(\"/bin/true\").start().waitFor(): median %.0f us, min %.0f us, max %.0f us (n=%d)%n",
                nanos[runs / 2] / 1e3, nanos[0] / 1e3, nanos[runs - 1] / 1e3, runs);
    }
}
