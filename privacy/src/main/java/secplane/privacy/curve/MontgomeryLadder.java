package secplane.privacy.curve;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * Scalar multiplication on the Curve25519 u-line <em>without</em> clamping: the RFC 7748 §5 ladder
 * over BouncyCastle's {@link X25519Field} arithmetic, for any scalar below 2^255.
 *
 * <p>Why not {@code X25519.scalarMult}: X25519 clamps (clears the low three bits, sets bit 254), so
 * the scalar it applies is not the one given. The oblivious PRF of unbalanced PSI needs exact
 * arithmetic modulo the prime group order ℓ: the querier blinds with r and unblinds with r^-1 mod ℓ,
 * which returns the right point only if the multiplications are by r and r^-1 themselves and the
 * point lies in the prime-order subgroup (cleared with {@link #clearCofactor}). The ladder is
 * constant-time in the scalar (conditional swaps, fixed 255 iterations).
 */
public final class MontgomeryLadder {
    /** (A - 2) / 4 for A = 486662, in the RFC 7748 §5 formula z_2 = E * (AA + a24 * E). */
    private static final int A24 = 121665;

    private MontgomeryLadder() {
    }

    /** u([k]P) for the 32-byte little-endian scalar k (bit 255 ignored) and u(P) given as 32 bytes. */
    public static byte[] scalarMult(byte[] scalar, byte[] u) {
        byte[] out = new byte[32];
        scalarMult(scalar, u, 0, out, 0);
        return out;
    }

    public static void scalarMult(byte[] scalar, byte[] u, int uOff, byte[] out, int outOff) {
        int[] x1 = X25519Field.create();
        X25519Field.decode(u, uOff, x1);
        int[] x2 = X25519Field.create();
        X25519Field.one(x2);
        int[] z2 = X25519Field.create();
        int[] x3 = X25519Field.create();
        X25519Field.copy(x1, 0, x3, 0);
        int[] z3 = X25519Field.create();
        X25519Field.one(z3);
        int[] a = X25519Field.create();
        int[] aa = X25519Field.create();
        int[] b = X25519Field.create();
        int[] bb = X25519Field.create();
        int[] e = X25519Field.create();
        int[] c = X25519Field.create();
        int[] d = X25519Field.create();
        int[] da = X25519Field.create();
        int[] cb = X25519Field.create();
        int swap = 0;
        for (int t = 254; t >= 0; t--) {
            int kt = (scalar[t >>> 3] >>> (t & 7)) & 1;
            swap ^= kt;
            X25519Field.cswap(swap, x2, x3);
            X25519Field.cswap(swap, z2, z3);
            swap = kt;
            X25519Field.apm(x2, z2, a, b);
            X25519Field.carry(a);
            X25519Field.carry(b);
            X25519Field.sqr(a, aa);
            X25519Field.sqr(b, bb);
            X25519Field.sub(aa, bb, e);
            X25519Field.carry(e);
            X25519Field.apm(x3, z3, c, d);
            X25519Field.carry(c);
            X25519Field.carry(d);
            X25519Field.mul(d, a, da);
            X25519Field.mul(c, b, cb);
            X25519Field.apm(da, cb, x3, z3);
            X25519Field.carry(x3);
            X25519Field.carry(z3);
            X25519Field.sqr(x3, x3);
            X25519Field.sqr(z3, z3);
            X25519Field.mul(z3, x1, z3);
            X25519Field.mul(aa, bb, x2);
            X25519Field.mul(e, A24, z2);
            X25519Field.add(z2, aa, z2);
            X25519Field.carry(z2);
            X25519Field.mul(z2, e, z2);
        }
        X25519Field.cswap(swap, x2, x3);
        X25519Field.cswap(swap, z2, z3);
        X25519Field.inv(z2, z2);
        X25519Field.mul(x2, z2, x2);
        X25519Field.normalize(x2);
        X25519Field.encode(x2, out, outOff);
    }

    /** u([8]P): RFC 9380 §7 clear_cofactor with h_eff = 8, as three x-only doublings (RFC 7748 §5). */
    public static byte[] clearCofactor(byte[] u) {
        int[] x = X25519Field.create();
        X25519Field.decode(u, 0, x);
        int[] z = X25519Field.create();
        X25519Field.one(z);
        int[] a = X25519Field.create();
        int[] b = X25519Field.create();
        int[] aa = X25519Field.create();
        int[] bb = X25519Field.create();
        int[] e = X25519Field.create();
        for (int i = 0; i < 3; i++) {
            X25519Field.apm(x, z, a, b);
            X25519Field.carry(a);
            X25519Field.carry(b);
            X25519Field.sqr(a, aa);
            X25519Field.sqr(b, bb);
            X25519Field.sub(aa, bb, e);
            X25519Field.carry(e);
            X25519Field.mul(aa, bb, x);
            X25519Field.mul(e, A24, z);
            X25519Field.add(z, aa, z);
            X25519Field.carry(z);
            X25519Field.mul(z, e, z);
        }
        X25519Field.inv(z, z);
        X25519Field.mul(x, z, x);
        X25519Field.normalize(x);
        byte[] out = new byte[32];
        X25519Field.encode(x, out, 0);
        return out;
    }
}
