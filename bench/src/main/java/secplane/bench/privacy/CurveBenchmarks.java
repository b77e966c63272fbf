package secplane.bench.privacy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
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
import secplane.privacy.curve.HashToCurve;
import secplane.privacy.curve.MontgomeryLadder;
import secplane.privacy.curve.Scalars;

/**
 * The per-element costs of ECDH-PSI, one thread (= per core): X25519 masking with BouncyCastle
 * beside the JDK's XDH (baseline), the unclamped ladder of the OPRF, and RFC 9380 hashing to the
 * curve. SecretFlow's psi_v2 figure (10^7 × 10^7 in 114 s on 8 cores) needs 4·10^7 multiplications,
 * ≈ 44k per core-second if the multiplications were all the work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CurveBenchmarks {
    private final HashToCurve hash = new HashToCurve("bench");
    private byte[] clamped;
    private byte[] unclamped;
    private byte[] point;
    private final byte[] out = new byte[32];
    private KeyAgreement jdk;
    private PrivateKey jdkPrivate;
    private PublicKey jdkPublic;
    private int i;

    @Setup
    public void setup() throws Exception {
        SecureRandom r = new SecureRandom();
        clamped = Scalars.randomClamped(r);
        unclamped = Scalars.toLittleEndian(Scalars.randomModOrder(r));
        point = hash.encode("+8613800138000".getBytes(StandardCharsets.UTF_8));
        KeyPairGenerator g = KeyPairGenerator.getInstance("X25519");
        jdkPrivate = g.generateKeyPair().getPrivate();
        byte[] be = new byte[32];
        for (int k = 0; k < 32; k++) {
            be[k] = point[31 - k];
        }
        jdkPublic = KeyFactory.getInstance("XDH").generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be)));
        jdk = KeyAgreement.getInstance("X25519");
    }

    @Benchmark
    public byte[] x25519BouncyCastle() {
        Scalars.maskClamped(clamped, point, 0, out, 0);
        return out;
    }

    @Benchmark
    public byte[] x25519Jdk() throws Exception {
        jdk.init(jdkPrivate);
        jdk.doPhase(jdkPublic, true);
        return jdk.generateSecret();
    }

    @Benchmark
    public byte[] unclampedLadder() {
        MontgomeryLadder.scalarMult(unclamped, point, 0, out, 0);
        return out;
    }

    @Benchmark
    public byte[] hashToCurve() {
        hash.encode(("+86138" + (i++)).getBytes(StandardCharsets.UTF_8), out, 0);
        return out;
    }
}
