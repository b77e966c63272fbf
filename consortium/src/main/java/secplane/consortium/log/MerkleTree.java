package secplane.consortium.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hashes of an append-only RFC 9162 tree, held by level: level {@code k} keeps the root of every complete,
 * aligned subtree of {@code 2^k} leaves. Any MTH(D[lo:hi]) the RFC's recursions ask for is then an O(log n)
 * composition of stored nodes, so roots and proofs for any earlier size cost no rehashing of leaves.
 * Not thread-safe; {@link MerkleLog} serialises access.
 */
public final class MerkleTree {

    private final List<HashArray> levels = new ArrayList<>();
    private long size;

    public long size() {
        return size;
    }

    /** Appends one leaf hash and completes every subtree it closes. */
    public void appendLeafHash(byte[] leafHash) {
        if (leafHash.length != MerkleHash.SIZE) {
            throw new IllegalArgumentException("a leaf hash is 32 bytes, got " + leafHash.length);
        }
        byte[] hash = leafHash;
        long index = size;
        for (int level = 0; ; level++) {
            if (levels.size() == level) {
                levels.add(new HashArray());
            }
            levels.get(level).add(hash);
            if ((index & 1) == 0) {
                break;
            }
            hash = MerkleHash.node(levels.get(level).get(index - 1), hash);
            index >>= 1;
        }
        size++;
    }

    public byte[] leafHash(long index) {
        checkIndex(index, size);
        return levels.get(0).get(index);
    }

    /** MTH(D[0:treeSize]) for any treeSize up to the current size (RFC 9162 §2.1.1). */
    public byte[] root(long treeSize) {
        checkSize(treeSize);
        return treeSize == 0 ? MerkleHash.empty() : subtree(0, treeSize);
    }

    /** PATH(m, D[0:treeSize]), RFC 9162 §2.1.3.1. */
    public List<byte[]> inclusionProof(long leafIndex, long treeSize) {
        checkSize(treeSize);
        checkIndex(leafIndex, treeSize);
        List<byte[]> path = new ArrayList<>();
        path(leafIndex, 0, treeSize, path);
        return path;
    }

    /** PROOF(m, D[0:n]) = SUBPROOF(m, D[n], true), RFC 9162 §2.1.4.1; empty for m = 0 or m = n. */
    public List<byte[]> consistencyProof(long oldSize, long newSize) {
        checkSize(newSize);
        if (oldSize < 0 || oldSize > newSize) {
            throw new IllegalArgumentException("consistency needs 0 <= old size <= new size, got " + oldSize + " and " + newSize);
        }
        List<byte[]> proof = new ArrayList<>();
        if (oldSize > 0 && oldSize < newSize) {
            subproof(oldSize, 0, newSize, true, proof);
        }
        return proof;
    }

    private void path(long m, long lo, long hi, List<byte[]> out) {
        long n = hi - lo;
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, lo, lo + k, out);
            out.add(subtree(lo + k, hi));
        } else {
            path(m - k, lo + k, hi, out);
            out.add(subtree(lo, lo + k));
        }
    }

    private void subproof(long m, long lo, long hi, boolean complete, List<byte[]> out) {
        long n = hi - lo;
        if (m == n) {
            if (!complete) {
                out.add(subtree(lo, hi));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, lo, lo + k, complete, out);
            out.add(subtree(lo + k, hi));
        } else {
            subproof(m - k, lo + k, hi, false, out);
            out.add(subtree(lo, lo + k));
        }
    }

    /** MTH(D[lo:hi]), hi > lo: a stored node when the range is an aligned power of two, else the RFC split. */
    byte[] subtree(long lo, long hi) {
        long n = hi - lo;
        if (Long.bitCount(n) == 1 && (lo & (n - 1)) == 0) {
            int level = Long.numberOfTrailingZeros(n);
            return levels.get(level).get(lo >> level);
        }
        long k = largestPowerOfTwoBelow(n);
        return MerkleHash.node(subtree(lo, lo + k), subtree(lo + k, hi));
    }

    /** The largest power of two strictly smaller than n (n > 1), the split point of RFC 9162 §2.1.1. */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private void checkSize(long treeSize) {
        if (treeSize < 0 || treeSize > size) {
            throw new IllegalArgumentException("tree size " + treeSize + " is outside this log (it holds " + size + " entries)");
        }
    }

    private static void checkIndex(long index, long treeSize) {
        if (index < 0 || index >= treeSize) {
            throw new IllegalArgumentException("leaf index " + index + " is outside a tree of size " + treeSize);
        }
    }

    /** A growable array of 32-byte hashes in one backing array per 2^20 hashes, to avoid one object per node. */
    private static final class HashArray {
        private static final int CHUNK_SHIFT = 20;
        private static final int CHUNK = 1 << CHUNK_SHIFT;
        private final List<byte[]> chunks = new ArrayList<>();
        private long count;

        void add(byte[] hash) {
            int offset = (int) (count & (CHUNK - 1));
            if (offset == 0) {
                chunks.add(new byte[Math.min(CHUNK, 1024) * MerkleHash.SIZE]);
            }
            byte[] chunk = chunks.get(chunks.size() - 1);
            if ((offset + 1) * MerkleHash.SIZE > chunk.length) {
                chunk = Arrays.copyOf(chunk, Math.min(CHUNK * MerkleHash.SIZE, chunk.length * 2));
                chunks.set(chunks.size() - 1, chunk);
            }
            System.arraycopy(hash, 0, chunk, offset * MerkleHash.SIZE, MerkleHash.SIZE);
            count++;
        }

        byte[] get(long index) {
            byte[] chunk = chunks.get((int) (index >>> CHUNK_SHIFT));
            int offset = (int) (index & (CHUNK - 1)) * MerkleHash.SIZE;
            return Arrays.copyOfRange(chunk, offset, offset + MerkleHash.SIZE);
        }
    }
}
