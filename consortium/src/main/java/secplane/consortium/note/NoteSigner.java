package secplane.consortium.note;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 signing key with its name. Encoded as {@code PRIVATE+KEY+<name>+<key ID>+base64(type || seed)}, the
 * shape of the Go signed-note skeys, so keys move between tools.
 */
public final class NoteSigner {

    private final String name;
    private final KeyType type;
    private final byte[] seed;
    private final byte[] publicKey;
    private final int keyId;

    public NoteSigner(String name, KeyType type, byte[] seed) {
        VerifierKey.checkName(name);
        if (seed.length != Ed25519.SECRET_KEY_SIZE) {
            throw new NoteFormatException("an Ed25519 private key is 32 bytes, got " + seed.length);
        }
        this.name = name;
        this.type = type;
        this.seed = seed.clone();
        this.publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(this.seed, 0, publicKey, 0);
        this.keyId = VerifierKey.keyId(name, type, publicKey);
    }

    public static NoteSigner generate(String name, KeyType type) {
        byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
        new SecureRandom().nextBytes(seed);
        return new NoteSigner(name, type, seed);
    }

    public String name() {
        return name;
    }

    public VerifierKey verifierKey() {
        return new VerifierKey(name, type, publicKey);
    }

    /** A plain Ed25519 note signature over the note text (signed-note §"Signatures", type 0x01). */
    public SignedNote sign(String text) {
        if (type != KeyType.ED25519) {
            throw new IllegalStateException(name + " is a cosigner key; it signs through a Witness");
        }
        byte[] msg = text.getBytes(StandardCharsets.UTF_8);
        return new SignedNote(text, java.util.List.of(new NoteSignature(name, keyId, rawSign(msg))));
    }

    /** Signs an arbitrary message with this key; for protocols (cosignature/v1) that define their own message. */
    public byte[] rawSign(byte[] message) {
        byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, sig, 0);
        return sig;
    }

    int keyId() {
        return keyId;
    }

    public String encode() {
        byte[] blob = new byte[1 + seed.length];
        blob[0] = (byte) type.code;
        System.arraycopy(seed, 0, blob, 1, seed.length);
        return "PRIVATE+KEY+" + name + "+" + String.format("%08x", keyId) + "+" + Base64.getEncoder().encodeToString(blob);
    }

    public static NoteSigner decode(String skey) {
        String s = skey.strip();
        if (!s.startsWith("PRIVATE+KEY+")) {
            throw new NoteFormatException("not a signing key (it must start with PRIVATE+KEY+)");
        }
        int mid = s.indexOf('+', "PRIVATE+KEY+".length());
        int last = mid > 0 ? s.indexOf('+', mid + 1) : -1;
        if (mid <= "PRIVATE+KEY+".length() || last < 0) {
            throw new NoteFormatException("not a signing key (expected PRIVATE+KEY+<name>+<8 hex digits>+<base64>)");
        }
        String name = s.substring("PRIVATE+KEY+".length(), mid);
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(s.substring(last + 1));
        } catch (IllegalArgumentException e) {
            throw new NoteFormatException("the key material of signing key " + name + " is not valid base64");
        }
        if (blob.length != 1 + Ed25519.SECRET_KEY_SIZE) {
            throw new NoteFormatException("signing key " + name + " must hold a type byte and a 32-byte Ed25519 seed");
        }
        NoteSigner signer = new NoteSigner(name, KeyType.of(blob[0] & 0xff), Arrays.copyOfRange(blob, 1, blob.length));
        if (!String.format("%08x", signer.keyId).equalsIgnoreCase(s.substring(mid + 1, last))) {
            throw new NoteFormatException("signing key " + name + ": its key ID does not match; the key was altered");
        }
        return signer;
    }
}
