package secplane.privacy.curve;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc7748.X25519;

/** Scalars of Curve25519: clamped X25519 keys and exact scalars modulo the prime order ℓ. */
public final class Scalars {
    /** ℓ = 2^252 + 27742317777372353535851937790883648493, the order of the prime subgroup (RFC 7748 §4.1). */
    public static final BigInteger ORDER = BigInteger.ONE.shiftLeft(252)
            .add(new BigInteger("27742317777372353535851937790883648493"));

    private Scalars() {
    }

    /** A fresh X25519 private key (RFC 7748 §5 clamping applied by X25519 itself). */
    public static byte[] randomClamped(SecureRandom random) {
        byte[] k = new byte[X25519.SCALAR_SIZE];
        X25519.generatePrivateKey(random, k);
        return k;
    }

    /** A uniform scalar in [1, ℓ), little-endian. */
    public static BigInteger randomModOrder(SecureRandom random) {
        BigInteger k;
        do {
            k = new BigInteger(256, random).mod(ORDER);
        } while (k.signum() == 0);
        return k;
    }

    public static byte[] toLittleEndian(BigInteger k) {
        return HashToCurve.littleEndian32(k.mod(ORDER));
    }

    public static BigInteger fromLittleEndian(byte[] le) {
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        return new BigInteger(1, be);
    }

    /** u([k]P) with X25519 clamping, which multiplies by 8 as part of the scalar (clears the cofactor). */
    public static void maskClamped(byte[] key, byte[] in, int inOff, byte[] out, int outOff) {
        X25519.scalarMult(key, 0, in, inOff, out, outOff);
    }
}
