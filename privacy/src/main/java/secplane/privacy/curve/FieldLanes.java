package secplane.privacy.curve;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Arithmetic modulo p = 2^255 - 19 on L field elements at once, one per lane of a {@link LongVector}
 * ({@code jdk.incubator.vector}; L = 8 with AVX-512): the multi-buffer form of the X25519 ladder.
 *
 * <p>Representation: radix 2^25.5, ten limbs of 26, 25, 26, … bits (the ref10 layout), each limb a
 * non-negative 64-bit lane. An element of L lanes occupies {@code 10 * L} longs of an array, limb i
 * of lane j at {@code off + i * L + j}. Every operation leaves its result carried (limbs below
 * 2^26 / 2^25 plus a carry of at most 2^17 in limbs 1 and 5), which bounds every column of a product
 * below 2^60: the sums of the ten 52-bit partial products, some times 19 or 38 for the reduction
 * 2^255 ≡ 19 and the doubled odd limbs, never overflow a lane. Subtraction adds 2p first (limb-wise
 * 2^27 - 38, 2^26 - 2, 2^27 - 2, …), which exceeds every carried limb, so lanes stay non-negative.
 *
 * <p>Every lane does the same operations in the same order whatever the data: the ladder's
 * conditional swaps are masks, not branches, so it stays constant-time in the scalar.
 *
 * <p>The product, square, add, sub and small-multiple methods below are generated (fully unrolled,
 * so C2 keeps all limbs in vector registers) by {@code privacy/src/build/gen_field_lanes.py}. Vectors never leave a method (arguments and results are arrays), so nothing is
 * boxed even where the JIT does not inline.
 */
final class FieldLanes {
    static final VectorSpecies<Long> S = LongVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Longs in one element of L lanes. */
    static final int E = 10 * L;
    private static final long M26 = (1L << 26) - 1;
    private static final long M25 = (1L << 25) - 1;

    private FieldLanes() {
    }

    static long[] create() {
        return new long[E];
    }

    static long[] create(int elements) {
        return new long[elements * E];
    }

    static void one(long[] r, int ro) {
        java.util.Arrays.fill(r, ro, ro + E, 0L);
        java.util.Arrays.fill(r, ro, ro + L, 1L);
    }

    static void copy(long[] a, int ao, long[] r, int ro) {
        System.arraycopy(a, ao, r, ro, E);
    }

    static void sqrN(long[] a, int ao, long[] r, int ro, int n) {
        sqr(a, ao, r, ro);
        for (int i = 1; i < n; i++) {
            sqr(r, ro, r, ro);
        }
    }

    /**
     * z^(2^250 - 1) into t250, and z^11 into z11: the shared head of the ref10 addition chains for
     * z^(p-2) and z^((p-1)/2). {@code w} is scratch of 3 elements.
     */
    private static void pow250(long[] z, int zo, long[] t250, long[] z11, long[] w) {
        final int z2 = 0;
        final int z9 = E;
        final int t = 2 * E;
        sqr(z, zo, w, z2);
        sqrN(w, z2, w, t, 2);
        mul(w, t, z, zo, w, z9);
        mul(w, z9, w, z2, z11, 0);
        sqr(z11, 0, w, t);
        mul(w, t, w, z9, t250, 0); // 2^5 - 1
        long[] a = new long[E];
        long[] b = new long[E];
        sqrN(t250, 0, w, t, 5);
        mul(w, t, t250, 0, a, 0); // a = 2^10 - 1
        sqrN(a, 0, w, t, 10);
        mul(w, t, a, 0, b, 0); // b = 2^20 - 1
        sqrN(b, 0, w, t, 20);
        mul(w, t, b, 0, b, 0); // b = 2^40 - 1
        sqrN(b, 0, w, t, 10);
        mul(w, t, a, 0, a, 0); // a = 2^50 - 1
        sqrN(a, 0, w, t, 50);
        mul(w, t, a, 0, b, 0); // b = 2^100 - 1
        sqrN(b, 0, w, t, 100);
        mul(w, t, b, 0, b, 0); // b = 2^200 - 1
        sqrN(b, 0, w, t, 50);
        mul(w, t, a, 0, t250, 0); // 2^250 - 1
    }

    /** r = z^(p-2) = z^-1 (Fermat; 0 maps to 0, as RFC 7748 §5 requires of the final division). */
    static void invert(long[] z, int zo, long[] r, int ro) {
        long[] t250 = new long[E];
        long[] z11 = new long[E];
        long[] w = new long[3 * E];
        pow250(z, zo, t250, z11, w);
        sqrN(t250, 0, t250, 0, 5); // 2^255 - 32
        mul(t250, 0, z11, 0, r, ro); // + 11 = p - 2
    }

    /** r = z^((p-1)/2): 1 if z is a non-zero square, p - 1 if not, 0 for 0 (Euler's criterion). */
    static void legendre(long[] z, int zo, long[] r, int ro) {
        long[] t250 = new long[E];
        long[] z11 = new long[E];
        long[] w = new long[3 * E];
        pow250(z, zo, t250, z11, w);
        sqrN(t250, 0, t250, 0, 4); // 2^254 - 16
        sqr(z, zo, w, 0);
        sqr(w, 0, w, E);
        mul(w, 0, w, E, w, 2 * E); // z^6
        mul(t250, 0, w, 2 * E, r, ro); // 2^254 - 10 = (p - 1) / 2
    }

    /** Loads u(P) (32 bytes, RFC 7748 §5 decodeUCoordinate: bit 255 masked, u ≥ p allowed) into lane j. */
    static void decode(byte[] in, int off, long[] r, int ro, int lane) {
        decode(le64(in, off), le64(in, off + 8), le64(in, off + 16), le64(in, off + 24), r, ro, lane);
    }

    /** Loads the 255-bit value w0 + w1·2^64 + w2·2^128 + (w3 mod 2^63)·2^192 into lane j. */
    static void decode(long w0, long w1, long w2, long w3Unmasked, long[] r, int ro, int lane) {
        long w3 = w3Unmasked & 0x7fffffffffffffffL;
        int base = ro + lane;
        r[base] = w0 & M26;
        r[base + L] = (w0 >>> 26) & M25;
        r[base + 2 * L] = ((w0 >>> 51) | (w1 << 13)) & M26;
        r[base + 3 * L] = (w1 >>> 13) & M25;
        r[base + 4 * L] = (w1 >>> 38) & M26;
        r[base + 5 * L] = w2 & M25;
        r[base + 6 * L] = (w2 >>> 25) & M26;
        r[base + 7 * L] = ((w2 >>> 51) | (w3 << 13)) & M25;
        r[base + 8 * L] = (w3 >>> 12) & M26;
        r[base + 9 * L] = (w3 >>> 38) & M25;
    }

    /** Writes lane j of a, fully reduced modulo p, as 32 little-endian bytes; copies the first len of them. */
    static void encode(long[] a, int ao, int lane, byte[] out, int off, int len) {
        long[] h = new long[10];
        for (int i = 0; i < 10; i++) {
            h[i] = a[ao + i * L + lane];
        }
        freeze(h);
        long w0 = h[0] | (h[1] << 26) | (h[2] << 51);
        long w1 = (h[2] >>> 13) | (h[3] << 13) | (h[4] << 38);
        long w2 = h[5] | (h[6] << 25) | (h[7] << 51);
        long w3 = (h[7] >>> 13) | (h[8] << 12) | (h[9] << 38);
        byte[] b = new byte[32];
        put64(b, 0, w0);
        put64(b, 8, w1);
        put64(b, 16, w2);
        put64(b, 24, w3);
        System.arraycopy(b, 0, out, off, len);
    }

    /** The canonical representative in [0, p), limbs exactly 26/25 bits (ref10 fe_tobytes). */
    static void freeze(long[] h) {
        long c;
        do { // at most three passes; the value is an output, so its timing here reveals nothing
            for (int i = 0; i < 9; i++) {
                int bits = (i & 1) == 0 ? 26 : 25;
                h[i + 1] += h[i] >>> bits;
                h[i] &= (1L << bits) - 1;
            }
            c = h[9] >>> 25;
            h[9] &= M25;
            h[0] += 19 * c;
        } while (c != 0);
        // now h < 2^255 with every limb in range; h >= p exactly when h + 19 >= 2^255
        long q = (h[0] + 19) >>> 26;
        for (int i = 1; i < 10; i++) {
            q = (h[i] + q) >>> ((i & 1) == 0 ? 26 : 25);
        }
        h[0] += 19 * q;
        for (int i = 0; i < 9; i++) {
            int bits = (i & 1) == 0 ? 26 : 25;
            h[i + 1] += h[i] >>> bits;
            h[i] &= (1L << bits) - 1;
        }
        h[9] &= M25; // drops the 2^255 of h + 19q - q·2^255
    }

    static long le64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    private static void put64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    // ---- generated by privacy/src/build/gen_field_lanes.py: do not edit by hand ----
    static void mul(long[] a, int ao, long[] b, int bo, long[] r, int ro) {
        LongVector f0 = LongVector.fromArray(S, a, ao + 0 * L);
        LongVector f1 = LongVector.fromArray(S, a, ao + 1 * L);
        LongVector f2 = LongVector.fromArray(S, a, ao + 2 * L);
        LongVector f3 = LongVector.fromArray(S, a, ao + 3 * L);
        LongVector f4 = LongVector.fromArray(S, a, ao + 4 * L);
        LongVector f5 = LongVector.fromArray(S, a, ao + 5 * L);
        LongVector f6 = LongVector.fromArray(S, a, ao + 6 * L);
        LongVector f7 = LongVector.fromArray(S, a, ao + 7 * L);
        LongVector f8 = LongVector.fromArray(S, a, ao + 8 * L);
        LongVector f9 = LongVector.fromArray(S, a, ao + 9 * L);
        LongVector g0 = LongVector.fromArray(S, b, bo + 0 * L);
        LongVector g1 = LongVector.fromArray(S, b, bo + 1 * L);
        LongVector g2 = LongVector.fromArray(S, b, bo + 2 * L);
        LongVector g3 = LongVector.fromArray(S, b, bo + 3 * L);
        LongVector g4 = LongVector.fromArray(S, b, bo + 4 * L);
        LongVector g5 = LongVector.fromArray(S, b, bo + 5 * L);
        LongVector g6 = LongVector.fromArray(S, b, bo + 6 * L);
        LongVector g7 = LongVector.fromArray(S, b, bo + 7 * L);
        LongVector g8 = LongVector.fromArray(S, b, bo + 8 * L);
        LongVector g9 = LongVector.fromArray(S, b, bo + 9 * L);
        LongVector g1_2 = g1.mul(2L);
        LongVector g3_2 = g3.mul(2L);
        LongVector g5_2 = g5.mul(2L);
        LongVector g7_2 = g7.mul(2L);
        LongVector g9_38 = g9.mul(38L);
        LongVector g8_19 = g8.mul(19L);
        LongVector g9_19 = g9.mul(19L);
        LongVector g7_38 = g7.mul(38L);
        LongVector g6_19 = g6.mul(19L);
        LongVector g7_19 = g7.mul(19L);
        LongVector g5_38 = g5.mul(38L);
        LongVector g4_19 = g4.mul(19L);
        LongVector g5_19 = g5.mul(19L);
        LongVector g3_38 = g3.mul(38L);
        LongVector g2_19 = g2.mul(19L);
        LongVector g3_19 = g3.mul(19L);
        LongVector g1_38 = g1.mul(38L);
        LongVector h0 = f0.mul(g0)
                .add(f1.mul(g9_38))
                .add(f2.mul(g8_19))
                .add(f3.mul(g7_38))
                .add(f4.mul(g6_19))
                .add(f5.mul(g5_38))
                .add(f6.mul(g4_19))
                .add(f7.mul(g3_38))
                .add(f8.mul(g2_19))
                .add(f9.mul(g1_38));
        LongVector h1 = f0.mul(g1)
                .add(f1.mul(g0))
                .add(f2.mul(g9_19))
                .add(f3.mul(g8_19))
                .add(f4.mul(g7_19))
                .add(f5.mul(g6_19))
                .add(f6.mul(g5_19))
                .add(f7.mul(g4_19))
                .add(f8.mul(g3_19))
                .add(f9.mul(g2_19));
        LongVector h2 = f0.mul(g2)
                .add(f1.mul(g1_2))
                .add(f2.mul(g0))
                .add(f3.mul(g9_38))
                .add(f4.mul(g8_19))
                .add(f5.mul(g7_38))
                .add(f6.mul(g6_19))
                .add(f7.mul(g5_38))
                .add(f8.mul(g4_19))
                .add(f9.mul(g3_38));
        LongVector h3 = f0.mul(g3)
                .add(f1.mul(g2))
                .add(f2.mul(g1))
                .add(f3.mul(g0))
                .add(f4.mul(g9_19))
                .add(f5.mul(g8_19))
                .add(f6.mul(g7_19))
                .add(f7.mul(g6_19))
                .add(f8.mul(g5_19))
                .add(f9.mul(g4_19));
        LongVector h4 = f0.mul(g4)
                .add(f1.mul(g3_2))
                .add(f2.mul(g2))
                .add(f3.mul(g1_2))
                .add(f4.mul(g0))
                .add(f5.mul(g9_38))
                .add(f6.mul(g8_19))
                .add(f7.mul(g7_38))
                .add(f8.mul(g6_19))
                .add(f9.mul(g5_38));
        LongVector h5 = f0.mul(g5)
                .add(f1.mul(g4))
                .add(f2.mul(g3))
                .add(f3.mul(g2))
                .add(f4.mul(g1))
                .add(f5.mul(g0))
                .add(f6.mul(g9_19))
                .add(f7.mul(g8_19))
                .add(f8.mul(g7_19))
                .add(f9.mul(g6_19));
        LongVector h6 = f0.mul(g6)
                .add(f1.mul(g5_2))
                .add(f2.mul(g4))
                .add(f3.mul(g3_2))
                .add(f4.mul(g2))
                .add(f5.mul(g1_2))
                .add(f6.mul(g0))
                .add(f7.mul(g9_38))
                .add(f8.mul(g8_19))
                .add(f9.mul(g7_38));
        LongVector h7 = f0.mul(g7)
                .add(f1.mul(g6))
                .add(f2.mul(g5))
                .add(f3.mul(g4))
                .add(f4.mul(g3))
                .add(f5.mul(g2))
                .add(f6.mul(g1))
                .add(f7.mul(g0))
                .add(f8.mul(g9_19))
                .add(f9.mul(g8_19));
        LongVector h8 = f0.mul(g8)
                .add(f1.mul(g7_2))
                .add(f2.mul(g6))
                .add(f3.mul(g5_2))
                .add(f4.mul(g4))
                .add(f5.mul(g3_2))
                .add(f6.mul(g2))
                .add(f7.mul(g1_2))
                .add(f8.mul(g0))
                .add(f9.mul(g9_38));
        LongVector h9 = f0.mul(g9)
                .add(f1.mul(g8))
                .add(f2.mul(g7))
                .add(f3.mul(g6))
                .add(f4.mul(g5))
                .add(f5.mul(g4))
                .add(f6.mul(g3))
                .add(f7.mul(g2))
                .add(f8.mul(g1))
                .add(f9.mul(g0));
        LongVector c;
        c = h0.lanewise(VectorOperators.LSHR, 26);
        h0 = h0.and(M26);
        h1 = h1.add(c);
        c = h4.lanewise(VectorOperators.LSHR, 26);
        h4 = h4.and(M26);
        h5 = h5.add(c);
        c = h1.lanewise(VectorOperators.LSHR, 25);
        h1 = h1.and(M25);
        h2 = h2.add(c);
        c = h5.lanewise(VectorOperators.LSHR, 25);
        h5 = h5.and(M25);
        h6 = h6.add(c);
        c = h2.lanewise(VectorOperators.LSHR, 26);
        h2 = h2.and(M26);
        h3 = h3.add(c);
        c = h6.lanewise(VectorOperators.LSHR, 26);
        h6 = h6.and(M26);
        h7 = h7.add(c);
        c = h3.lanewise(VectorOperators.LSHR, 25);
        h3 = h3.and(M25);
        h4 = h4.add(c);
        c = h7.lanewise(VectorOperators.LSHR, 25);
        h7 = h7.and(M25);
        h8 = h8.add(c);
        c = h4.lanewise(VectorOperators.LSHR, 26);
        h4 = h4.and(M26);
        h5 = h5.add(c);
        c = h8.lanewise(VectorOperators.LSHR, 26);
        h8 = h8.and(M26);
        h9 = h9.add(c);
        c = h9.lanewise(VectorOperators.LSHR, 25);
        h9 = h9.and(M25);
        h0 = h0.add(c.mul(19L));
        c = h0.lanewise(VectorOperators.LSHR, 26);
        h0 = h0.and(M26);
        h1 = h1.add(c);
        h0.intoArray(r, ro + 0 * L);
        h1.intoArray(r, ro + 1 * L);
        h2.intoArray(r, ro + 2 * L);
        h3.intoArray(r, ro + 3 * L);
        h4.intoArray(r, ro + 4 * L);
        h5.intoArray(r, ro + 5 * L);
        h6.intoArray(r, ro + 6 * L);
        h7.intoArray(r, ro + 7 * L);
        h8.intoArray(r, ro + 8 * L);
        h9.intoArray(r, ro + 9 * L);
    }

    static void sqr(long[] a, int ao, long[] r, int ro) {
        LongVector f0 = LongVector.fromArray(S, a, ao + 0 * L);
        LongVector f1 = LongVector.fromArray(S, a, ao + 1 * L);
        LongVector f2 = LongVector.fromArray(S, a, ao + 2 * L);
        LongVector f3 = LongVector.fromArray(S, a, ao + 3 * L);
        LongVector f4 = LongVector.fromArray(S, a, ao + 4 * L);
        LongVector f5 = LongVector.fromArray(S, a, ao + 5 * L);
        LongVector f6 = LongVector.fromArray(S, a, ao + 6 * L);
        LongVector f7 = LongVector.fromArray(S, a, ao + 7 * L);
        LongVector f8 = LongVector.fromArray(S, a, ao + 8 * L);
        LongVector f9 = LongVector.fromArray(S, a, ao + 9 * L);
        LongVector f1_2 = f1.mul(2L);
        LongVector f2_2 = f2.mul(2L);
        LongVector f3_2 = f3.mul(2L);
        LongVector f4_2 = f4.mul(2L);
        LongVector f5_2 = f5.mul(2L);
        LongVector f6_2 = f6.mul(2L);
        LongVector f7_2 = f7.mul(2L);
        LongVector f8_2 = f8.mul(2L);
        LongVector f9_2 = f9.mul(2L);
        LongVector f3_4 = f3.mul(4L);
        LongVector f5_4 = f5.mul(4L);
        LongVector f7_4 = f7.mul(4L);
        LongVector f9_76 = f9.mul(76L);
        LongVector f8_38 = f8.mul(38L);
        LongVector f9_38 = f9.mul(38L);
        LongVector f7_76 = f7.mul(76L);
        LongVector f6_38 = f6.mul(38L);
        LongVector f7_38 = f7.mul(38L);
        LongVector f5_38 = f5.mul(38L);
        LongVector f6_19 = f6.mul(19L);
        LongVector f8_19 = f8.mul(19L);
        LongVector h0 = f0.mul(f0)
                .add(f1.mul(f9_76))
                .add(f2.mul(f8_38))
                .add(f3.mul(f7_76))
                .add(f4.mul(f6_38))
                .add(f5.mul(f5_38));
        LongVector h1 = f0.mul(f1_2)
                .add(f2.mul(f9_38))
                .add(f3.mul(f8_38))
                .add(f4.mul(f7_38))
                .add(f5.mul(f6_38));
        LongVector h2 = f0.mul(f2_2)
                .add(f1.mul(f1_2))
                .add(f3.mul(f9_76))
                .add(f4.mul(f8_38))
                .add(f5.mul(f7_76))
                .add(f6.mul(f6_19));
        LongVector h3 = f0.mul(f3_2)
                .add(f1.mul(f2_2))
                .add(f4.mul(f9_38))
                .add(f5.mul(f8_38))
                .add(f6.mul(f7_38));
        LongVector h4 = f0.mul(f4_2)
                .add(f1.mul(f3_4))
                .add(f2.mul(f2))
                .add(f5.mul(f9_76))
                .add(f6.mul(f8_38))
                .add(f7.mul(f7_38));
        LongVector h5 = f0.mul(f5_2)
                .add(f1.mul(f4_2))
                .add(f2.mul(f3_2))
                .add(f6.mul(f9_38))
                .add(f7.mul(f8_38));
        LongVector h6 = f0.mul(f6_2)
                .add(f1.mul(f5_4))
                .add(f2.mul(f4_2))
                .add(f3.mul(f3_2))
                .add(f7.mul(f9_76))
                .add(f8.mul(f8_19));
        LongVector h7 = f0.mul(f7_2)
                .add(f1.mul(f6_2))
                .add(f2.mul(f5_2))
                .add(f3.mul(f4_2))
                .add(f8.mul(f9_38));
        LongVector h8 = f0.mul(f8_2)
                .add(f1.mul(f7_4))
                .add(f2.mul(f6_2))
                .add(f3.mul(f5_4))
                .add(f4.mul(f4))
                .add(f9.mul(f9_38));
        LongVector h9 = f0.mul(f9_2)
                .add(f1.mul(f8_2))
                .add(f2.mul(f7_2))
                .add(f3.mul(f6_2))
                .add(f4.mul(f5_2));
        LongVector c;
        c = h0.lanewise(VectorOperators.LSHR, 26);
        h0 = h0.and(M26);
        h1 = h1.add(c);
        c = h4.lanewise(VectorOperators.LSHR, 26);
        h4 = h4.and(M26);
        h5 = h5.add(c);
        c = h1.lanewise(VectorOperators.LSHR, 25);
        h1 = h1.and(M25);
        h2 = h2.add(c);
        c = h5.lanewise(VectorOperators.LSHR, 25);
        h5 = h5.and(M25);
        h6 = h6.add(c);
        c = h2.lanewise(VectorOperators.LSHR, 26);
        h2 = h2.and(M26);
        h3 = h3.add(c);
        c = h6.lanewise(VectorOperators.LSHR, 26);
        h6 = h6.and(M26);
        h7 = h7.add(c);
        c = h3.lanewise(VectorOperators.LSHR, 25);
        h3 = h3.and(M25);
        h4 = h4.add(c);
        c = h7.lanewise(VectorOperators.LSHR, 25);
        h7 = h7.and(M25);
        h8 = h8.add(c);
        c = h4.lanewise(VectorOperators.LSHR, 26);
        h4 = h4.and(M26);
        h5 = h5.add(c);
        c = h8.lanewise(VectorOperators.LSHR, 26);
        h8 = h8.and(M26);
        h9 = h9.add(c);
        c = h9.lanewise(VectorOperators.LSHR, 25);
        h9 = h9.and(M25);
        h0 = h0.add(c.mul(19L));
        c = h0.lanewise(VectorOperators.LSHR, 26);
        h0 = h0.and(M26);
        h1 = h1.add(c);
        h0.intoArray(r, ro + 0 * L);
        h1.intoArray(r, ro + 1 * L);
        h2.intoArray(r, ro + 2 * L);
        h3.intoArray(r, ro + 3 * L);
        h4.intoArray(r, ro + 4 * L);
        h5.intoArray(r, ro + 5 * L);
        h6.intoArray(r, ro + 6 * L);
        h7.intoArray(r, ro + 7 * L);
        h8.intoArray(r, ro + 8 * L);
        h9.intoArray(r, ro + 9 * L);
    }

    static void add(long[] a, int ao, long[] b, int bo, long[] r, int ro) {
        LongVector f0 = LongVector.fromArray(S, a, ao + 0 * L);
        LongVector f1 = LongVector.fromArray(S, a, ao + 1 * L);
        LongVector f2 = LongVector.fromArray(S, a, ao + 2 * L);
        LongVector f3 = LongVector.fromArray(S, a, ao + 3 * L);
        LongVector f4 = LongVector.fromArray(S, a, ao + 4 * L);
        LongVector f5 = LongVector.fromArray(S, a, ao + 5 * L);
        LongVector f6 = LongVector.fromArray(S, a, ao + 6 * L);
        LongVector f7 = LongVector.fromArray(S, a, ao + 7 * L);
        LongVector f8 = LongVector.fromArray(S, a, ao + 8 * L);
        LongVector f9 = LongVector.fromArray(S, a, ao + 9 * L);
        LongVector g0 = LongVector.fromArray(S, b, bo + 0 * L);
        LongVector g1 = LongVector.fromArray(S, b, bo + 1 * L);
        LongVector g2 = LongVector.fromArray(S, b, bo + 2 * L);
        LongVector g3 = LongVector.fromArray(S, b, bo + 3 * L);
        LongVector g4 = LongVector.fromArray(S, b, bo + 4 * L);
        LongVector g5 = LongVector.fromArray(S, b, bo + 5 * L);
        LongVector g6 = LongVector.fromArray(S, b, bo + 6 * L);
        LongVector g7 = LongVector.fromArray(S, b, bo + 7 * L);
        LongVector g8 = LongVector.fromArray(S, b, bo + 8 * L);
        LongVector g9 = LongVector.fromArray(S, b, bo + 9 * L);
        LongVector h0 = f0.add(g0);
        LongVector h1 = f1.add(g1);
        LongVector h2 = f2.add(g2);
        LongVector h3 = f3.add(g3);
        LongVector h4 = f4.add(g4);
        LongVector h5 = f5.add(g5);
        LongVector h6 = f6.add(g6);
        LongVector h7 = f7.add(g7);
        LongVector h8 = f8.add(g8);
        LongVector h9 = f9.add(g9);
        LongVector c;
        c = h0.lanewise(VectorOperators.LSHR, 26);
        h0 = h0.and(M26);
        h1 = h1.add(c);
        c = h4.lanewise(VectorOperators.LSHR, 26);
        h4 = h4.and(M26);
        h5 = h5.add(c);
        c = h1.lanewise(VectorOperators.LSHR, 25);
        h1 = h1.and(M25);
        h2 = h2.add(c);
        c = h5.lanewise(VectorOperators.LSHR, 25);
        h5 = h5.and(M25);
        h6 = h6.add(c);
        c = h2.lanewise(VectorOperators.LSHR, 26);
        h2 = h2.and(M26);
        h3 = h3.add(c);
        c = h6.lanewise(VectorOperators.LSHR, 26);
        h6 = h6.and(M26);
        h7 = h7.add(c);
        c = h3.lanewise(VectorOperators.LSHR, 25);
        h3 = h3.and(M25);
        h4 = h4.add(c);
        c = h7.lanewise(VectorOperators.LSHR, 25);
        h7 = h7.and(M25);
        h8 = h8.add(c);
        c = h4.lanewise(VectorOperators.LSHR, 26);
        h4 = h4.and(M26);
        h5 = h5.add(c);
        c = h8.lanewise(VectorOperators.LSHR, 26);
        h8 = h8.and(M26);
        h9 = h9.add(c);
        c = h9.lanewise(VectorOperators.LSHR, 25);
        h9 = h9.and(M25);
        h0 = h0.add(c.mul(19L));
        c = h0.lanewise(VectorOperators.LSHR, 26);
        h0 = h0.and(M26);
        h1 = h1.add(c);
        h0.intoArray(r, ro + 0 * L);
        h1.intoArray(r, ro + 1 * L);
        h2.intoArray(r, ro + 2 * L);
        h3.intoArray(r, ro + 3 * L);
        h4.intoArray(r, ro + 4 * L);
        h5.intoArray(r, ro + 5 * L);
        h6.intoArray(r, ro + 6 * L);
        h7.intoArray(r, ro + 7 * L);
        h8.intoArray(r, ro + 8 * L);
        h9.intoArray(r, ro + 9 * L);
    }

    static void sub(long[] a, int ao, long[] b, int bo, long[] r, int ro) {
        LongVector f0 = LongVector.fromArray(S, a, ao + 0 * L);
        LongVector f1 = LongVector.fromArray(S, a, ao + 1 * L);
        LongVector f2 = LongVector.fromArray(S, a, ao + 2 * L);
        LongVector f3 = LongVector.fromArray(S, a, ao + 3 * L);
        LongVector f4 = LongVector.fromArray(S, a, ao + 4 * L);
        LongVector f5 = LongVector.fromArray(S, a, ao + 5 * L);
        LongVector f6 = LongVector.fromArray(S, a, ao + 6 * L);
        LongVector f7 = LongVector.fromArray(S, a, ao + 7 * L);
        LongVector f8 = LongVector.fromArray(S, a, ao + 8 * L);
        LongVector f9 = LongVector.fromArray(S, a, ao + 9 * L);
        LongVector g0 = LongVector.fromArray(S, b, bo + 0 * L);
        LongVector g1 = LongVector.fromArray(S, b, bo + 1 * L);
        LongVector g2 = LongVector.fromArray(S, b, bo + 2 * L);
        LongVector g3 = LongVector.fromArray(S, b, bo + 3 * L);
        LongVector g4 = LongVector.fromArray(S, b, bo + 4 * L);
        LongVector g5 = LongVector.fromArray(S, b, bo + 5 * L);
        LongVector g6 = LongVector.fromArray(S, b, bo + 6 * L);
        LongVector g7 = LongVector.fromArray(S, b, bo + 7 * L);
        LongVector g8 = LongVector.fromArray(S, b, bo + 8 * L);
        LongVector g9 = LongVector.fromArray(S, b, bo + 9 * L);
        LongVector h0 = f0.add(134217690L).sub(g0);
        LongVector h1 = f1.add(67108862L).sub(g1);
        LongVector h2 = f2.add(134217726L).sub(g2);
        LongVector h3 = f3.add(67108862L).sub(g3);
        LongVector h4 = f4.add(134217726L).sub(g4);
        LongVector h5 = f5.add(67108862L).sub(g5);
        LongVector h6 = f6.add(134217726L).sub(g6);
        LongVector h7 = f7.add(67108862L).sub(g7);
        LongVector h8 = f8.add(134217726L).sub(g8);
        LongVector h9 = f9.add(67108862L).sub(g9);
        LongVector c;
        c = h0.lanewise(VectorOperators.LSHR, 26);
        h0 = h0.and(M26);
        h1 = h1.add(c);
        c = h4.lanewise(VectorOperators.LSHR, 26);
        h4 = h4.and(M26);
        h5 = h5.add(c);
        c = h1.lanewise(VectorOperators.LSHR, 25);
        h1 = h1.and(M25);
        h2 = h2.add(c);
        c = h5.lanewise(VectorOperators.LSHR, 25);
        h5 = h5.and(M25);
        h6 = h6.add(c);
        c = h2.lanewise(VectorOperators.LSHR, 26);
        h2 = h2.and(M26);
        h3 = h3.add(c);
        c = h6.lanewise(VectorOperators.LSHR, 26);
        h6 = h6.and(M26);
        h7 = h7.add(c);
        c = h3.lanewise(VectorOperators.LSHR, 25);
        h3 = h3.and(M25);
        h4 = h4.add(c);
        c = h7.lanewise(VectorOperators.LSHR, 25);
        h7 = h7.and(M25);
        h8 = h8.add(c);
        c = h4.lanewise(VectorOperators.LSHR, 26);
        h4 = h4.and(M26);
        h5 = h5.add(c);
        c = h8.lanewise(VectorOperators.LSHR, 26);
        h8 = h8.and(M26);
        h9 = h9.add(c);
        c = h9.lanewise(VectorOperators.LSHR, 25);
        h9 = h9.and(M25);
        h0 = h0.add(c.mul(19L));
        c = h0.lanewise(VectorOperators.LSHR, 26);
        h0 = h0.and(M26);
        h1 = h1.add(c);
        h0.intoArray(r, ro + 0 * L);
        h1.intoArray(r, ro + 1 * L);
        h2.intoArray(r, ro + 2 * L);
        h3.intoArray(r, ro + 3 * L);
        h4.intoArray(r, ro + 4 * L);
        h5.intoArray(r, ro + 5 * L);
        h6.intoArray(r, ro + 6 * L);
        h7.intoArray(r, ro + 7 * L);
        h8.intoArray(r, ro + 8 * L);
        h9.intoArray(r, ro + 9 * L);
    }

    static void mulSmall(long[] a, int ao, long k, long[] r, int ro) {
        LongVector f0 = LongVector.fromArray(S, a, ao + 0 * L);
        LongVector f1 = LongVector.fromArray(S, a, ao + 1 * L);
        LongVector f2 = LongVector.fromArray(S, a, ao + 2 * L);
        LongVector f3 = LongVector.fromArray(S, a, ao + 3 * L);
        LongVector f4 = LongVector.fromArray(S, a, ao + 4 * L);
        LongVector f5 = LongVector.fromArray(S, a, ao + 5 * L);
        LongVector f6 = LongVector.fromArray(S, a, ao + 6 * L);
        LongVector f7 = LongVector.fromArray(S, a, ao + 7 * L);
        LongVector f8 = LongVector.fromArray(S, a, ao + 8 * L);
        LongVector f9 = LongVector.fromArray(S, a, ao + 9 * L);
        LongVector h0 = f0.mul(k);
        LongVector h1 = f1.mul(k);
        LongVector h2 = f2.mul(k);
        LongVector h3 = f3.mul(k);
        LongVector h4 = f4.mul(k);
        LongVector h5 = f5.mul(k);
        LongVector h6 = f6.mul(k);
        LongVector h7 = f7.mul(k);
        LongVector h8 = f8.mul(k);
        LongVector h9 = f9.mul(k);
        LongVector c;
        c = h0.lanewise(VectorOperators.LSHR, 26);
        h0 = h0.and(M26);
        h1 = h1.add(c);
        c = h4.lanewise(VectorOperators.LSHR, 26);
        h4 = h4.and(M26);
        h5 = h5.add(c);
        c = h1.lanewise(VectorOperators.LSHR, 25);
        h1 = h1.and(M25);
        h2 = h2.add(c);
        c = h5.lanewise(VectorOperators.LSHR, 25);
        h5 = h5.and(M25);
        h6 = h6.add(c);
        c = h2.lanewise(VectorOperators.LSHR, 26);
        h2 = h2.and(M26);
        h3 = h3.add(c);
        c = h6.lanewise(VectorOperators.LSHR, 26);
        h6 = h6.and(M26);
        h7 = h7.add(c);
        c = h3.lanewise(VectorOperators.LSHR, 25);
        h3 = h3.and(M25);
        h4 = h4.add(c);
        c = h7.lanewise(VectorOperators.LSHR, 25);
        h7 = h7.and(M25);
        h8 = h8.add(c);
        c = h4.lanewise(VectorOperators.LSHR, 26);
        h4 = h4.and(M26);
        h5 = h5.add(c);
        c = h8.lanewise(VectorOperators.LSHR, 26);
        h8 = h8.and(M26);
        h9 = h9.add(c);
        c = h9.lanewise(VectorOperators.LSHR, 25);
        h9 = h9.and(M25);
        h0 = h0.add(c.mul(19L));
        c = h0.lanewise(VectorOperators.LSHR, 26);
        h0 = h0.and(M26);
        h1 = h1.add(c);
        h0.intoArray(r, ro + 0 * L);
        h1.intoArray(r, ro + 1 * L);
        h2.intoArray(r, ro + 2 * L);
        h3.intoArray(r, ro + 3 * L);
        h4.intoArray(r, ro + 4 * L);
        h5.intoArray(r, ro + 5 * L);
        h6.intoArray(r, ro + 6 * L);
        h7.intoArray(r, ro + 7 * L);
        h8.intoArray(r, ro + 8 * L);
        h9.intoArray(r, ro + 9 * L);
    }

    /** Swaps (a, b) and (c, d) in every lane if swap == 1, leaves them if swap == 0, without branching on it. */
    static void cswap(long swap, long[] a, long[] b, long[] c, long[] d) {
        long mask = -swap;
        LongVector a0 = LongVector.fromArray(S, a, 0 * L);
        LongVector b0 = LongVector.fromArray(S, b, 0 * L);
        LongVector ta0 = a0.lanewise(VectorOperators.XOR, b0).and(mask);
        a0.lanewise(VectorOperators.XOR, ta0).intoArray(a, 0 * L);
        b0.lanewise(VectorOperators.XOR, ta0).intoArray(b, 0 * L);
        LongVector a1 = LongVector.fromArray(S, a, 1 * L);
        LongVector b1 = LongVector.fromArray(S, b, 1 * L);
        LongVector ta1 = a1.lanewise(VectorOperators.XOR, b1).and(mask);
        a1.lanewise(VectorOperators.XOR, ta1).intoArray(a, 1 * L);
        b1.lanewise(VectorOperators.XOR, ta1).intoArray(b, 1 * L);
        LongVector a2 = LongVector.fromArray(S, a, 2 * L);
        LongVector b2 = LongVector.fromArray(S, b, 2 * L);
        LongVector ta2 = a2.lanewise(VectorOperators.XOR, b2).and(mask);
        a2.lanewise(VectorOperators.XOR, ta2).intoArray(a, 2 * L);
        b2.lanewise(VectorOperators.XOR, ta2).intoArray(b, 2 * L);
        LongVector a3 = LongVector.fromArray(S, a, 3 * L);
        LongVector b3 = LongVector.fromArray(S, b, 3 * L);
        LongVector ta3 = a3.lanewise(VectorOperators.XOR, b3).and(mask);
        a3.lanewise(VectorOperators.XOR, ta3).intoArray(a, 3 * L);
        b3.lanewise(VectorOperators.XOR, ta3).intoArray(b, 3 * L);
        LongVector a4 = LongVector.fromArray(S, a, 4 * L);
        LongVector b4 = LongVector.fromArray(S, b, 4 * L);
        LongVector ta4 = a4.lanewise(VectorOperators.XOR, b4).and(mask);
        a4.lanewise(VectorOperators.XOR, ta4).intoArray(a, 4 * L);
        b4.lanewise(VectorOperators.XOR, ta4).intoArray(b, 4 * L);
        LongVector a5 = LongVector.fromArray(S, a, 5 * L);
        LongVector b5 = LongVector.fromArray(S, b, 5 * L);
        LongVector ta5 = a5.lanewise(VectorOperators.XOR, b5).and(mask);
        a5.lanewise(VectorOperators.XOR, ta5).intoArray(a, 5 * L);
        b5.lanewise(VectorOperators.XOR, ta5).intoArray(b, 5 * L);
        LongVector a6 = LongVector.fromArray(S, a, 6 * L);
        LongVector b6 = LongVector.fromArray(S, b, 6 * L);
        LongVector ta6 = a6.lanewise(VectorOperators.XOR, b6).and(mask);
        a6.lanewise(VectorOperators.XOR, ta6).intoArray(a, 6 * L);
        b6.lanewise(VectorOperators.XOR, ta6).intoArray(b, 6 * L);
        LongVector a7 = LongVector.fromArray(S, a, 7 * L);
        LongVector b7 = LongVector.fromArray(S, b, 7 * L);
        LongVector ta7 = a7.lanewise(VectorOperators.XOR, b7).and(mask);
        a7.lanewise(VectorOperators.XOR, ta7).intoArray(a, 7 * L);
        b7.lanewise(VectorOperators.XOR, ta7).intoArray(b, 7 * L);
        LongVector a8 = LongVector.fromArray(S, a, 8 * L);
        LongVector b8 = LongVector.fromArray(S, b, 8 * L);
        LongVector ta8 = a8.lanewise(VectorOperators.XOR, b8).and(mask);
        a8.lanewise(VectorOperators.XOR, ta8).intoArray(a, 8 * L);
        b8.lanewise(VectorOperators.XOR, ta8).intoArray(b, 8 * L);
        LongVector a9 = LongVector.fromArray(S, a, 9 * L);
        LongVector b9 = LongVector.fromArray(S, b, 9 * L);
        LongVector ta9 = a9.lanewise(VectorOperators.XOR, b9).and(mask);
        a9.lanewise(VectorOperators.XOR, ta9).intoArray(a, 9 * L);
        b9.lanewise(VectorOperators.XOR, ta9).intoArray(b, 9 * L);
        LongVector c0 = LongVector.fromArray(S, c, 0 * L);
        LongVector d0 = LongVector.fromArray(S, d, 0 * L);
        LongVector tc0 = c0.lanewise(VectorOperators.XOR, d0).and(mask);
        c0.lanewise(VectorOperators.XOR, tc0).intoArray(c, 0 * L);
        d0.lanewise(VectorOperators.XOR, tc0).intoArray(d, 0 * L);
        LongVector c1 = LongVector.fromArray(S, c, 1 * L);
        LongVector d1 = LongVector.fromArray(S, d, 1 * L);
        LongVector tc1 = c1.lanewise(VectorOperators.XOR, d1).and(mask);
        c1.lanewise(VectorOperators.XOR, tc1).intoArray(c, 1 * L);
        d1.lanewise(VectorOperators.XOR, tc1).intoArray(d, 1 * L);
        LongVector c2 = LongVector.fromArray(S, c, 2 * L);
        LongVector d2 = LongVector.fromArray(S, d, 2 * L);
        LongVector tc2 = c2.lanewise(VectorOperators.XOR, d2).and(mask);
        c2.lanewise(VectorOperators.XOR, tc2).intoArray(c, 2 * L);
        d2.lanewise(VectorOperators.XOR, tc2).intoArray(d, 2 * L);
        LongVector c3 = LongVector.fromArray(S, c, 3 * L);
        LongVector d3 = LongVector.fromArray(S, d, 3 * L);
        LongVector tc3 = c3.lanewise(VectorOperators.XOR, d3).and(mask);
        c3.lanewise(VectorOperators.XOR, tc3).intoArray(c, 3 * L);
        d3.lanewise(VectorOperators.XOR, tc3).intoArray(d, 3 * L);
        LongVector c4 = LongVector.fromArray(S, c, 4 * L);
        LongVector d4 = LongVector.fromArray(S, d, 4 * L);
        LongVector tc4 = c4.lanewise(VectorOperators.XOR, d4).and(mask);
        c4.lanewise(VectorOperators.XOR, tc4).intoArray(c, 4 * L);
        d4.lanewise(VectorOperators.XOR, tc4).intoArray(d, 4 * L);
        LongVector c5 = LongVector.fromArray(S, c, 5 * L);
        LongVector d5 = LongVector.fromArray(S, d, 5 * L);
        LongVector tc5 = c5.lanewise(VectorOperators.XOR, d5).and(mask);
        c5.lanewise(VectorOperators.XOR, tc5).intoArray(c, 5 * L);
        d5.lanewise(VectorOperators.XOR, tc5).intoArray(d, 5 * L);
        LongVector c6 = LongVector.fromArray(S, c, 6 * L);
        LongVector d6 = LongVector.fromArray(S, d, 6 * L);
        LongVector tc6 = c6.lanewise(VectorOperators.XOR, d6).and(mask);
        c6.lanewise(VectorOperators.XOR, tc6).intoArray(c, 6 * L);
        d6.lanewise(VectorOperators.XOR, tc6).intoArray(d, 6 * L);
        LongVector c7 = LongVector.fromArray(S, c, 7 * L);
        LongVector d7 = LongVector.fromArray(S, d, 7 * L);
        LongVector tc7 = c7.lanewise(VectorOperators.XOR, d7).and(mask);
        c7.lanewise(VectorOperators.XOR, tc7).intoArray(c, 7 * L);
        d7.lanewise(VectorOperators.XOR, tc7).intoArray(d, 7 * L);
        LongVector c8 = LongVector.fromArray(S, c, 8 * L);
        LongVector d8 = LongVector.fromArray(S, d, 8 * L);
        LongVector tc8 = c8.lanewise(VectorOperators.XOR, d8).and(mask);
        c8.lanewise(VectorOperators.XOR, tc8).intoArray(c, 8 * L);
        d8.lanewise(VectorOperators.XOR, tc8).intoArray(d, 8 * L);
        LongVector c9 = LongVector.fromArray(S, c, 9 * L);
        LongVector d9 = LongVector.fromArray(S, d, 9 * L);
        LongVector tc9 = c9.lanewise(VectorOperators.XOR, d9).and(mask);
        c9.lanewise(VectorOperators.XOR, tc9).intoArray(c, 9 * L);
        d9.lanewise(VectorOperators.XOR, tc9).intoArray(d, 9 * L);
    }

}
