package secplane.consortium.note;

/** Signature type bytes of c2sp.org/signed-note, which also enter the key ID so one key cannot be confused across uses. */
public enum KeyType {
    /** Plain Ed25519 note signatures: the log operator's checkpoints. */
    ED25519(0x01),
    /** Timestamped Ed25519 cosignatures (c2sp.org/tlog-cosignature): the witnesses'. */
    COSIGNATURE_V1(0x04);

    final int code;

    KeyType(int code) {
        this.code = code;
    }

    static KeyType of(int code) {
        for (KeyType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new NoteFormatException("unsupported signature type 0x" + Integer.toHexString(code) + " (supported: 0x01 Ed25519, 0x04 cosignature/v1)");
    }
}
