package secplane.bench.psi;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;
import secplane.privacy.curve.BatchLadder;
import secplane.privacy.curve.HashToCurve;

/**
 * The vector ladder against BouncyCastle's X25519 on a shared machine: the two alternate batch by
 * batch in one thread, so both see the same neighbours, and the median of the per-round ratios is
 * reported beside each one's median rate. JMH (LadderBenchmarks) runs them minutes apart, which on
 * a loaded machine measures the neighbours as much as the code.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar secplane.bench.psi.LadderRatio [rounds]</pre>
 */
public final class LadderRatio {
    private LadderRatio() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int n = 1024;
        SecureRandom r = new SecureRandom();
        byte[] key = new byte[32];
        X25519.generatePrivateKey(r, key);
        byte[] in = new byte[32 * n];
        HashToCurve hash = new HashToCurve("bench");
        for (int i = 0; i < n; i++) {
            hash.encode(("+86 138 " + (10000000 + i)).getBytes(StandardCharsets.UTF_8), in, 32 * i);
        }
        byte[] outA = new byte[32 * n];
        byte[] outB = new byte[32 * n];
        System.out.println("batch ladder: " + BatchLadder.implementation() + ", " + System.getProperty("java.version"));
        int warm = rounds / 4;
        double[] vec = new double[rounds - warm];
        double[] bc = new double[rounds - warm];
        double[] ratio = new double[rounds - warm];
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            BatchLadder.x25519(key, in, 0, n, outA, 0, 32, 32);
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                X25519.scalarMult(key, 0, in, 32 * i, outB, 32 * i);
            }
            long t2 = System.nanoTime();
            if (!Arrays.equals(outA, outB)) {
                throw new IllegalStateException("the ladders disagree");
            }
            if (round >= warm) {
                int k = round - warm;
                vec[k] = n / ((t1 - t0) / 1e9);
                bc[k] = n / ((t2 - t1) / 1e9);
                ratio[k] = vec[k] / bc[k];
            }
        }
        System.out.printf("rounds %d (after %d warm-up), 1024 points each; medians [quartiles]%n", rounds - warm, warm);
        System.out.printf("vector ladder  %,.0f /s [%,.0f – %,.0f]%n", median(vec), q(vec, 0.25), q(vec, 0.75));
        System.out.printf("BouncyCastle   %,.0f /s [%,.0f – %,.0f]%n", median(bc), q(bc, 0.25), q(bc, 0.75));
        System.out.printf("ratio          %.2f [%.2f – %.2f]%n", median(ratio), q(ratio, 0.25), q(ratio, 0.75));
    }

    private static double median(double[] a) {
        return q(a, 0.5);
    }

    private static double q(double[] a, double p) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.round(p * (s.length - 1)))];
    }
}
