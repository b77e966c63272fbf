package secplane.privacy.curve;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * Hashes byte strings to points of Curve25519, given by their Montgomery u-coordinate, with the
 * RFC 9380 suite {@code curve25519_XMD:SHA-512_ELL2_NU_} ("encode_to_curve", §3 and §8.5):
 * <ol>
 *   <li>{@code hash_to_field} (§5.2) with {@code expand_message_xmd} over SHA-512 (§5.3.1), one field
 *       element from L = 48 bytes (k = 128, §5.1);</li>
 *   <li>{@code map_to_curve_elligator2} (§6.7.1) with J = 486662, K = 1, Z = 2 (§8.5 and §6.7.1.1);</li>
 *   <li>{@code clear_cofactor} (§7, h_eff = 8) is left to the caller: X25519's clamped scalars are
 *       multiples of 8 and clear it as part of the masking, and {@link MontgomeryLadder#clearCofactor}
 *       does it explicitly where the unclamped OPRF needs the prime-order subgroup.</li>
 * </ol>
 * Only the u-coordinate is computed: the X25519 ladder needs nothing else, and u determines the
 * point up to sign, which no protocol here distinguishes. The NU ("nonuniform") variant costs one
 * map instead of the two maps and a point addition of the RO variant; its output distribution is
 * the map's image of a uniform field element (RFC 9380 §10.4 discusses why this suffices when the
 * result is immediately multiplied by a secret scalar, as in every protocol of this package).
 *
 * <p>Instances are thread-safe. The square test is variable-time: it leaks through timing only
 * whether one of two candidates was taken, about the local party's own identifiers, to the local
 * machine.
 */
public final class HashToCurve {
    /** RFC 9380 §8.5 suite identifier. */
    public static final String SUITE = "curve25519_XMD:SHA-512_ELL2_NU_";
    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    private static final int L = 48; // ceil((ceil(log2(p)) + k) / 8) with k = 128, §5.1
    private static final int J = 486662;
    private static final int R_IN_BYTES = 128; // SHA-512 block size, s_in_bytes in §5.3.1
    private static final int B_IN_BYTES = 64;

    private final byte[] dstPrime;
    private final ThreadLocal<MessageDigest> digest = ThreadLocal.withInitial(HashToCurve::sha512);
    /** The digest state after absorbing Z_pad, which starts every msg_prime (§5.3.1 step 7). */
    private final MessageDigest afterZpad;

    public HashToCurve(String domainSeparationTag) {
        byte[] dst = domainSeparationTag.getBytes(StandardCharsets.UTF_8);
        if (dst.length == 0 || dst.length > 255) {
            throw new IllegalArgumentException("the domain separation tag must be 1..255 bytes (RFC 9380 §3.1)");
        }
        dstPrime = new byte[dst.length + 1];
        System.arraycopy(dst, 0, dstPrime, 0, dst.length);
        dstPrime[dst.length] = (byte) dst.length;
        afterZpad = sha512();
        afterZpad.update(new byte[R_IN_BYTES]);
    }

    /** {@code encode_to_curve(msg)} without the cofactor clearing: the 32-byte little-endian u of Q. */
    public byte[] encode(byte[] msg) {
        byte[] out = new byte[32];
        encode(msg, out, 0);
        return out;
    }

    /** Writes u(map_to_curve(hash_to_field(msg))) at {@code out[off..off+32)}. */
    public void encode(byte[] msg, byte[] out, int off) {
        int[] u = X25519Field.create();
        X25519Field.decode(hashToField(msg), 0, u);
        int[] x = mapToCurve(u);
        X25519Field.normalize(x);
        X25519Field.encode(x, out, off);
    }

    /**
     * {@link #encode(byte[], byte[], int)} for every message, u of message i at {@code out[off + 32 i]}.
     * With the vector ladder available ({@link BatchLadder#vectorised()}) the reduction and the map run
     * for the whole batch in the lanes, with one shared inversion ({@link VectorElligator}); otherwise
     * one message at a time. The bytes are the same either way.
     */
    public void encodeAll(byte[][] msgs, byte[] out, int off) {
        if (!BatchLadder.vectorised()) {
            for (int i = 0; i < msgs.length; i++) {
                encode(msgs[i], out, off + 32 * i);
            }
            return;
        }
        VectorElligator.map(expandAll(msgs), msgs.length, out, off);
    }

    /**
     * The first message of a DH-based PSI: u([key]·H(ids[order[i]])) for i in [from, to), each written at
     * {@code out[outOff + (i - from) * stride]} (a stride above 32 leaves room for data sent beside each point).
     */
    public void hashAndMultiply(List<String> ids, int[] order, int from, int to, byte[] key, byte[] out, int outOff, int stride) {
        byte[][] msgs = new byte[to - from][];
        for (int i = from; i < to; i++) {
            msgs[i - from] = ids.get(order[i]).getBytes(StandardCharsets.UTF_8);
        }
        byte[] h = new byte[(to - from) * 32];
        encodeAll(msgs, h, 0);
        BatchLadder.x25519(key, h, 0, to - from, out, outOff, stride, 32);
    }

    /** The vector path regardless of the JVM's choice (for the cross-checks in the tests). */
    void encodeAllVector(byte[][] msgs, byte[] out, int off) {
        VectorElligator.map(expandAll(msgs), msgs.length, out, off);
    }

    private byte[] expandAll(byte[][] msgs) {
        byte[] uniform = new byte[L * msgs.length];
        for (int i = 0; i < msgs.length; i++) {
            System.arraycopy(expandMessageXmd(msgs[i]), 0, uniform, L * i, L);
        }
        return uniform;
    }

    /** §5.2 hash_to_field with count = 1: the field element as 32 little-endian bytes. */
    public byte[] hashToField(byte[] msg) {
        byte[] uniform = expandMessageXmd(msg);
        BigInteger e = new BigInteger(1, uniform).mod(P);
        return littleEndian32(e);
    }

    /** §5.3.1 expand_message_xmd with len_in_bytes = 48, so ell = 1. */
    byte[] expandMessageXmd(byte[] msg) {
        MessageDigest h = digest.get();
        MessageDigest b0Digest;
        try {
            b0Digest = (MessageDigest) afterZpad.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-512 digest cannot be cloned", e);
        }
        b0Digest.update(msg);
        b0Digest.update(new byte[] {0, (byte) L, 0}); // l_i_b_str || I2OSP(0, 1)
        b0Digest.update(dstPrime);
        byte[] b0 = b0Digest.digest();
        h.reset();
        h.update(b0);
        h.update((byte) 1);
        h.update(dstPrime);
        byte[] b1 = h.digest();
        byte[] out = new byte[L];
        System.arraycopy(b1, 0, out, 0, L); // L <= b_in_bytes: only b_1 is needed
        assert L <= B_IN_BYTES;
        return out;
    }

    /**
     * §6.7.1 map_to_curve_elligator2 for curve25519 (K = 1, Z = 2), u-coordinate only: steps 1–5 and
     * the choice of step 6/7 by the square test of gx1; the sign of y (sgn0) does not affect u.
     */
    static int[] mapToCurve(int[] u) {
        int[] t = X25519Field.create();
        int[] x1 = X25519Field.create();
        // 1. x1 = -(J / K) * inv0(1 + Z * u^2)
        X25519Field.sqr(u, t);
        X25519Field.mul(t, 2, t);
        X25519Field.addOne(t);
        X25519Field.carry(t);
        X25519Field.inv(t, t); // inv0: 0^(p-2) = 0
        X25519Field.mul(t, J, x1);
        X25519Field.negate(x1, x1);
        X25519Field.carry(x1);
        // 2. if x1 == 0 then x1 = -(J / K)  (only when 1 + 2u^2 == 0)
        if (X25519Field.isZeroVar(x1)) {
            X25519Field.zero(x1);
            x1[0] = J;
            X25519Field.negate(x1, x1);
            X25519Field.carry(x1);
        }
        // 3. gx1 = x1^3 + (J / K) * x1^2 + x1 / K^2 = x1 * (x1 * (x1 + J) + 1)
        int[] gx1 = X25519Field.create();
        int[] jFe = X25519Field.create();
        jFe[0] = J;
        X25519Field.add(x1, jFe, gx1);
        X25519Field.carry(gx1);
        X25519Field.mul(gx1, x1, gx1);
        X25519Field.addOne(gx1);
        X25519Field.carry(gx1);
        X25519Field.mul(gx1, x1, gx1);
        // 6./7. x = x1 if is_square(gx1) else x2 = -x1 - J / K
        int[] one = X25519Field.create();
        X25519Field.one(one);
        int[] root = X25519Field.create();
        if (X25519Field.sqrtRatioVar(gx1, one, root)) {
            return x1;
        }
        int[] x2 = X25519Field.create();
        X25519Field.add(x1, jFe, x2);
        X25519Field.negate(x2, x2);
        X25519Field.carry(x2);
        return x2;
    }

    static byte[] littleEndian32(BigInteger e) {
        byte[] be = e.toByteArray();
        byte[] le = new byte[32];
        for (int i = 0; i < 32 && i < be.length; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-512", e);
        }
    }
}
