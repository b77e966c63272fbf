package secplane.privacy.curve;

import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * Scalar multiplication of many points by one scalar: the multi-buffer {@link VectorLadder} when
 * the JVM has {@code jdk.incubator.vector} (started with {@code --add-modules jdk.incubator.vector})
 * and its preferred long vectors have at least 4 lanes; otherwise one point at a time with
 * BouncyCastle's X25519 (clamped) or {@link MontgomeryLadder} (exact scalar). Both give the same
 * bytes for every input (RFC 7748 §5); {@link #implementation()} says which one runs.
 *
 * <p>{@code -Dsecplane.psi.ladder=scalar} forces the one-point path (for comparisons).
 */
public final class BatchLadder {
    private static final int LANES = detectLanes();

    private BatchLadder() {
    }

    private static int detectLanes() {
        if ("scalar".equals(System.getProperty("secplane.psi.ladder"))) {
            return 0;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return 0;
        }
        try {
            int lanes = VectorLadder.lanes();
            return lanes >= 4 ? lanes : 0;
        } catch (LinkageError e) {
            return 0;
        }
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WARMED = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Starts (once per JVM) a background thread that runs the vector ladder on a few public points,
     * so that the JIT compiles it while the caller reads its input and connects. Until C2 has compiled
     * the vector methods they run as plain Java objects, some hundred times slower: measured, the first
     * 1,024 multiplications of a fresh JVM took 1.7 s, the next 1,024 0.02 s.
     */
    public static void warmUp() {
        if (LANES == 0 || !WARMED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            byte[] k = new byte[32];
            k[0] = 9;
            byte[] in = new byte[32 * 8 * LANES];
            for (int i = 0; i < 8 * LANES; i++) {
                in[32 * i] = (byte) (9 + i);
            }
            byte[] out = new byte[in.length];
            for (int round = 0; round < 6; round++) {
                VectorLadder.scalarMult(k, in, 0, 8 * LANES, out, 0, 32, 32);
            }
        }, "ladder-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** True when the multi-buffer ladder runs. */
    public static boolean vectorised() {
        return LANES > 0;
    }

    /** A short description of the implementation in use, for run summaries. */
    public static String implementation() {
        return LANES > 0
                ? "vector ladder, " + LANES + " lanes x 64 bits (jdk.incubator.vector)"
                : "scalar ladder (BouncyCastle X25519Field; start the JVM with --add-modules jdk.incubator.vector for the vector ladder)";
    }

    /**
     * X25519(key, u) (RFC 7748 §5, the key clamped) for {@code count} 32-byte u-coordinates at
     * {@code in[inOff + 32 i]}; the first {@code len} bytes of each result go to {@code out[outOff + stride i]}.
     */
    public static void x25519(byte[] key, byte[] in, int inOff, int count, byte[] out, int outOff, int stride, int len) {
        if (LANES > 0) {
            byte[] k = key.clone();
            k[0] &= (byte) 248;
            k[31] &= 127;
            k[31] |= 64;
            VectorLadder.scalarMult(k, in, inOff, count, out, outOff, stride, len);
            java.util.Arrays.fill(k, (byte) 0);
            return;
        }
        byte[] t = new byte[32];
        for (int i = 0; i < count; i++) {
            X25519.scalarMult(key, 0, in, inOff + 32 * i, t, 0);
            System.arraycopy(t, 0, out, outOff + stride * i, len);
        }
    }

    /** u([k]P) with k exactly as given (bits 0..254, no clamping), as {@link MontgomeryLadder#scalarMult}. */
    public static void scalarMult(byte[] k, byte[] in, int inOff, int count, byte[] out, int outOff, int stride, int len) {
        if (LANES > 0) {
            VectorLadder.scalarMult(k, in, inOff, count, out, outOff, stride, len);
            return;
        }
        byte[] t = new byte[32];
        for (int i = 0; i < count; i++) {
            MontgomeryLadder.scalarMult(k, in, inOff + 32 * i, t, 0);
            System.arraycopy(t, 0, out, outOff + stride * i, len);
        }
    }
}
