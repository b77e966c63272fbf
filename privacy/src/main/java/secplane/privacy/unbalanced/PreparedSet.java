package secplane.privacy.unbalanced;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import secplane.privacy.psi.ProgressListener;

/**
 * The large party's set, prepared once offline: the OPRF outputs F_k(y) of its items truncated to
 * 8 bytes, sorted, in a file the small party keeps and searches locally (memory-mapped, binary
 * search: 10^7 entries are 80 MB and a lookup is ~24 probes). 64-bit tags: over q queries against N
 * items the chance of any false match is at most q·N / 2^64 (5.4·10^-10 for 10^3 × 10^7).
 *
 * <p>File layout: "SPSIPREP", u16 version, u16 length + key fingerprint (UTF-8), u64 count, then the
 * sorted tags as big-endian u64.
 */
public final class PreparedSet implements AutoCloseable {
    static final byte[] MAGIC = "SPSIPREP".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    private final String fingerprint;
    private final long count;
    private final LongBuffer tags;
    private final FileChannel channel;
    private final Path file;

    private PreparedSet(Path file, FileChannel channel, String fingerprint, long count, LongBuffer tags) {
        this.file = file;
        this.channel = channel;
        this.fingerprint = fingerprint;
        this.count = count;
        this.tags = tags;
    }

    /** Evaluates F_k over the items on the pool and writes the sorted tags to {@code out}. */
    public static void prepare(OprfKey key, List<String> items, Path out, ExecutorService pool, int workers, ProgressListener progress) {
        long[] tags = new long[items.size()];
        int chunk = 4096;
        AtomicLong done = new AtomicLong();
        try {
            Future<?>[] fs = new Future<?>[(items.size() + chunk - 1) / chunk];
            for (int c = 0; c < fs.length; c++) {
                int from = c * chunk;
                int to = Math.min(items.size(), from + chunk);
                fs[c] = pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        tags[i] = key.evaluate(items.get(i).getBytes(StandardCharsets.UTF_8));
                    }
                    progress.progress("preparing", done.addAndGet(to - from), items.size());
                });
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("preparing the set failed: " + e.getMessage(), e);
        }
        Arrays.sort(tags);
        write(out, key.fingerprint(), tags);
    }

    static void write(Path out, String fingerprint, long[] sortedTags) {
        Path tmp = out.resolveSibling("." + out.getFileName() + ".partial");
        try (DataOutputStream d = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
            writeHeader(d, fingerprint, sortedTags.length);
            for (long t : sortedTags) {
                d.writeLong(t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        moveIntoPlace(tmp, out);
    }

    static void writeHeader(DataOutputStream d, String fingerprint, long count) throws IOException {
        d.write(MAGIC);
        d.writeShort(VERSION);
        d.writeUTF(fingerprint);
        d.writeLong(count);
    }

    static void moveIntoPlace(Path tmp, Path out) {
        try {
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot complete " + out, e);
        }
    }

    public static PreparedSet open(Path file) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(ch.size(), 512));
            ch.read(head, 0);
            head.flip();
            byte[] magic = new byte[MAGIC.length];
            if (head.remaining() < MAGIC.length + 2) {
                ch.close();
                throw new IllegalArgumentException(file + " is not a prepared set");
            }
            head.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                ch.close();
                throw new IllegalArgumentException(file + " is not a prepared set (create it with 'secplane psi prepare')");
            }
            int version = head.getShort();
            if (version != VERSION) {
                ch.close();
                throw new IllegalArgumentException(file + " is a prepared set of version " + version + "; this release reads version " + VERSION);
            }
            int len = head.getShort() & 0xffff;
            byte[] fp = new byte[len];
            head.get(fp);
            long count = head.getLong();
            long dataStart = head.position();
            long size = ch.size();
            if (size != dataStart + count * 8) {
                ch.close();
                throw new IllegalArgumentException(file + " is truncated or damaged: " + count + " tags announced, " + (size - dataStart) / 8
                        + " present; copy or prepare it again");
            }
            LongBuffer tags = ch.map(FileChannel.MapMode.READ_ONLY, dataStart, count * 8).asLongBuffer();
            return new PreparedSet(file, ch, new String(fp, StandardCharsets.UTF_8), count, tags);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such prepared set");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public String fingerprint() {
        return fingerprint;
    }

    public long count() {
        return count;
    }

    public Path file() {
        return file;
    }

    public boolean contains(long tag) {
        long lo = 0;
        long hi = count - 1;
        while (lo <= hi) {
            long mid = (lo + hi) >>> 1;
            long v = tags.get((int) mid);
            if (v < tag) {
                lo = mid + 1;
            } else if (v > tag) {
                hi = mid - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** Streams the file's bytes (for sending the table to the small party). */
    void copyTo(OutputStream out) throws IOException {
        Files.copy(file, out);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only mapping; nothing to flush
        }
    }
}
