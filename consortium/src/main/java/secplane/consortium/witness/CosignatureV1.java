package secplane.consortium.witness;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import secplane.consortium.note.KeyType;
import secplane.consortium.note.NoteSignature;
import secplane.consortium.note.SignedNote;
import secplane.consortium.note.VerifierKey;

/**
 * C2SP tlog-cosignature, Ed25519 (signature type 0x04). The signature line payload is the
 * {@code timestamped_signature} struct: u64 timestamp (big-endian) || 64-byte signature, over the message
 * {@code "cosignature/v1\n" "time " <decimal timestamp> "\n"} followed by the whole checkpoint note text.
 */
public final class CosignatureV1 {

    static final int PAYLOAD_BYTES = 8 + Ed25519.SIGNATURE_SIZE;

    private CosignatureV1() {
    }

    static byte[] message(long timestamp, String checkpointText) {
        return ("cosignature/v1\ntime " + timestamp + "\n" + checkpointText).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] payload(long timestamp, byte[] signature) {
        return ByteBuffer.allocate(PAYLOAD_BYTES).putLong(timestamp).put(signature).array();
    }

    /** The timestamp of a cosignature line (seconds since the epoch), without verifying it; -1 if it is not one. */
    public static long timestamp(NoteSignature signature) {
        byte[] p = signature.payload();
        if (p.length != PAYLOAD_BYTES) {
            return -1;
        }
        long t = ByteBuffer.wrap(p).getLong();
        return t < 0 ? -1 : t;
    }

    /** A cosignature that {@code witness} made on {@code note}, verified; the timestamp is seconds since the epoch. */
    public record Verified(String witness, long timestamp) {
    }

    /**
     * The cosignature of {@code key} on {@code note}, if one of its lines verifies; lines of other keys are ignored.
     * Returns null when the note carries no valid cosignature by that key.
     */
    public static Verified verify(SignedNote note, VerifierKey key) {
        if (key.type() != KeyType.COSIGNATURE_V1) {
            throw new IllegalArgumentException(key.name() + " is not a cosigner key (type 0x04)");
        }
        byte[] pk = key.publicKey();
        for (NoteSignature s : note.signatures()) {
            if (!key.matches(s)) {
                continue;
            }
            byte[] p = s.payload();
            if (p.length != PAYLOAD_BYTES) {
                continue;
            }
            ByteBuffer buf = ByteBuffer.wrap(p);
            long timestamp = buf.getLong();
            // tlog-cosignature: the timestamp MUST NOT exceed 2^63 - 1
            if (timestamp < 0) {
                continue;
            }
            byte[] msg = message(timestamp, note.text());
            if (Ed25519.verify(p, 8, pk, 0, msg, 0, msg.length)) {
                return new Verified(key.name(), timestamp);
            }
        }
        return null;
    }
}
