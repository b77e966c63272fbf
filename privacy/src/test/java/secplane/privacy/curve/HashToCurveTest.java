package secplane.privacy.curve;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.Test;

class HashToCurveTest {
    private static final HexFormat HEX = HexFormat.of();

    /** RFC 9380 Appendix J.7.2 (curve25519_XMD:SHA-512_ELL2_NU_): msg, u[0], Q.x, P.x (big-endian hex). */
    private static final String[][] NU_VECTORS = {
        {"", "608d892b641f0328523802a6603427c26e55e6f27e71a91a478148d45b5093cd",
            "51125222da5e763d97f3c10fcc92ea6860b9ccbbd2eb1285728f566721c1e65b",
            "1bb913f0c9daefa0b3375378ffa534bda5526c97391952a7789eb976edfe4d08"},
        {"abc", "46f5b22494bfeaa7f232cc8d054be68561af50230234d7d1d63d1d9abeca8da5",
            "7d56d1e08cb0ccb92baf069c18c49bb5a0dcd927eff8dcf75ca921ef7f3e6eeb",
            "7c22950b7d900fa866334262fcaea47a441a578df43b894b4625c9b450f9a026"},
        {"abcdef0123456789", "235fe40c443766ce7e18111c33862d66c3b33267efa50d50f9e8e5d252a40aaa",
            "3fbe66b9c9883d79e8407150e7c2a1c8680bee496c62fabe4619a72b3cabe90f",
            "31ad08a8b0deeb2a4d8b0206ca25f567ab4e042746f792f4b7973f3ae2096c52"},
        {"q128_" + "q".repeat(128), "001e92a544463bda9bd04ddbe3d6eed248f82de32f522669efc5ddce95f46f5b",
            "227e0bb89de700385d19ec40e857db6e6a3e634b1c32962f370d26f84ff19683",
            "027877759d155b1997d0d84683a313eb78bdb493271d935b622900459d52ceaa"},
        {"a512_" + "a".repeat(512), "1a68a1af9f663592291af987203393f707305c7bac9c8d63d6a729bdc553dc19",
            "3bcd651ee54d5f7b6013898aab251ee8ecc0688166fce6e9548d38472f6bd196",
            "5fd892c0958d1a75f54c3182a18d286efab784e774d1e017ba2fb252998b5dc1"},
    };

    private static String be(byte[] le) {
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        return HEX.formatHex(be);
    }

    @Test
    void matchesTheRfc9380AppendixJVectorsForEachStep() {
        HashToCurve h = new HashToCurve("QUUX-V01-CS02-with-curve25519_XMD:SHA-512_ELL2_NU_");
        for (String[] v : NU_VECTORS) {
            byte[] msg = v[0].getBytes(StandardCharsets.US_ASCII);
            assertThat(be(h.hashToField(msg))).as("u[0] of %s", v[0]).isEqualTo(v[1]);
            byte[] q = h.encode(msg);
            assertThat(be(q)).as("Q.x of %s", v[0]).isEqualTo(v[2]);
            assertThat(be(MontgomeryLadder.clearCofactor(q))).as("P.x of %s", v[0]).isEqualTo(v[3]);
            byte[] eight = new byte[32];
            eight[0] = 8;
            assertThat(be(MontgomeryLadder.scalarMult(eight, q))).as("[8]Q by the ladder").isEqualTo(v[3]);
        }
    }

    @Test
    void theUnclampedLadderAgreesWithBouncyCastleX25519OnClampedScalars() {
        SecureRandom random = new SecureRandom(new byte[] {1});
        HashToCurve h = new HashToCurve("test");
        for (int i = 0; i < 50; i++) {
            byte[] k = Scalars.randomClamped(random);
            byte[] clamped = k.clone();
            X25519.clampPrivateKey(clamped);
            byte[] u = h.encode(("item" + i).getBytes(StandardCharsets.UTF_8));
            byte[] bc = new byte[32];
            X25519.scalarMult(k, 0, u, 0, bc, 0);
            assertThat(MontgomeryLadder.scalarMult(clamped, u)).isEqualTo(bc);
        }
    }

    @Test
    void theLadderMatchesABigIntegerReferenceOnUnclampedScalars() {
        SecureRandom random = new SecureRandom(new byte[] {2});
        HashToCurve h = new HashToCurve("test");
        for (int i = 0; i < 20; i++) {
            BigInteger k = Scalars.randomModOrder(random);
            byte[] u = h.encode(("x" + i).getBytes(StandardCharsets.UTF_8));
            byte[] expected = HashToCurve.littleEndian32(referenceLadder(k, Scalars.fromLittleEndian(u)));
            assertThat(MontgomeryLadder.scalarMult(Scalars.toLittleEndian(k), u)).isEqualTo(expected);
        }
    }

    @Test
    void blindingThenUnblindingModuloTheGroupOrderGivesTheDirectEvaluation() {
        SecureRandom random = new SecureRandom(new byte[] {3});
        HashToCurve h = new HashToCurve("test");
        BigInteger key = Scalars.randomModOrder(random);
        for (int i = 0; i < 20; i++) {
            byte[] p = MontgomeryLadder.clearCofactor(h.encode(("acct-" + i).getBytes(StandardCharsets.UTF_8)));
            BigInteger r = Scalars.randomModOrder(random);
            byte[] blinded = MontgomeryLadder.scalarMult(Scalars.toLittleEndian(r), p);
            byte[] evaluated = MontgomeryLadder.scalarMult(Scalars.toLittleEndian(key), blinded);
            byte[] unblinded = MontgomeryLadder.scalarMult(Scalars.toLittleEndian(r.modInverse(Scalars.ORDER)), evaluated);
            assertThat(unblinded).isEqualTo(MontgomeryLadder.scalarMult(Scalars.toLittleEndian(key), p));
            // without clearing the cofactor the identity fails for most points: the check has teeth
            assertThat(blinded).isNotEqualTo(p);
        }
    }

    @Test
    void withoutCofactorClearingUnblindingDoesNotAlwaysWork() {
        SecureRandom random = new SecureRandom(new byte[] {4});
        HashToCurve h = new HashToCurve("test");
        // an odd key: a key divisible by 8 would itself clear the torsion part and hide the failure
        BigInteger key = Scalars.randomModOrder(random).setBit(0).clearBit(1).clearBit(2);
        int mismatches = 0;
        for (int i = 0; i < 20; i++) {
            byte[] q = h.encode(("acct-" + i).getBytes(StandardCharsets.UTF_8));
            BigInteger r = Scalars.randomModOrder(random);
            byte[] e = MontgomeryLadder.scalarMult(Scalars.toLittleEndian(key),
                    MontgomeryLadder.scalarMult(Scalars.toLittleEndian(r), q));
            byte[] un = MontgomeryLadder.scalarMult(Scalars.toLittleEndian(r.modInverse(Scalars.ORDER)), e);
            if (!java.util.Arrays.equals(un, MontgomeryLadder.scalarMult(Scalars.toLittleEndian(key), q))) {
                mismatches++;
            }
        }
        assertThat(mismatches).isPositive();
    }

    @Test
    void doubleMaskingWithClampedKeysCommutes() {
        SecureRandom random = new SecureRandom(new byte[] {5});
        HashToCurve h = new HashToCurve("test");
        byte[] a = Scalars.randomClamped(random);
        byte[] b = Scalars.randomClamped(random);
        byte[] u = h.encode("13800138000".getBytes(StandardCharsets.UTF_8));
        byte[] ua = new byte[32];
        byte[] ub = new byte[32];
        byte[] uab = new byte[32];
        byte[] uba = new byte[32];
        Scalars.maskClamped(a, u, 0, ua, 0);
        Scalars.maskClamped(b, u, 0, ub, 0);
        Scalars.maskClamped(b, ua, 0, uab, 0);
        Scalars.maskClamped(a, ub, 0, uba, 0);
        assertThat(uab).isEqualTo(uba).isNotEqualTo(ua);
    }

    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

    /** RFC 7748 §5 ladder in BigInteger arithmetic, straight from the text. */
    private static BigInteger referenceLadder(BigInteger k, BigInteger u) {
        BigInteger x1 = u;
        BigInteger x2 = BigInteger.ONE;
        BigInteger z2 = BigInteger.ZERO;
        BigInteger x3 = u;
        BigInteger z3 = BigInteger.ONE;
        for (int t = 254; t >= 0; t--) {
            boolean kt = k.testBit(t);
            if (kt) {
                BigInteger s = x2; x2 = x3; x3 = s;
                s = z2; z2 = z3; z3 = s;
            }
            BigInteger a = x2.add(z2).mod(P);
            BigInteger aa = a.multiply(a).mod(P);
            BigInteger b = x2.subtract(z2).mod(P);
            BigInteger bb = b.multiply(b).mod(P);
            BigInteger e = aa.subtract(bb).mod(P);
            BigInteger c = x3.add(z3).mod(P);
            BigInteger d = x3.subtract(z3).mod(P);
            BigInteger da = d.multiply(a).mod(P);
            BigInteger cb = c.multiply(b).mod(P);
            x3 = da.add(cb).pow(2).mod(P);
            z3 = x1.multiply(da.subtract(cb).pow(2)).mod(P);
            x2 = aa.multiply(bb).mod(P);
            z2 = e.multiply(aa.add(BigInteger.valueOf(121665).multiply(e))).mod(P);
            if (kt) {
                BigInteger s = x2; x2 = x3; x3 = s;
                s = z2; z2 = z3; z3 = s;
            }
        }
        return x2.multiply(z2.modPow(P.subtract(BigInteger.TWO), P)).mod(P);
    }

    @Test
    void batchEncodingInTheLanesMatchesOneAtATime() {
        HashToCurve h = new HashToCurve("QUUX-V01-CS02-with-curve25519_XMD:SHA-512_ELL2_NU_");
        SecureRandom r = new SecureRandom();
        int count = 2003; // leaves the last group of lanes partly empty
        byte[][] msgs = new byte[count][];
        for (int i = 0; i < count; i++) {
            msgs[i] = new byte[r.nextInt(40)];
            r.nextBytes(msgs[i]);
        }
        for (int i = 0; i < NU_VECTORS.length; i++) {
            msgs[i] = NU_VECTORS[i][0].getBytes(StandardCharsets.UTF_8);
        }
        byte[] vector = new byte[32 * count];
        h.encodeAllVector(msgs, vector, 0);
        byte[] chosen = new byte[32 * count + 7];
        h.encodeAll(msgs, chosen, 7);
        int squares = 0;
        for (int i = 0; i < count; i++) {
            byte[] one = h.encode(msgs[i]);
            assertThat(HEX.formatHex(vector, 32 * i, 32 * i + 32)).as("message %d", i).isEqualTo(HEX.formatHex(one));
            assertThat(HEX.formatHex(chosen, 7 + 32 * i, 7 + 32 * i + 32)).isEqualTo(HEX.formatHex(one));
            if (i < NU_VECTORS.length) {
                assertThat(be(one)).isEqualTo(NU_VECTORS[i][2]);
            }
            BigInteger p = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
            BigInteger u = Scalars.fromLittleEndian(h.hashToField(msgs[i]));
            BigInteger x1 = BigInteger.valueOf(-486662).multiply(u.pow(2).shiftLeft(1).add(BigInteger.ONE).modInverse(p)).mod(p);
            squares += Scalars.fromLittleEndian(one).equals(x1) ? 1 : 0;
        }
        // both branches of the square test were taken (about half each)
        assertThat(squares).isBetween(count / 4, 3 * count / 4);
    }
}
