package secplane.privacy.sum;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.FixedPointUtil;

/**
 * Additively homomorphic ("exponential", lifted) ElGamal on secp256r1 (SEC 2 §2.4.2), with the key
 * split between two parties: Enc(m) = (r·G, m·G + r·(Y1 + Y2)) under the joint key Y1 + Y2, each
 * party holding one xi with Yi = xi·G. Ciphertexts add component-wise; decryption needs both
 * shares, xi·C1 each, and ends in a discrete logarithm m·G → m solved by {@link BabyStepGiantStep}
 * over a bounded range. Points travel SEC 1 compressed (33 bytes); a ciphertext is 66 bytes.
 *
 * <p>Why elliptic-curve ElGamal and not Paillier: in the same JMH run (docs/benchmarks.md) an
 * encryption here costs a fraction of a 2048-bit Paillier encryption (an exponentiation modulo a
 * 4096-bit N²), and ciphertexts are 66 instead of 512 bytes. The price is the bounded range of the
 * decrypted sum. BouncyCastle's custom P-256 field arithmetic with fixed-point comb multiplication
 * for G and the joint key makes both multiplications of an encryption cheap.
 */
public final class ExponentialElGamal {
    static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    static final ECCurve CURVE = P256.getCurve();
    static final ECPoint G = P256.getG();
    static final BigInteger N = P256.getN();
    public static final int POINT_BYTES = 33;
    public static final int CIPHERTEXT_BYTES = 2 * POINT_BYTES;
    private static final FixedPointCombMultiplier COMB = new FixedPointCombMultiplier();

    static {
        FixedPointUtil.precompute(G);
    }

    private ExponentialElGamal() {
    }

    /** One party's share of the decryption key. */
    public record KeyShare(BigInteger secret, ECPoint publicPoint) {
        public static KeyShare generate(SecureRandom random) {
            BigInteger x = randomScalar(random);
            return new KeyShare(x, COMB.multiply(G, x).normalize());
        }

        public byte[] encodedPublic() {
            return publicPoint.getEncoded(true);
        }

        /** xi·C1: this party's part of a decryption. */
        public ECPoint partialDecrypt(ECPoint c1) {
            return c1.multiply(secret).normalize();
        }
    }

    /** A ciphertext: (C1, C2). */
    public record Ciphertext(ECPoint c1, ECPoint c2) {
        public Ciphertext add(Ciphertext o) {
            return new Ciphertext(c1.add(o.c1), c2.add(o.c2));
        }

        public void encode(byte[] out, int off) {
            byte[] a = c1.normalize().getEncoded(true);
            byte[] b = c2.normalize().getEncoded(true);
            System.arraycopy(a, 0, out, off, POINT_BYTES);
            System.arraycopy(b, 0, out, off + POINT_BYTES, POINT_BYTES);
        }

        public static Ciphertext decode(byte[] in, int off) {
            return new Ciphertext(point(in, off), point(in, off + POINT_BYTES));
        }
    }

    /** The joint public key Y1 + Y2, precomputed for fixed-point multiplication. */
    public static ECPoint jointKey(ECPoint y1, ECPoint y2) {
        ECPoint y = y1.add(y2).normalize();
        if (y.isInfinity()) {
            throw new IllegalArgumentException("degenerate joint key");
        }
        FixedPointUtil.precompute(y);
        return y;
    }

    public static Ciphertext encrypt(long m, ECPoint jointKey, SecureRandom random) {
        if (m < 0) {
            throw new IllegalArgumentException("only non-negative values can be encrypted");
        }
        BigInteger r = randomScalar(random);
        ECPoint c1 = COMB.multiply(G, r);
        ECPoint c2 = COMB.multiply(jointKey, r);
        if (m != 0) {
            c2 = c2.add(COMB.multiply(G, BigInteger.valueOf(m)));
        }
        return new Ciphertext(c1, c2);
    }

    /** A fresh encryption of the same value: adds Enc(0), so the result is unlinkable to its inputs. */
    public static Ciphertext rerandomize(Ciphertext c, ECPoint jointKey, SecureRandom random) {
        return c.add(encrypt(0, jointKey, random));
    }

    /** m·G from a ciphertext and both partial decryptions. */
    public static ECPoint combine(Ciphertext c, ECPoint partial1, ECPoint partial2) {
        return c.c2().subtract(partial1).subtract(partial2).normalize();
    }

    public static ECPoint point(byte[] in, int off) {
        byte[] b = new byte[POINT_BYTES];
        System.arraycopy(in, off, b, 0, POINT_BYTES);
        try {
            return CURVE.decodePoint(b);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a point of secp256r1: " + e.getMessage(), e);
        }
    }

    static BigInteger randomScalar(SecureRandom random) {
        BigInteger k;
        do {
            k = new BigInteger(N.bitLength() + 64, random).mod(N);
        } while (k.signum() == 0);
        return k;
    }

    static ECPoint times(long m) {
        return COMB.multiply(G, BigInteger.valueOf(m)).normalize();
    }
}
