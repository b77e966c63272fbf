package secplane.privacy.curve;

import java.util.HexFormat;

/** Run in a JVM of its own by {@link LadderFallbackTest}: prints the implementation and X25519(9, 9). */
public final class FallbackProbe {
    private FallbackProbe() {
    }

    public static void main(String[] args) {
        byte[] k = new byte[32];
        k[0] = 9;
        byte[] out = new byte[32 * 3];
        byte[] in = new byte[32 * 3];
        in[0] = 9;
        in[32] = 9;
        in[64] = 9;
        BatchLadder.x25519(k, in, 0, 3, out, 0, 32, 32);
        byte[][] msgs = {"abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)};
        byte[] q = new byte[32];
        new HashToCurve("QUUX-V01-CS02-with-curve25519_XMD:SHA-512_ELL2_NU_").encodeAll(msgs, q, 0);
        System.out.println(BatchLadder.vectorised() + " " + HexFormat.of().formatHex(out, 64, 96) + " " + HexFormat.of().formatHex(q));
    }
}
