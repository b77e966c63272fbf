package secplane.governance.watermark;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed functions behind both channels, all HMAC-SHA256 under the registry's key with a label per use (so no
 * output of one use can stand in for another). Without the key nobody can tell which bits were set, forge a mark or
 * recognise one. One instance per thread: it reuses its {@link Mac}.
 */
final class MarkKey {
    private final Mac mac;

    MarkKey(byte[] key) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    /** The 64-bit token the text channel carries for an export. */
    long token(String exportId) {
        return ByteBuffer.wrap(mac("token", exportId)).getLong();
    }

    /** The bit an export sets in one numeric cell of the row with this identity. */
    int bit(String exportId, String identity, String column) {
        return mac("bit", exportId, identity, column)[0] & 1;
    }

    /** Which of {@code n} text columns carries the token in the row with this identity (independent of the export). */
    int textColumn(String identity, int n) {
        return Math.floorMod(ByteBuffer.wrap(mac("cell", identity)).getInt(), n);
    }

    private byte[] mac(String label, String... parts) {
        mac.update(label.getBytes(StandardCharsets.UTF_8));
        for (String p : parts) {
            // length-prefixed, so ("ab","c") and ("a","bc") differ
            byte[] b = p.getBytes(StandardCharsets.UTF_8);
            mac.update(ByteBuffer.allocate(4).putInt(b.length).array());
            mac.update(b);
        }
        return mac.doFinal();
    }

    static String identity(List<String> values) {
        return String.join("\u001f", values);
    }
}
