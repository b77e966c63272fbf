package secplane.consortium.cases;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * Seals bytes to one recipient's X25519 key, in the shape of HPKE base mode (RFC 9180 §5.1) with a fixed suite:
 * a fresh ephemeral key per recipient, the X25519 shared secret (RFC 7748 §6.1) through HKDF-SHA256 (RFC 5869) with
 * both public keys as salt, and AES-256-GCM (NIST SP 800-38D) with the entry's clear header as associated data, so a
 * sealed part cannot be moved to another entry. Layout: ephemeral public key (32) || nonce (12) || ciphertext+tag.
 */
final class Sealed {
    private static final byte[] INFO = "secplane case event v1 seal".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY = 32;
    private static final int NONCE = 12;

    private Sealed() {
    }

    static byte[] seal(byte[] recipientPublic, byte[] plaintext, byte[] aad, SecureRandom random) {
        X25519PrivateKeyParameters eph = new X25519PrivateKeyParameters(random);
        byte[] ephPublic = eph.generatePublicKey().getEncoded();
        byte[] key = derive(eph, SealingKey.publicKey(recipientPublic), ephPublic, recipientPublic);
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        byte[] ct = aes(Cipher.ENCRYPT_MODE, key, nonce, aad, plaintext);
        byte[] out = new byte[KEY + NONCE + ct.length];
        System.arraycopy(ephPublic, 0, out, 0, KEY);
        System.arraycopy(nonce, 0, out, KEY, NONCE);
        System.arraycopy(ct, 0, out, KEY + NONCE, ct.length);
        return out;
    }

    /** @throws IllegalArgumentException when the key is not the recipient's or the sealed part or header was altered */
    static byte[] open(SealingKey recipient, byte[] sealed, byte[] aad) {
        if (sealed.length < KEY + NONCE + 16) {
            throw new IllegalArgumentException("the sealed part is too short to be a sealed case event");
        }
        byte[] ephPublic = Arrays.copyOfRange(sealed, 0, KEY);
        byte[] nonce = Arrays.copyOfRange(sealed, KEY, KEY + NONCE);
        byte[] key = derive(recipient.privateKey(), SealingKey.publicKey(ephPublic), ephPublic, recipient.publicKey());
        try {
            return aes(Cipher.DECRYPT_MODE, key, nonce, aad, Arrays.copyOfRange(sealed, KEY + NONCE, sealed.length));
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof AEADBadTagException) {
                throw new IllegalArgumentException("the details do not open with this key: they were sealed to another member, or the entry was altered");
            }
            throw e;
        }
    }

    private static byte[] derive(X25519PrivateKeyParameters own, X25519PublicKeyParameters other, byte[] ephPublic, byte[] recipientPublic) {
        X25519Agreement a = new X25519Agreement();
        a.init(own);
        byte[] shared = new byte[a.getAgreementSize()];
        a.calculateAgreement(other, shared, 0);
        // RFC 7748 §6.1: an all-zero shared secret means a low-order public key; refuse it
        boolean zero = true;
        for (byte b : shared) {
            zero &= b == 0;
        }
        if (zero) {
            throw new IllegalArgumentException("a sealing public key is of low order");
        }
        byte[] salt = new byte[2 * KEY];
        System.arraycopy(ephPublic, 0, salt, 0, KEY);
        System.arraycopy(recipientPublic, 0, salt, KEY, KEY);
        HKDFBytesGenerator h = new HKDFBytesGenerator(new SHA256Digest());
        h.init(new HKDFParameters(shared, salt, INFO));
        byte[] key = new byte[KEY];
        h.generateBytes(key, 0, KEY);
        return key;
    }

    private static byte[] aes(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] in) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(aad);
            return c.doFinal(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
