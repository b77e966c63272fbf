package secplane.privacy.curve;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Every X25519 implementation of the package against RFC 7748 §5.2, and the multi-buffer vector
 * ladder against the one-point ladders on thousands of random and edge inputs.
 */
class LadderTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

    /** One-point X25519 (clamped) through each implementation. */
    enum Impl {
        BOUNCY_CASTLE {
            @Override
            byte[] x25519(byte[] k, byte[] u) {
                byte[] r = new byte[32];
                X25519.scalarMult(k, 0, u, 0, r, 0);
                return r;
            }
        },
        MONTGOMERY_LADDER {
            @Override
            byte[] x25519(byte[] k, byte[] u) {
                return MontgomeryLadder.scalarMult(clamp(k), u);
            }
        },
        VECTOR_LADDER {
            @Override
            byte[] x25519(byte[] k, byte[] u) {
                byte[] r = new byte[32];
                VectorLadder.scalarMult(clamp(k), u, 0, 1, r, 0, 32, 32);
                return r;
            }
        },
        BATCH_LADDER {
            @Override
            byte[] x25519(byte[] k, byte[] u) {
                byte[] r = new byte[32];
                BatchLadder.x25519(k, u, 0, 1, r, 0, 32, 32);
                return r;
            }
        };

        abstract byte[] x25519(byte[] k, byte[] u);
    }

    static byte[] clamp(byte[] k) {
        byte[] c = k.clone();
        c[0] &= (byte) 248;
        c[31] &= 127;
        c[31] |= 64;
        return c;
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void rfc7748Section52Vectors(Impl impl) {
        assertThat(HEX.formatHex(impl.x25519(
                HEX.parseHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                HEX.parseHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))))
                .isEqualTo("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
        // u has bit 255 set: decodeUCoordinate must mask it
        assertThat(HEX.formatHex(impl.x25519(
                HEX.parseHex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                HEX.parseHex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))))
                .isEqualTo("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void rfc7748Section52IteratedOnceAndThousandTimes(Impl impl) {
        byte[] k = new byte[32];
        k[0] = 9;
        byte[] u = k.clone();
        for (int i = 1; i <= 1000; i++) {
            byte[] r = impl.x25519(k, u);
            u = k;
            k = r;
            if (i == 1) {
                assertThat(HEX.formatHex(k)).isEqualTo("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
            }
        }
        assertThat(HEX.formatHex(k)).isEqualTo("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
    }

    /** u-coordinates a peer may send: zero, small order, the non-canonical range u ≥ p, bit 255 set. */
    static List<byte[]> edgePoints() {
        List<BigInteger> us = new ArrayList<>(List.of(
                BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(9),
                // the points of order 8 (RFC 7748 §5 / Bernstein's list of small-order u)
                new BigInteger("325606250916557431795983626356110631294008115727848805560023387167927233504"),
                new BigInteger("39382357235489614581723060781553021112529911719440698176882885853963445705823"),
                P.subtract(BigInteger.ONE), P, P.add(BigInteger.ONE), P.add(BigInteger.valueOf(18)),
                BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(255).add(BigInteger.valueOf(9)), // bit 255 set on 9
                BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)));
        List<byte[]> out = new ArrayList<>();
        for (BigInteger u : us) {
            byte[] be = u.toByteArray();
            byte[] le = new byte[32];
            for (int i = 0; i < 32 && i < be.length; i++) {
                le[i] = be[be.length - 1 - i];
            }
            out.add(le);
        }
        return out;
    }

    private static byte[] points(Random r, int count) {
        List<byte[]> edges = edgePoints();
        byte[] in = new byte[32 * count];
        r.nextBytes(in);
        for (int i = 0; i < count; i += 37) { // edge points scattered over lanes and groups
            byte[] e = edges.get((i / 37) % edges.size());
            System.arraycopy(e, 0, in, 32 * i, 32);
        }
        return in;
    }

    @Test
    void vectorLadderMatchesBouncyCastleOnRandomAndEdgePoints() {
        SecureRandom r = new SecureRandom();
        int mismatches = 0;
        int total = 0;
        for (int round = 0; round < 4; round++) {
            int count = 1000 + round * 3 + (round == 3 ? 5 : 0); // counts that leave lanes unfilled
            byte[] in = points(r, count);
            byte[] key = new byte[32];
            r.nextBytes(key);
            byte[] batch = new byte[32 * count];
            VectorLadder.scalarMult(clamp(key), in, 0, count, batch, 0, 32, 32);
            byte[] one = new byte[32];
            for (int i = 0; i < count; i++) {
                X25519.scalarMult(key, 0, in, 32 * i, one, 0);
                if (!java.util.Arrays.equals(one, 0, 32, batch, 32 * i, 32 * i + 32)) {
                    mismatches++;
                }
                total++;
            }
        }
        assertThat(total).isGreaterThan(4000);
        assertThat(mismatches).isZero();
    }

    @Test
    void vectorLadderMatchesBouncyCastleForThousandsOfRandomScalars() {
        SecureRandom r = new SecureRandom();
        int count = 9; // one full group of 8 lanes and one lane of the next
        int mismatches = 0;
        for (int s = 0; s < 1000; s++) {
            byte[] key = new byte[32];
            r.nextBytes(key);
            byte[] in = points(r, count);
            if (s % 10 == 0) { // an edge point in a varying lane
                byte[] e = edgePoints().get(s / 10 % edgePoints().size());
                System.arraycopy(e, 0, in, 32 * (s % count), 32);
            }
            byte[] batch = new byte[32 * count];
            VectorLadder.scalarMult(clamp(key), in, 0, count, batch, 0, 32, 32);
            byte[] one = new byte[32];
            for (int i = 0; i < count; i++) {
                X25519.scalarMult(key, 0, in, 32 * i, one, 0);
                if (!java.util.Arrays.equals(one, 0, 32, batch, 32 * i, 32 * i + 32)) {
                    mismatches++;
                }
            }
        }
        assertThat(mismatches).isZero();
    }

    @Test
    void vectorLadderMatchesTheExactScalarLadder() {
        SecureRandom r = new SecureRandom();
        for (int round = 0; round < 3; round++) {
            int count = 333;
            byte[] in = points(r, count);
            byte[] k = Scalars.toLittleEndian(Scalars.randomModOrder(r));
            byte[] batch = new byte[32 * count];
            VectorLadder.scalarMult(k, in, 0, count, batch, 0, 32, 32);
            for (int i = 0; i < count; i++) {
                byte[] one = new byte[32];
                MontgomeryLadder.scalarMult(k, in, 32 * i, one, 0);
                assertThat(HEX.formatHex(batch, 32 * i, 32 * i + 32)).as("point %d", i).isEqualTo(HEX.formatHex(one));
            }
        }
        // scalars with the top bits set and all-zero scalars as well
        byte[] ones = new byte[32];
        java.util.Arrays.fill(ones, (byte) 0xff);
        for (byte[] k : List.of(ones, new byte[32])) {
            byte[] in = points(r, 40);
            byte[] batch = new byte[32 * 40];
            VectorLadder.scalarMult(k, in, 0, 40, batch, 0, 32, 32);
            for (int i = 0; i < 40; i++) {
                byte[] one = new byte[32];
                MontgomeryLadder.scalarMult(k, in, 32 * i, one, 0);
                assertThat(HEX.formatHex(batch, 32 * i, 32 * i + 32)).isEqualTo(HEX.formatHex(one));
            }
        }
    }

    @Test
    void smallOrderPointsGiveZeroAndDoNotDisturbTheirNeighbours() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        List<byte[]> edges = edgePoints();
        byte[] in = new byte[32 * 3];
        System.arraycopy(edges.get(0), 0, in, 0, 32); // u = 0
        System.arraycopy(edges.get(3), 0, in, 32, 32); // u = 9
        System.arraycopy(edges.get(4), 0, in, 64, 32); // order 8
        byte[] out = new byte[96];
        BatchLadder.x25519(key, in, 0, 3, out, 0, 32, 32);
        byte[] nine = new byte[32];
        X25519.scalarMult(key, 0, edges.get(3), 0, nine, 0);
        assertThat(HEX.formatHex(out, 0, 32)).isEqualTo("00".repeat(32));
        assertThat(HEX.formatHex(out, 32, 64)).isEqualTo(HEX.formatHex(nine)).isNotEqualTo("00".repeat(32));
        assertThat(HEX.formatHex(out, 64, 96)).isEqualTo("00".repeat(32));
    }

    @Test
    void stridedOutputWritesTagPrefixesOnly() {
        SecureRandom r = new SecureRandom();
        byte[] key = new byte[32];
        r.nextBytes(key);
        byte[] in = points(r, 20);
        byte[] tags = new byte[4 + 20 * 12];
        BatchLadder.x25519(key, in, 0, 20, tags, 4, 12, 12);
        assertThat(HEX.formatHex(tags, 0, 4)).isEqualTo("00000000");
        for (int i = 0; i < 20; i++) {
            byte[] one = new byte[32];
            X25519.scalarMult(key, 0, in, 32 * i, one, 0);
            assertThat(HEX.formatHex(tags, 4 + 12 * i, 16 + 12 * i)).isEqualTo(HEX.formatHex(one, 0, 12));
        }
    }

    @Test
    void theVectorLadderRunsWhenTheModuleIsPresent() {
        // surefire starts the JVM with --add-modules jdk.incubator.vector: the tests above must not
        // have exercised the fallback through BatchLadder
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertThat(module).isTrue();
        assertThat(BatchLadder.vectorised()).isEqualTo(VectorLadder.lanes() >= 4);
        assertThat(BatchLadder.implementation()).contains(BatchLadder.vectorised() ? "vector ladder" : "scalar ladder");
    }

    @Test
    void fieldFreezeGivesTheCanonicalResidue() {
        Random r = new Random(5);
        for (int t = 0; t < 2000; t++) {
            long[] h = new long[10];
            BigInteger v = BigInteger.ZERO;
            int pos = 0;
            for (int i = 0; i < 10; i++) {
                int bits = (i & 1) == 0 ? 26 : 25;
                // limbs up to 2^(bits+3): the loose form left by additions
                h[i] = t < 10 ? ((1L << bits) - 1) : r.nextLong() >>> (64 - bits - 3);
                v = v.add(BigInteger.valueOf(h[i]).shiftLeft(pos));
                pos += bits;
            }
            FieldLanes.freeze(h);
            BigInteger got = BigInteger.ZERO;
            pos = 0;
            for (int i = 0; i < 10; i++) {
                got = got.add(BigInteger.valueOf(h[i]).shiftLeft(pos));
                pos += (i & 1) == 0 ? 26 : 25;
            }
            assertThat(got).isEqualTo(v.mod(P));
        }
    }
}
