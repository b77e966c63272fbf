package secplane.bench.privacy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.math.ec.ECPoint;
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
import secplane.privacy.sum.BabyStepGiantStep;
import secplane.privacy.sum.ExponentialElGamal;

/**
 * Intersection-sum's additively homomorphic encryption: exponential ElGamal on P-256 (two-party key)
 * against 2048-bit Paillier on JDK BigInteger, per operation, one thread. Intersection-sum of n × m
 * costs m encryptions (holder), one addition per match (learner), one decryption.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class HomomorphicBenchmarks {
    private final SecureRandom random = new SecureRandom();
    private ECPoint joint;
    private ExponentialElGamal.KeyShare a;
    private ExponentialElGamal.KeyShare b;
    private ExponentialElGamal.Ciphertext c1;
    private ExponentialElGamal.Ciphertext c2;
    private ExponentialElGamal.Ciphertext sum;
    private Paillier paillier;
    private BigInteger p1;
    private BigInteger p2;

    @Setup
    public void setup() {
        a = ExponentialElGamal.KeyShare.generate(random);
        b = ExponentialElGamal.KeyShare.generate(random);
        joint = ExponentialElGamal.jointKey(a.publicPoint(), b.publicPoint());
        c1 = ExponentialElGamal.encrypt(123_456, joint, random);
        c2 = ExponentialElGamal.encrypt(654_321, joint, random);
        sum = ExponentialElGamal.encrypt(5_000_000_000L, joint, random); // 50 million yuan in cents
        BabyStepGiantStep.get();
        paillier = new Paillier(2048, random);
        p1 = paillier.encrypt(123_456);
        p2 = paillier.encrypt(654_321);
    }

    @Benchmark
    public ExponentialElGamal.Ciphertext elgamalEncrypt() {
        return ExponentialElGamal.encrypt(123_456, joint, random);
    }

    @Benchmark
    public byte[] elgamalEncryptAndEncode() {
        byte[] out = new byte[ExponentialElGamal.CIPHERTEXT_BYTES];
        ExponentialElGamal.encrypt(123_456, joint, random).encode(out, 0);
        return out;
    }

    @Benchmark
    public ExponentialElGamal.Ciphertext elgamalAdd() {
        return c1.add(c2);
    }

    @Benchmark
    public long elgamalDecryptSumOf5e9() {
        ECPoint m = ExponentialElGamal.combine(sum, a.partialDecrypt(sum.c1()), b.partialDecrypt(sum.c1()));
        return BabyStepGiantStep.get().solve(m);
    }

    @Benchmark
    public BigInteger paillierEncrypt() {
        return paillier.encrypt(123_456);
    }

    @Benchmark
    public BigInteger paillierAdd() {
        return paillier.add(p1, p2);
    }

    @Benchmark
    public long paillierDecrypt() {
        return paillier.decrypt(p1);
    }
}
