package secplane.consortium.note;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** Verifies plain Ed25519 note signatures (type 0x01) against one known key. */
public final class NoteVerifier {

    private NoteVerifier() {
    }

    /** True if the note carries a valid signature by {@code key}; lines of other keys are ignored (signed-note spec). */
    public static boolean isSignedBy(SignedNote note, VerifierKey key) {
        if (key.type() != KeyType.ED25519) {
            throw new IllegalArgumentException(key.name() + " is a cosigner key; verify its lines with CosignatureVerifier");
        }
        byte[] msg = note.message();
        byte[] pk = key.publicKey();
        for (NoteSignature s : note.signatures()) {
            if (key.matches(s)) {
                byte[] sig = s.payload();
                if (sig.length == Ed25519.SIGNATURE_SIZE && Ed25519.verify(sig, 0, pk, 0, msg, 0, msg.length)) {
                    return true;
                }
            }
        }
        return false;
    }
}
