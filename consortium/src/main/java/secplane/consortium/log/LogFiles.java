package secplane.consortium.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The on-disk layout of a log directory, shared by {@link MerkleLog} and independent verifiers.
 * <ul>
 *   <li>{@code entries}: records {@code u32 length (big-endian) || entry bytes}, in log order;</li>
 *   <li>{@code leaves}: the RFC 9162 leaf hash of each entry, 32 bytes each, in the same order — the compact record
 *       from which the tree is rebuilt on open without reading the entries.</li>
 * </ul>
 */
public final class LogFiles {

    public static final String ENTRIES = "entries";
    public static final String LEAVES = "leaves";
    /** Entries are case events, not documents: a bound keeps one corrupt length field from allocating gigabytes. */
    public static final int MAX_ENTRY_BYTES = 1 << 20;

    private LogFiles() {
    }

    /** Where each complete record starts, and the offset just past the last complete one. */
    public record Scan(List<Long> offsets, long validLength, long fileLength) {
        public boolean hasPartialTail() {
            return validLength < fileLength;
        }
    }

    public static Scan scanEntries(Path file) throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file)) {
            long length = ch.size();
            long pos = 0;
            ByteBuffer header = ByteBuffer.allocate(4);
            while (pos + 4 <= length) {
                header.clear();
                readFully(ch, header, pos);
                int n = header.getInt(0);
                if (n < 0 || n > MAX_ENTRY_BYTES || pos + 4 + n > length) {
                    break;
                }
                offsets.add(pos);
                pos += 4 + n;
            }
            return new Scan(offsets, pos, length);
        }
    }

    static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) {
                throw new IOException("unexpected end of file at byte " + pos);
            }
            pos += r;
        }
    }

    public static byte[] readEntry(FileChannel ch, long offset) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4);
        readFully(ch, header, offset);
        int n = header.getInt(0);
        if (n < 0 || n > MAX_ENTRY_BYTES) {
            throw new IOException("entry record at byte " + offset + " has an impossible length " + n);
        }
        ByteBuffer body = ByteBuffer.allocate(n);
        readFully(ch, body, offset + 4);
        return body.array();
    }
}
