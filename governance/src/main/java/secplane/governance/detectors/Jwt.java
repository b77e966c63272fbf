package secplane.governance.detectors;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** JSON Web Tokens (RFC 7519, JWS compact serialisation RFC 7515 §7.1): header decodes to JSON with "alg". */
final class Jwt extends TextRule {
    Jwt() {
        super("JWT", Region.INTL, "three base64url segments joined by '.', the first decoding to a JSON object with \"alg\" (RFC 7515 §7.1)",
                Context.of(List.of("token", "bearer", "authorization"), List.of("token", "jwt", "auth")));
    }

    @Override
    public void scan(String text, TextFeatures features, String field, List<Finding> out) {
        for (int s = text.indexOf("eyJ"); s >= 0; s = text.indexOf("eyJ", s + 3)) {
            if (s > 0 && b64(text.charAt(s - 1))) {
                continue;
            }
            int i = s;
            int dots = 0;
            int firstDot = -1;
            while (i < text.length() && (b64(text.charAt(i)) || text.charAt(i) == '.')) {
                if (text.charAt(i) == '.') {
                    dots++;
                    if (firstDot < 0) {
                        firstDot = i;
                    }
                }
                i++;
            }
            if (dots != 2 || i - s < 30) {
                continue;
            }
            try {
                String header = new String(Base64.getUrlDecoder().decode(text.substring(s, firstDot)), StandardCharsets.UTF_8);
                if (header.startsWith("{") && header.contains("\"alg\"")) {
                    add(text, s, i, 0.95, field, out);
                }
            } catch (IllegalArgumentException notBase64) {
                // not a token
            }
            s = i;
        }
    }

    private static boolean b64(char c) {
        return isAsciiAlnum(c) || c == '-' || c == '_';
    }
}
