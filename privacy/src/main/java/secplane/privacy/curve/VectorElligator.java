package secplane.privacy.curve;

/**
 * RFC 9380 hash_to_field's reduction (§5.2) and map_to_curve_elligator2 (§6.7.1, curve25519: J =
 * 486662, K = 1, Z = 2), u-coordinate only, on {@link FieldLanes#L} elements at once, for a whole
 * batch:
 * <ul>
 *   <li>the 48-byte big-endian string e is reduced as e = lo + 2^255·hi ≡ lo + 19·hi (mod p), in the
 *       lanes, without BigInteger;</li>
 *   <li>the inversions of 1 + Z·u^2 (step 1) share one field inversion over the whole batch
 *       (Montgomery's trick). 1 + 2u^2 is never 0: that would make -1/2 a square, and it is not, as
 *       -1 is a square and 2 is not modulo p ≡ 5 (mod 8). So inv0's zero case (step 2) cannot occur;</li>
 *   <li>is_square(gx1) is Euler's criterion gx1^((p-1)/2) ∈ {0, 1, p - 1}, computed in the lanes
 *       (0 counts as a square, as in the RFC); both candidates x1 and x2 = -x1 - J are computed for
 *       every lane and the choice is made when the lane is written out.</li>
 * </ul>
 * Gives the same bytes as {@link HashToCurve#encode(byte[], byte[], int)} (LadderTest and
 * HashToCurveTest compare them).
 */
final class VectorElligator {
    private static final long J = 486662;

    private VectorElligator() {
    }

    /** For each of {@code count} 48-byte strings at {@code uniform[48 i]}, writes u(map_to_curve(e mod p)) at {@code out[off + 32 i]}. */
    static void map(byte[] uniform, int count, byte[] out, int off) {
        if (count == 0) {
            return;
        }
        final int l = FieldLanes.L;
        final int e = FieldLanes.E;
        int groups = (count + l - 1) / l;
        long[] u = FieldLanes.create(groups);
        long[] hi = FieldLanes.create();
        long[] t = FieldLanes.create(groups);
        long[] one = FieldLanes.create();
        FieldLanes.one(one, 0);
        for (int g = 0; g < groups; g++) {
            for (int j = 0; j < l; j++) {
                int idx = Math.min(g * l + j, count - 1);
                int b = 48 * idx;
                // big-endian 384-bit e as little-endian 64-bit words w0 (lowest) .. w5
                long w5 = be64(uniform, b);
                long w4 = be64(uniform, b + 8);
                long w3 = be64(uniform, b + 16);
                long w2 = be64(uniform, b + 24);
                long w1 = be64(uniform, b + 32);
                long w0 = be64(uniform, b + 40);
                FieldLanes.decode(w0, w1, w2, w3, u, g * e, j); // bits 0..254
                FieldLanes.decode((w3 >>> 63) | (w4 << 1), (w4 >>> 63) | (w5 << 1), w5 >>> 63, 0, hi, 0, j); // bits 255..383
            }
            FieldLanes.mulSmall(hi, 0, 19, hi, 0);
            FieldLanes.add(u, g * e, hi, 0, u, g * e); // u = e mod p (not yet canonical, which no step needs)
            FieldLanes.sqr(u, g * e, t, g * e);
            FieldLanes.mulSmall(t, g * e, 2, t, g * e);
            FieldLanes.add(t, g * e, one, 0, t, g * e); // t = 1 + Z u^2
        }
        batchInvert(t, groups);
        long[] zero = FieldLanes.create();
        long[] jFe = FieldLanes.create();
        java.util.Arrays.fill(jFe, 0, l, J);
        long[] x1 = FieldLanes.create();
        long[] x2 = FieldLanes.create();
        long[] gx = FieldLanes.create();
        long[] chi = FieldLanes.create();
        long[] h = new long[10];
        for (int g = 0; g < groups; g++) {
            FieldLanes.mulSmall(t, g * e, J, x1, 0);
            FieldLanes.sub(zero, 0, x1, 0, x1, 0); // x1 = -J / (1 + Z u^2)
            FieldLanes.add(x1, 0, jFe, 0, gx, 0);
            FieldLanes.sub(zero, 0, gx, 0, x2, 0); // x2 = -x1 - J
            FieldLanes.mul(gx, 0, x1, 0, gx, 0);
            FieldLanes.add(gx, 0, one, 0, gx, 0);
            FieldLanes.mul(gx, 0, x1, 0, gx, 0); // gx1 = x1 (x1 (x1 + J) + 1)
            FieldLanes.legendre(gx, 0, chi, 0);
            for (int j = 0; j < l && g * l + j < count; j++) {
                for (int i = 0; i < 10; i++) {
                    h[i] = chi[i * l + j];
                }
                FieldLanes.freeze(h);
                // gx1 is a non-square exactly when chi = p - 1 (limbs 2^26 - 20, 2^25 - 1, 2^26 - 1, ...)
                boolean square = h[0] != (1L << 26) - 20;
                FieldLanes.encode(square ? x1 : x2, 0, j, out, off + 32 * (g * l + j), 32);
            }
        }
    }

    /** zs[g] = 1 / zs[g] for every group, every lane non-zero, with one inversion (Montgomery's trick). */
    static void batchInvert(long[] zs, int groups) {
        final int e = FieldLanes.E;
        long[] prefix = new long[groups * e];
        FieldLanes.copy(zs, 0, prefix, 0);
        for (int g = 1; g < groups; g++) {
            FieldLanes.mul(prefix, (g - 1) * e, zs, g * e, prefix, g * e);
        }
        long[] inv = FieldLanes.create();
        FieldLanes.invert(prefix, (groups - 1) * e, inv, 0);
        long[] zg = FieldLanes.create();
        for (int g = groups - 1; g > 0; g--) {
            FieldLanes.copy(zs, g * e, zg, 0);
            FieldLanes.mul(inv, 0, prefix, (g - 1) * e, zs, g * e);
            FieldLanes.mul(inv, 0, zg, 0, inv, 0);
        }
        FieldLanes.copy(inv, 0, zs, 0);
    }

    private static long be64(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }
}
