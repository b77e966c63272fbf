package secplane.consortium.ledger;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import secplane.consortium.note.KeyType;
import secplane.consortium.note.NoteSigner;
import secplane.consortium.note.VerifierKey;

/**
 * A case event as it is stored in the networked ledger: the submitting member's name, its Ed25519 signature and the
 * event bytes. Keeping the signature in the log entry lets anyone holding the log show who submitted what, and
 * the operator cannot put an event in another member's name.
 *
 * <p>Layout: {@code "SPE1" || u16 len || submitter (UTF-8) || signature (64) || event}. The signature is Ed25519
 * (RFC 8032) over {@code "secplane consortium ledger entry v1\n" || submitter || "\n" || SHA-256(event)}: a distinct
 * prefix, so that the signature cannot be read as a signed note or a cosignature made with the same key.
 */
public record SignedEntry(String submitter, byte[] signature, byte[] event) {
    private static final byte[] MAGIC = "SPE1".getBytes(StandardCharsets.US_ASCII);
    private static final String CONTEXT = "secplane consortium ledger entry v1\n";

    public SignedEntry {
        if (signature.length != Ed25519.SIGNATURE_SIZE) {
            throw new IllegalArgumentException("an Ed25519 signature is 64 bytes, got " + signature.length);
        }
        signature = signature.clone();
        event = event.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public byte[] event() {
        return event.clone();
    }

    public static SignedEntry sign(NoteSigner key, byte[] event) {
        if (!key.verifierKey().type().equals(KeyType.ED25519)) {
            throw new IllegalArgumentException("ledger entries are signed with the member's Ed25519 signing key, not its cosigner key");
        }
        return new SignedEntry(key.name(), key.rawSign(message(key.name(), event)), event);
    }

    public boolean verifies(VerifierKey key) {
        byte[] m = message(submitter, event);
        return key.type().equals(KeyType.ED25519) && Ed25519.verify(signature, 0, key.publicKey(), 0, m, 0, m.length);
    }

    private static byte[] message(String submitter, byte[] event) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(event);
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write((CONTEXT + submitter + "\n").getBytes(StandardCharsets.UTF_8));
            b.write(digest);
            return b.toByteArray();
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] encode() {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(b);
            byte[] name = submitter.getBytes(StandardCharsets.UTF_8);
            out.write(MAGIC);
            out.writeShort(name.length);
            out.write(name);
            out.write(signature);
            out.write(event);
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a log entry; a malformed one is an {@link IllegalArgumentException} saying what is wrong. */
    public static SignedEntry decode(byte[] entry) {
        ByteBuffer b = ByteBuffer.wrap(entry);
        if (entry.length < MAGIC.length + 2 || !Arrays.equals(Arrays.copyOf(entry, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException("not a signed ledger entry (it must start with SPE1)");
        }
        b.position(MAGIC.length);
        int len = b.getShort() & 0xffff;
        if (b.remaining() < len + Ed25519.SIGNATURE_SIZE) {
            throw new IllegalArgumentException("signed ledger entry truncated: " + entry.length + " bytes");
        }
        byte[] name = new byte[len];
        b.get(name);
        byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
        b.get(sig);
        byte[] event = new byte[b.remaining()];
        b.get(event);
        return new SignedEntry(new String(name, StandardCharsets.UTF_8), sig, event);
    }
}
