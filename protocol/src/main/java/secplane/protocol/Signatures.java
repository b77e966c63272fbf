package secplane.protocol;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Ed25519 (RFC 8032) signatures over canonical JSON, with the JDK's provider (Java 15+). Keys
 * travel as base64 of their raw 32 bytes; a public key's id is the first 8 bytes of its SHA-256,
 * in hex, so an agent can tell "signed by another key" from "tampered with".
 */
public final class Signatures {
    /** DER prefixes of an Ed25519 SubjectPublicKeyInfo and PKCS#8 key (RFC 8410 §4, §7). */
    private static final byte[] SPKI_PREFIX = hex("302a300506032b6570032100");
    private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");

    private Signatures() {
    }

    public static KeyPair generate() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    public static PublicKey publicKey(String base64Raw) throws GeneralSecurityException {
        byte[] raw = decode(base64Raw, 32, "public key");
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(SPKI_PREFIX, raw)));
    }

    public static PrivateKey privateKey(String base64Raw) throws GeneralSecurityException {
        byte[] raw = decode(base64Raw, 32, "private key");
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, raw)));
    }

    public static String rawPublic(PublicKey key) {
        byte[] der = key.getEncoded();
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(der, der.length - 32, der.length));
    }

    public static String rawPrivate(PrivateKey key) {
        byte[] der = key.getEncoded();
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(der, der.length - 32, der.length));
    }

    public static String keyId(PublicKey key) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(rawPublic(key)));
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                sb.append(String.format("%02x", d[i]));
            }
            return sb.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return base64 of the 64-byte signature over the canonical form of {@code value} */
    public static String sign(PrivateKey key, Object value) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(Canonical.bytes(value));
        return Base64.getEncoder().encodeToString(s.sign());
    }

    public static boolean verify(PublicKey key, Object value, String base64Signature) throws GeneralSecurityException {
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(base64Signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (sig.length != 64) {
            return false;
        }
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(key);
        s.update(Canonical.bytes(value));
        return s.verify(sig);
    }

    private static byte[] decode(String base64, int length, String what) throws GeneralSecurityException {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(what + " is not base64");
        }
        if (raw.length != length) {
            throw new GeneralSecurityException(what + " must be " + length + " bytes, not " + raw.length);
        }
        return raw;
    }

    static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
