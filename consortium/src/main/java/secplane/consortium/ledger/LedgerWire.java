package secplane.consortium.ledger;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import secplane.consortium.log.MerkleHash;
import secplane.privacy.transport.PeerException;

/** Encodings of the ledger requests' payloads (big-endian, length-prefixed); malformed input is a PeerException. */
final class LedgerWire {
    /** {@code ledger.fetch} operations. */
    static final byte LATEST = 1;
    static final byte LATEST_COSIGNED = 2;
    static final byte CHECKPOINTS = 3;
    static final byte ENTRIES = 4;
    static final byte INCLUSION = 5;
    static final byte CONSISTENCY = 6;
    static final byte DONE = 7;

    private LedgerWire() {
    }

    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    static byte[] bytes(Body body) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(b);
            body.write(out);
            out.flush();
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeText(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readText(ByteBuffer b) {
        return new String(readBytes(b), StandardCharsets.UTF_8);
    }

    static byte[] readBytes(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new PeerException("malformed ledger message: a field claims " + n + " bytes, " + b.remaining() + " remain");
        }
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    static void writeHashes(DataOutputStream out, List<byte[]> hashes) throws IOException {
        out.writeShort(hashes.size());
        for (byte[] h : hashes) {
            out.write(h);
        }
    }

    static List<byte[]> readHashes(ByteBuffer b) {
        int n = b.getShort() & 0xffff;
        if (n > 128 || n * MerkleHash.SIZE > b.remaining()) {
            throw new PeerException("malformed ledger message: " + n + " proof hashes claimed, " + b.remaining() + " bytes remain");
        }
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] h = new byte[MerkleHash.SIZE];
            b.get(h);
            out.add(h);
        }
        return out;
    }

    interface Reader<T> {
        T read(ByteBuffer b);
    }

    /** Parses a whole payload; trailing bytes or a short payload are a malformed message. */
    static <T> T parse(byte[] payload, String what, Reader<T> reader) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        try {
            T t = reader.read(b);
            if (b.hasRemaining()) {
                throw new PeerException("malformed " + what + ": " + b.remaining() + " unexpected trailing bytes");
            }
            return t;
        } catch (BufferUnderflowException e) {
            throw new PeerException("malformed " + what + ": the message is shorter than its fields say", e);
        }
    }
}
