package secplane.governance.mask;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 (RFC 2104, FIPS 198-1) of the value under a secret key, hex, truncated to {@code hexChars}:
 * equal values give equal tokens (joins and counts still work) but, unlike a plain or salted SHA-256 of an
 * 18-digit identity number, the token cannot be reversed by enumerating the small input space without the key.
 */
public final class SaltedHash implements MaskOperator {
    private final SecretKeySpec key;
    private final int hexChars;

    public SaltedHash(byte[] key, int hexChars) {
        if (key.length < 16) {
            throw new IllegalArgumentException("the hash key must have at least 16 bytes (128 bits), it has " + key.length);
        }
        if (hexChars < 16 || hexChars > 64) {
            throw new IllegalArgumentException("hash length must be 16..64 hex characters, not " + hexChars);
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.hexChars = hexChars;
    }

    @Override
    public String apply(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8))).substring(0, hexChars);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }
}
