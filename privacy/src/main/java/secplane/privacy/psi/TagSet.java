package secplane.privacy.psi;

/**
 * A set of 12-byte tags in open addressing: the first 8 bytes as a long (tags are pseudorandom, so
 * they are their own hash), the last 4 as an int. 12 bytes per slot at load ≤ 0.5.
 */
public final class TagSet {
    public static final int TAG_BYTES = 12;
    private final long[] hi;
    private final int[] lo;
    private final boolean[] used;
    private final int mask;
    private int size;

    public TagSet(long expected) {
        int cap = Integer.highestOneBit((int) Math.max(16, Math.min(1 << 30, expected * 2))) << 1;
        hi = new long[cap];
        lo = new int[cap];
        used = new boolean[cap];
        mask = cap - 1;
    }

    public int size() {
        return size;
    }

    public void add(byte[] tags, int off) {
        long h = readLong(tags, off);
        int l = readInt(tags, off + 8);
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (used[i]) {
            if (hi[i] == h && lo[i] == l) {
                return;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        hi[i] = h;
        lo[i] = l;
        size++;
    }

    public boolean contains(byte[] tags, int off) {
        long h = readLong(tags, off);
        int l = readInt(tags, off + 8);
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (used[i]) {
            if (hi[i] == h && lo[i] == l) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    static int readInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }
}
