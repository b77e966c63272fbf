package secplane.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import secplane.protocol.json.Json;

class SignaturesTest {
    /** RFC 8032 §7.1, TEST 2: one-byte message 0x72. */
    private static final String SECRET = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
    private static final String PUBLIC = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    private static final String SIG = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

    @Test
    void matchesTheRfc8032TestVector() throws Exception {
        var priv = Signatures.privateKey(b64(SECRET));
        var pub = Signatures.publicKey(b64(PUBLIC));
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(priv);
        s.update(new byte[] {0x72});
        assertThat(s.sign()).isEqualTo(Signatures.hex(SIG));
        assertThat(Signatures.rawPublic(pub)).isEqualTo(b64(PUBLIC));
        assertThat(Signatures.rawPrivate(priv)).isEqualTo(b64(SECRET));
    }

    @Test
    void signatureCoversTheValueNotItsFormatting() throws Exception {
        KeyPair kp = Signatures.generate();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", 42L);
        doc.put("service", "orders");
        doc.put("policy", Map.of("mode", "block", "aspects", Map.of()));
        String sig = Signatures.sign(kp.getPrivate(), doc);
        Object reordered = Json.parse("{ \"service\":\"orders\",\n \"policy\": {\"aspects\":{}, \"mode\":\"block\"}, \"version\": 42 }");
        assertThat(Signatures.verify(kp.getPublic(), reordered, sig)).isTrue();
        Object tampered = Json.parse("{\"service\":\"orders\",\"policy\":{\"aspects\":{},\"mode\":\"observe\"},\"version\":42}");
        assertThat(Signatures.verify(kp.getPublic(), tampered, sig)).isFalse();
        assertThat(Signatures.verify(Signatures.generate().getPublic(), reordered, sig)).as("another key").isFalse();
        assertThat(Signatures.verify(kp.getPublic(), reordered, "not base64!")).isFalse();
        assertThat(Signatures.verify(kp.getPublic(), reordered, Base64.getEncoder().encodeToString(new byte[10]))).isFalse();
    }

    @Test
    void canonicalFormSortsMembersAndRejectsFloats() {
        assertThat(Canonical.write(Json.parse("{\"b\":[1,{\"z\":true,\"a\":null}],\"a\":\"\\u00e9\"}")))
                .isEqualTo("{\"a\":\"\u00e9\",\"b\":[1,{\"a\":null,\"z\":true}]}");
        assertThat(Canonical.write(Json.parse("1.50"))).isEqualTo("1.5");
        assertThat(Canonical.write(Json.parse("10000000000000000000"))).isEqualTo("10000000000000000000");
        assertThatThrownBy(() -> Canonical.write(List.of(1.5d))).hasMessageContaining("floating-point");
    }

    @Test
    void rejectsMalformedKeys() {
        assertThatThrownBy(() -> Signatures.publicKey("abc")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> Signatures.publicKey("!!!")).hasMessageContaining("not base64");
    }

    private static String b64(String hex) {
        return Base64.getEncoder().encodeToString(Signatures.hex(hex));
    }
}
