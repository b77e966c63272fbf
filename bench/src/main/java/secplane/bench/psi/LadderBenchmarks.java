package secplane.bench.psi;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import secplane.privacy.curve.BatchLadder;
import secplane.privacy.curve.HashToCurve;
import secplane.privacy.curve.MontgomeryLadder;
import secplane.privacy.curve.Scalars;

/**
 * Variable-base X25519 per element and per core (one thread), the three ladders side by side in the
 * same run: BouncyCastle's {@code X25519.scalarMult} (the baseline), the one-point
 * {@link MontgomeryLadder}, and {@link BatchLadder} (the multi-buffer vector ladder when the fork has
 * {@code jdk.incubator.vector}; its {@code implementation()} is printed in the setup). A batch of
 * {@value #BATCH} points per invocation, as a PSI batch; scores are elements per second. Hashing to
 * the curve (RFC 9380) beside them, as the other per-element cost of ECDH-PSI: one message at a time
 * and a whole batch ({@code encodeAll}, the map in the vector lanes when they are available).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class LadderBenchmarks {
    static final int BATCH = 1024;
    private final byte[] key = new byte[32];
    private byte[] exact;
    private final byte[] in = new byte[32 * BATCH];
    private final byte[] out = new byte[32 * BATCH];
    private final byte[][] msgs = new byte[BATCH][];
    private final HashToCurve hash = new HashToCurve("bench");

    @Setup
    public void setup() {
        SecureRandom r = new SecureRandom();
        key[0] = 1;
        X25519.generatePrivateKey(r, key);
        exact = Scalars.toLittleEndian(Scalars.randomModOrder(r));
        for (int i = 0; i < BATCH; i++) {
            msgs[i] = ("+86 138 " + (10000000 + i)).getBytes(StandardCharsets.UTF_8);
            hash.encode(msgs[i], in, 32 * i);
        }
        System.out.println("BatchLadder: " + BatchLadder.implementation());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public byte[] bouncyCastleX25519() {
        for (int i = 0; i < BATCH; i++) {
            X25519.scalarMult(key, 0, in, 32 * i, out, 32 * i);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public byte[] montgomeryLadder() {
        for (int i = 0; i < BATCH; i++) {
            MontgomeryLadder.scalarMult(exact, in, 32 * i, out, 32 * i);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public byte[] batchLadderX25519() {
        BatchLadder.x25519(key, in, 0, BATCH, out, 0, 32, 32);
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public byte[] hashToCurveBatch() {
        hash.encodeAll(msgs, out, 0);
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public byte[] hashToCurve() {
        for (int i = 0; i < BATCH; i++) {
            hash.encode(msgs[i], out, 32 * i);
        }
        return out;
    }
}
