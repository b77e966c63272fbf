package secplane.consortium.log;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 9162 §2.1.1 hashing with SHA-256: the 0x00 / 0x01 prefixes keep a leaf from ever hashing like an
 * interior node (second-preimage resistance of the tree).
 */
public final class MerkleHash {

    public static final int SIZE = 32;

    private MerkleHash() {
    }

    /** MTH({}) = SHA-256() — the root of the empty tree. */
    public static byte[] empty() {
        return sha256().digest();
    }

    /** MTH({d(0)}) = SHA-256(0x00 || d(0)). */
    public static byte[] leaf(byte[] entry) {
        MessageDigest md = sha256();
        md.update((byte) 0x00);
        md.update(entry);
        return md.digest();
    }

    /** SHA-256(0x01 || left || right). */
    public static byte[] node(byte[] left, byte[] right) {
        MessageDigest md = sha256();
        md.update((byte) 0x01);
        md.update(left);
        md.update(right);
        return md.digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every Java runtime", e);
        }
    }
}
