package secplane.consortium.note;

import java.util.Arrays;
import java.util.Base64;

/**
 * One signature line of a C2SP signed note: {@code — <key name> base64(4-byte key ID || signature)}.
 * {@code payload} is everything after the key ID (a bare Ed25519 signature, or a timestamped cosignature).
 */
public record NoteSignature(String keyName, int keyId, byte[] payload) {

    public NoteSignature {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    String line() {
        byte[] blob = new byte[4 + payload.length];
        blob[0] = (byte) (keyId >>> 24);
        blob[1] = (byte) (keyId >>> 16);
        blob[2] = (byte) (keyId >>> 8);
        blob[3] = (byte) keyId;
        System.arraycopy(payload, 0, blob, 4, payload.length);
        return SignedNote.DASH + " " + keyName + " " + Base64.getEncoder().encodeToString(blob) + "\n";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteSignature s && s.keyName.equals(keyName) && s.keyId == keyId && Arrays.equals(s.payload, payload);
    }

    @Override
    public int hashCode() {
        return keyName.hashCode() * 31 + keyId;
    }
}
