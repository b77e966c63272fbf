package secplane.governance.detectors;

import java.util.List;

/** Credentials in a URL's userinfo (RFC 3986 §3.2.1 "user:password@host", deprecated precisely because it leaks). */
final class UrlPassword extends TextRule {
    UrlPassword() {
        super("URL_PASSWORD", Region.INTL, "scheme://user:password@host (RFC 3986 §3.2.1); the finding is the password",
                Context.of(List.of("url", "jdbc", "dsn", "连接"), List.of("url", "dsn", "uri")));
    }

    @Override
    public void scan(String text, TextFeatures features, String field, List<Finding> out) {
        if (!features.hasAt() || !features.hasColon()) {
            return;
        }
        for (int s = text.indexOf("://"); s >= 0; s = text.indexOf("://", s + 3)) {
            int i = s + 3;
            int colon = -1;
            while (i < text.length() && i < s + 256) {
                char c = text.charAt(i);
                if (c == '@') {
                    break;
                }
                if (c == '/' || c == ' ' || c == '\n' || c == '"' || c == '\'' || c == '?' || c == '#') {
                    i = -1;
                    break;
                }
                if (c == ':' && colon < 0) {
                    colon = i;
                }
                i++;
            }
            if (i > 0 && i < text.length() && text.charAt(i) == '@' && colon > s + 3 && i > colon + 1) {
                add(text, colon + 1, i, 0.9, field, out);
            }
        }
    }
}
