package secplane.privacy.curve;

/**
 * The RFC 7748 §5 Montgomery ladder on {@link FieldLanes#L} points at once, all with the same
 * scalar: every lane does identical work (a multi-buffer ladder), and the conditional swaps are
 * masks, so it is constant-time in the scalar like the one-point ladder.
 *
 * <p>The ladder ends in projective (X : Z); a whole call is brought to affine u = X / Z with one
 * field inversion per lane (Montgomery's trick: prefix products, one inversion, three
 * multiplications per group of L points on the way back). A point whose multiple is the point at
 * infinity (Z ≡ 0: u = 0 and the other small-order points) would zero the shared product, so such
 * lanes take Z = 1 and X = 0 before the trick: u = 0, what the RFC's X·Z^(p-2) gives.
 *
 * <p>Loaded only when {@code jdk.incubator.vector} is present ({@link BatchLadder} decides).
 */
final class VectorLadder {
    /** (A - 2) / 4 for A = 486662, in z_2 = E * (AA + a24 * E), RFC 7748 §5. */
    private static final long A24 = 121665;

    private VectorLadder() {
    }

    static int lanes() {
        return FieldLanes.L;
    }

    /**
     * For each of {@code count} 32-byte u-coordinates at {@code in[inOff + 32 i]}, writes the first
     * {@code len} bytes of u([k]P) at {@code out[outOff + stride i]}; bits 0..254 of k are used as given.
     */
    static void scalarMult(byte[] k, byte[] in, int inOff, int count, byte[] out, int outOff, int stride, int len) {
        if (count == 0) {
            return;
        }
        final int l = FieldLanes.L;
        final int e = FieldLanes.E;
        int groups = (count + l - 1) / l;
        long[] xs = new long[groups * e];
        long[] zs = new long[groups * e];
        Ladder ladder = new Ladder();
        for (int g = 0; g < groups; g++) {
            for (int j = 0; j < l; j++) {
                int idx = Math.min(g * l + j, count - 1); // padding lanes repeat the last point
                FieldLanes.decode(in, inOff + 32 * idx, ladder.x1, 0, j);
            }
            ladder.run(k, xs, g * e, zs, g * e);
            clearInfinity(xs, zs, g * e);
        }
        toAffine(xs, zs, groups);
        for (int g = 0; g < groups; g++) {
            for (int j = 0; j < l && g * l + j < count; j++) {
                FieldLanes.encode(xs, g * e, j, out, outOff + stride * (g * l + j), len);
            }
        }
    }

    /** Lanes with Z ≡ 0 get (X : Z) = (0 : 1), branch-free in the lane's data. */
    private static void clearInfinity(long[] xs, long[] zs, int o) {
        final int l = FieldLanes.L;
        long[] h = new long[10];
        for (int j = 0; j < l; j++) {
            for (int i = 0; i < 10; i++) {
                h[i] = zs[o + i * l + j];
            }
            FieldLanes.freeze(h);
            long any = 0;
            for (long v : h) {
                any |= v;
            }
            long zero = ((any | -any) >>> 63) ^ 1; // 1 iff Z ≡ 0
            long keep = zero - 1; // all ones unless Z ≡ 0
            for (int i = 0; i < 10; i++) {
                xs[o + i * l + j] &= keep;
                zs[o + i * l + j] &= keep;
            }
            zs[o + j] |= zero;
        }
    }

    /** xs[g] = xs[g] / zs[g] for every group, with one inversion (Montgomery's trick). */
    private static void toAffine(long[] xs, long[] zs, int groups) {
        final int e = FieldLanes.E;
        long[] prefix = new long[groups * e];
        FieldLanes.copy(zs, 0, prefix, 0);
        for (int g = 1; g < groups; g++) {
            FieldLanes.mul(prefix, (g - 1) * e, zs, g * e, prefix, g * e);
        }
        long[] inv = FieldLanes.create();
        FieldLanes.invert(prefix, (groups - 1) * e, inv, 0);
        long[] zInv = FieldLanes.create();
        for (int g = groups - 1; g > 0; g--) {
            FieldLanes.mul(inv, 0, prefix, (g - 1) * e, zInv, 0); // 1 / Z_g
            FieldLanes.mul(inv, 0, zs, g * e, inv, 0); // 1 / (Z_0 ... Z_{g-1})
            FieldLanes.mul(xs, g * e, zInv, 0, xs, g * e);
        }
        FieldLanes.mul(xs, 0, inv, 0, xs, 0);
    }

    /** One ladder's registers (L lanes each), reused across the groups of a call. */
    private static final class Ladder {
        final long[] x1 = FieldLanes.create();
        private final long[] x2 = FieldLanes.create();
        private final long[] z2 = FieldLanes.create();
        private final long[] x3 = FieldLanes.create();
        private final long[] z3 = FieldLanes.create();
        private final long[] a = FieldLanes.create();
        private final long[] aa = FieldLanes.create();
        private final long[] b = FieldLanes.create();
        private final long[] bb = FieldLanes.create();
        private final long[] c = FieldLanes.create();
        private final long[] d = FieldLanes.create();
        private final long[] ee = FieldLanes.create();

        /** RFC 7748 §5, bits 254 down to 0 of k; leaves (x_2 : z_2) at xs[xo], zs[zo]. */
        void run(byte[] k, long[] xs, int xo, long[] zs, int zo) {
            FieldLanes.one(x2, 0);
            java.util.Arrays.fill(z2, 0L);
            FieldLanes.copy(x1, 0, x3, 0);
            FieldLanes.one(z3, 0);
            long swap = 0;
            for (int t = 254; t >= 0; t--) {
                long kt = (k[t >>> 3] >>> (t & 7)) & 1;
                swap ^= kt;
                FieldLanes.cswap(swap, x2, x3, z2, z3);
                swap = kt;
                FieldLanes.addLoose(x2, 0, z2, 0, a, 0); // A = x_2 + z_2
                FieldLanes.sqr(a, 0, aa, 0); // AA = A^2
                FieldLanes.subLoose(x2, 0, z2, 0, b, 0); // B = x_2 - z_2
                FieldLanes.sqr(b, 0, bb, 0); // BB = B^2
                FieldLanes.subLoose(aa, 0, bb, 0, ee, 0); // E = AA - BB
                FieldLanes.addLoose(x3, 0, z3, 0, c, 0); // C = x_3 + z_3
                FieldLanes.subLoose(x3, 0, z3, 0, d, 0); // D = x_3 - z_3
                FieldLanes.mul(d, 0, a, 0, d, 0); // DA = D * A
                FieldLanes.mul(c, 0, b, 0, c, 0); // CB = C * B
                FieldLanes.addLoose(d, 0, c, 0, x3, 0);
                FieldLanes.sqr(x3, 0, x3, 0); // x_3 = (DA + CB)^2
                FieldLanes.subLoose(d, 0, c, 0, z3, 0);
                FieldLanes.sqr(z3, 0, z3, 0);
                FieldLanes.mul(z3, 0, x1, 0, z3, 0); // z_3 = x_1 * (DA - CB)^2
                FieldLanes.mul(aa, 0, bb, 0, x2, 0); // x_2 = AA * BB
                FieldLanes.mulSmall(ee, 0, A24, z2, 0);
                FieldLanes.addLoose(z2, 0, aa, 0, z2, 0);
                FieldLanes.mul(z2, 0, ee, 0, z2, 0); // z_2 = E * (AA + a24 * E)
            }
            FieldLanes.cswap(swap, x2, x3, z2, z3);
            FieldLanes.copy(x2, 0, xs, xo);
            FieldLanes.copy(z2, 0, zs, zo);
        }
    }
}
