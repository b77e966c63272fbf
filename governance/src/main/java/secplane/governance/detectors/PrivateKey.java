package secplane.governance.detectors;

import java.util.List;

/** PEM private keys (RFC 7468 §10-11 labels: PRIVATE KEY, RSA/EC/DSA/OPENSSH/ENCRYPTED PRIVATE KEY). */
final class PrivateKey extends TextRule {
    PrivateKey() {
        super("PRIVATE_KEY", Region.INTL, "PEM block '-----BEGIN ... PRIVATE KEY-----' (RFC 7468), to its END line or 64 KiB",
                Context.of(List.of("key", "私钥"), List.of("key", "pem")));
    }

    @Override
    public void scan(String text, TextFeatures features, String field, List<Finding> out) {
        if (!features.hasDash()) {
            return;
        }
        for (int s = text.indexOf("-----BEGIN "); s >= 0; s = text.indexOf("-----BEGIN ", s + 1)) {
            int labelEnd = text.indexOf("-----", s + 11);
            if (labelEnd < 0 || labelEnd - s > 60 || !text.startsWith("PRIVATE KEY", labelEnd - 11)) {
                continue;
            }
            int end = text.indexOf("-----END ", labelEnd);
            int stop = end < 0 ? Math.min(text.length(), s + 65536) : Math.min(text.length(), text.indexOf("-----", end + 9) + 5);
            if (stop <= s) {
                stop = text.length();
            }
            add(text, s, stop, 0.95, field, out);
        }
    }
}
