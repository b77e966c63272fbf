package secplane.consortium.note;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A public key with its name, as a C2SP vkey: {@code <name>+<key ID, 8 hex digits>+base64(type || public key)}.
 * The key ID is SHA-256(name || "\n" || type || public key)[:4] (signed-note "Signatures", tlog-cosignature "Format").
 */
public record VerifierKey(String name, KeyType type, byte[] publicKey) {

    public VerifierKey {
        checkName(name);
        if (publicKey.length != Ed25519.PUBLIC_KEY_SIZE) {
            throw new NoteFormatException("an Ed25519 public key is 32 bytes, got " + publicKey.length);
        }
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    public int keyId() {
        return keyId(name, type, publicKey);
    }

    static int keyId(String name, KeyType type, byte[] publicKey) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md.update((byte) '\n');
            md.update((byte) type.code);
            md.update(publicKey);
            byte[] h = md.digest();
            return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every Java runtime", e);
        }
    }

    /** Does this key claim the signature line (same name and key ID)? Lines of other keys are ignored, per the spec. */
    public boolean matches(NoteSignature signature) {
        return signature.keyName().equals(name) && signature.keyId() == keyId();
    }

    public String encode() {
        byte[] blob = new byte[1 + publicKey.length];
        blob[0] = (byte) type.code;
        System.arraycopy(publicKey, 0, blob, 1, publicKey.length);
        return name + "+" + String.format("%08x", keyId()) + "+" + Base64.getEncoder().encodeToString(blob);
    }

    public static VerifierKey decode(String vkey) {
        String s = vkey.strip();
        // names never hold '+', but base64 may: split at the first two
        int mid = s.indexOf('+');
        int last = mid > 0 ? s.indexOf('+', mid + 1) : -1;
        if (mid <= 0 || last < 0) {
            throw new NoteFormatException("not a verifier key (expected <name>+<8 hex digits>+<base64>): " + s);
        }
        String name = s.substring(0, mid);
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(s.substring(last + 1));
        } catch (IllegalArgumentException e) {
            throw new NoteFormatException("the key material of verifier key " + name + " is not valid base64");
        }
        if (blob.length != 1 + Ed25519.PUBLIC_KEY_SIZE) {
            throw new NoteFormatException("verifier key " + name + " must hold a type byte and a 32-byte Ed25519 key");
        }
        VerifierKey key = new VerifierKey(name, KeyType.of(blob[0] & 0xff), Arrays.copyOfRange(blob, 1, blob.length));
        if (!String.format("%08x", key.keyId()).equalsIgnoreCase(s.substring(mid + 1, last))) {
            throw new NoteFormatException("verifier key " + name + ": its key ID does not match its name and key; the key was altered");
        }
        return key;
    }

    static void checkName(String name) {
        if (name.isEmpty() || name.chars().anyMatch(c -> c == '+' || Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new NoteFormatException("a key name must be non-empty without spaces or '+': '" + name + "'");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifierKey k && k.name.equals(name) && k.type == type && Arrays.equals(k.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(publicKey);
    }
}
