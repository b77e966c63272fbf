package secplane.consortium.log;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * An append-only log of entries on disk with its RFC 9162 Merkle tree (see {@link LogFiles} for the layout).
 *
 * <p>Crash safety: an append writes the entry record, then its leaf hash; {@link #sync()} flushes and forces the
 * entries file before the leaves file. On open, a torn tail record is cut off, entries whose leaf hash did not reach
 * the disk are hashed again, and leaf hashes without their entry (impossible in that write order) are reported as
 * corruption rather than repaired. The tree is rebuilt from the leaves file, so reopening restores every root.
 */
public final class MerkleLog implements AutoCloseable {

    private final Path dir;
    private final FsyncPolicy fsync;
    private final MerkleTree tree = new MerkleTree();
    private final FileOutputStream entriesFile;
    private final FileOutputStream leavesFile;
    private final OutputStream entriesOut;
    private final OutputStream leavesOut;
    private final FileChannel reader;
    private long[] offsets = new long[1024];
    private long nextOffset;
    private boolean dirty;

    private MerkleLog(Path dir, FsyncPolicy fsync) throws IOException {
        this.dir = dir;
        this.fsync = fsync;
        Files.createDirectories(dir);
        Path entries = dir.resolve(LogFiles.ENTRIES);
        Path leaves = dir.resolve(LogFiles.LEAVES);
        if (!Files.exists(entries)) {
            Files.createFile(entries);
        }
        if (!Files.exists(leaves)) {
            Files.createFile(leaves);
        }
        recover(entries, leaves);
        this.entriesFile = new FileOutputStream(entries.toFile(), true);
        this.leavesFile = new FileOutputStream(leaves.toFile(), true);
        this.entriesOut = new BufferedOutputStream(entriesFile, 1 << 16);
        this.leavesOut = new BufferedOutputStream(leavesFile, 1 << 16);
        this.reader = FileChannel.open(entries, StandardOpenOption.READ);
    }

    /** Opens (or creates) the log in {@code dir}, restoring its tree. */
    public static MerkleLog open(Path dir, FsyncPolicy fsync) {
        try {
            return new MerkleLog(dir, fsync);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the log in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void recover(Path entries, Path leaves) throws IOException {
        LogFiles.Scan scan = LogFiles.scanEntries(entries);
        if (scan.hasPartialTail()) {
            truncate(entries, scan.validLength());
        }
        long leafBytes = Files.size(leaves);
        if (leafBytes % MerkleHash.SIZE != 0) {
            leafBytes -= leafBytes % MerkleHash.SIZE;
            truncate(leaves, leafBytes);
        }
        long hashed = leafBytes / MerkleHash.SIZE;
        int count = scan.offsets().size();
        if (hashed > count) {
            throw new LogCorruptedException(dir + ": the leaves file records " + hashed + " leaf hashes but the entries file holds only "
                    + count + " entries; entries were removed. Run `secplane ledger verify " + dir + "` to locate the damage.");
        }
        try (FileChannel ch = FileChannel.open(leaves, StandardOpenOption.READ);
             FileChannel entryReader = FileChannel.open(entries, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(MerkleHash.SIZE * 4096);
            long i = 0;
            long pos = 0;
            while (i < hashed) {
                buf.clear();
                int want = (int) Math.min(buf.capacity(), (hashed - i) * MerkleHash.SIZE);
                buf.limit(want);
                LogFiles.readFully(ch, buf, pos);
                pos += want;
                for (int off = 0; off < want; off += MerkleHash.SIZE) {
                    tree.appendLeafHash(Arrays.copyOfRange(buf.array(), off, off + MerkleHash.SIZE));
                    i++;
                }
            }
            for (long k = 0; k < count; k++) {
                remember(k, scan.offsets().get((int) k));
            }
            // entries whose leaf hash was still in a buffer when the process stopped
            if (hashed < count) {
                try (OutputStream out = new FileOutputStream(leaves.toFile(), true)) {
                    for (long k = hashed; k < count; k++) {
                        byte[] leaf = MerkleHash.leaf(LogFiles.readEntry(entryReader, scan.offsets().get((int) k)));
                        out.write(leaf);
                        tree.appendLeafHash(leaf);
                    }
                }
                try (FileChannel force = FileChannel.open(leaves, StandardOpenOption.WRITE)) {
                    force.force(false);
                }
            }
        }
        nextOffset = scan.validLength();
    }

    private static void truncate(Path file, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(length);
            ch.force(false);
        }
    }

    private void remember(long index, long offset) {
        if (index >= offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[(int) index] = offset;
    }

    public Path directory() {
        return dir;
    }

    /** Appends one entry and returns its index. */
    public synchronized long append(byte[] entry) {
        if (entry.length > LogFiles.MAX_ENTRY_BYTES) {
            throw new IllegalArgumentException("a log entry is at most " + LogFiles.MAX_ENTRY_BYTES + " bytes, got " + entry.length
                    + "; store large documents elsewhere and log their hash");
        }
        byte[] leaf = MerkleHash.leaf(entry);
        long index = tree.size();
        try {
            entriesOut.write(entry.length >>> 24);
            entriesOut.write(entry.length >>> 16);
            entriesOut.write(entry.length >>> 8);
            entriesOut.write(entry.length);
            entriesOut.write(entry);
            leavesOut.write(leaf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the log in " + dir + ": " + e.getMessage(), e);
        }
        remember(index, nextOffset);
        nextOffset += 4 + entry.length;
        tree.appendLeafHash(leaf);
        dirty = true;
        if (fsync == FsyncPolicy.EVERY_APPEND) {
            sync();
        }
        return index;
    }

    /** Flushes and forces both files, entries first (see the class comment for why that order). */
    public synchronized void sync() {
        if (!dirty) {
            return;
        }
        try {
            entriesOut.flush();
            entriesFile.getChannel().force(false);
            leavesOut.flush();
            leavesFile.getChannel().force(false);
            dirty = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync the log in " + dir + ": " + e.getMessage(), e);
        }
    }

    public synchronized long size() {
        return tree.size();
    }

    public synchronized byte[] root() {
        return tree.root(tree.size());
    }

    public synchronized byte[] root(long treeSize) {
        return tree.root(treeSize);
    }

    public synchronized byte[] leafHash(long index) {
        return tree.leafHash(index);
    }

    public synchronized byte[] entry(long index) {
        if (index < 0 || index >= tree.size()) {
            throw new IllegalArgumentException("entry " + index + " is outside this log (it holds " + tree.size() + " entries)");
        }
        try {
            entriesOut.flush();
            byte[] entry = LogFiles.readEntry(reader, offsets[(int) index]);
            if (!MessageDigest.isEqual(MerkleHash.leaf(entry), tree.leafHash(index))) {
                throw new LogCorruptedException("entry " + index + " in " + dir + " no longer matches its leaf hash: the entries file was edited");
            }
            return entry;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read entry " + index + " of " + dir + ": " + e.getMessage(), e);
        }
    }

    public synchronized List<byte[]> inclusionProof(long leafIndex, long treeSize) {
        return tree.inclusionProof(leafIndex, treeSize);
    }

    public synchronized List<byte[]> consistencyProof(long oldSize, long newSize) {
        return tree.consistencyProof(oldSize, newSize);
    }

    @Override
    public synchronized void close() {
        try {
            sync();
            entriesOut.close();
            leavesOut.close();
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the log in " + dir + ": " + e.getMessage(), e);
        }
    }
}
