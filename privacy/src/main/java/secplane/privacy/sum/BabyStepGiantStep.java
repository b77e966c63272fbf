package secplane.privacy.sum;

import org.bouncycastle.math.ec.ECPoint;

/**
 * Solves m·G → m for 0 ≤ m < {@link #BOUND} (Shanks): a table of j·G for j < 2^18, keyed by 64 bits
 * of the affine x-coordinate, then at most 2^18 giant steps of −2^18·G. Bound 2^36 ≈ 6.9·10^10:
 * sums of amounts in cents up to 687 million yuan. The table (about 3 MB) is built once, lazily.
 */
public final class BabyStepGiantStep {
    static final int BABY_BITS = 18;
    public static final long BOUND = 1L << (2 * BABY_BITS);
    private static final int BABY = 1 << BABY_BITS;
    private static volatile BabyStepGiantStep instance;
    private final long[] keys;
    private final int[] values;
    private final boolean[] used;
    private final int mask;
    private final ECPoint giant;

    private BabyStepGiantStep() {
        int cap = BABY * 4;
        keys = new long[cap];
        values = new int[cap];
        used = new boolean[cap];
        mask = cap - 1;
        ECPoint[] pts = new ECPoint[BABY];
        ECPoint p = ExponentialElGamal.CURVE.getInfinity();
        for (int j = 0; j < BABY; j++) {
            pts[j] = p;
            p = p.add(ExponentialElGamal.G);
        }
        ExponentialElGamal.CURVE.normalizeAll(pts, 1, BABY - 1, null); // Montgomery's trick: one inversion
        for (int j = 1; j < BABY; j++) {
            put(key(pts[j]), j);
        }
        giant = p.negate().normalize(); // p = BABY·G here
    }

    public static BabyStepGiantStep get() {
        BabyStepGiantStep s = instance;
        if (s == null) {
            synchronized (BabyStepGiantStep.class) {
                s = instance;
                if (s == null) {
                    s = new BabyStepGiantStep();
                    instance = s;
                }
            }
        }
        return s;
    }

    /** m with m·G = point, or -1 if m is not below {@link #BOUND}. */
    public long solve(ECPoint point) {
        // giant steps in chunks, normalised together (one field inversion per chunk, Montgomery's trick)
        int chunk = 512;
        ECPoint[] q = new ECPoint[chunk];
        ECPoint next = point.normalize();
        for (long i = 0; i < BABY; i += chunk) {
            int k = (int) Math.min(chunk, BABY - i);
            for (int c = 0; c < k; c++) {
                q[c] = next;
                next = next.add(giant);
            }
            ExponentialElGamal.CURVE.normalizeAll(q, 0, k, null);
            for (int c = 0; c < k; c++) {
                if (q[c].isInfinity()) {
                    return (i + c) * BABY;
                }
                int j = lookup(key(q[c]));
                if (j > 0 && ExponentialElGamal.times(j).equals(q[c])) {
                    return (i + c) * BABY + j;
                }
            }
        }
        return -1;
    }

    private static long key(ECPoint p) {
        return p.getAffineXCoord().toBigInteger().longValue();
    }

    private void put(long k, int v) {
        int i = (int) (k ^ (k >>> 29)) & mask;
        while (used[i]) {
            i = (i + 1) & mask;
        }
        used[i] = true;
        keys[i] = k;
        values[i] = v;
    }

    private int lookup(long k) {
        int i = (int) (k ^ (k >>> 29)) & mask;
        while (used[i]) {
            if (keys[i] == k) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return -1;
    }
}
