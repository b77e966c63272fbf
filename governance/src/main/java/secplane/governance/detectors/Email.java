package secplane.governance.detectors;

import java.util.List;

/** E-mail address: local part and domain per RFC 5321 §4.1.2 (dot-atom subset), a TLD of 2+ letters; found from each '@'. */
final class Email extends TextRule {
    Email() {
        super("EMAIL", Region.INTL, "local@domain.tld (RFC 5321 dot-atom local part, LDH domain labels, alphabetic TLD of 2+ letters), scanned from each '@'",
                Context.of(List.of("邮箱", "email", "e-mail", "mail"), List.of("email", "mail", "邮箱")));
    }

    @Override
    public void scan(String text, TextFeatures features, String field, List<Finding> out) {
        if (!features.hasAt()) {
            return;
        }
        int n = text.length();
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            int s = at;
            while (s > 0 && s > at - 64 && localChar(text.charAt(s - 1))) {
                s--;
            }
            while (s < at && text.charAt(s) == '.') {
                s++;
            }
            int e = at + 1;
            int lastDot = -1;
            while (e < n && e < at + 255 && (isAsciiAlnum(text.charAt(e)) || text.charAt(e) == '-' || text.charAt(e) == '.')) {
                if (text.charAt(e) == '.') {
                    lastDot = e;
                }
                e++;
            }
            while (e > at + 1 && text.charAt(e - 1) == '.') {
                e--;
                lastDot = text.lastIndexOf('.', e - 1);
            }
            if (s == at || lastDot <= at + 1 || e - lastDot - 1 < 2 || text.charAt(at - 1) == '.') {
                continue;
            }
            boolean tldAlpha = true;
            for (int i = lastDot + 1; i < e; i++) {
                char c = text.charAt(i);
                tldAlpha &= c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
            }
            // "user:pass@host" inside a URL is the URL password detector's; skip when '//' is just before
            if (tldAlpha && !(s >= 3 && text.startsWith("://", s - 3))) {
                add(text, s, e, 0.85, field, out);
            }
        }
    }

    private static boolean localChar(char c) {
        return isAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }
}
