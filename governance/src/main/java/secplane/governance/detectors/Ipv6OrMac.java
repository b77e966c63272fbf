package secplane.governance.detectors;

import java.util.List;

/**
 * IPv6 addresses (RFC 4291 §2.2 text forms, with "::" compression and an embedded IPv4 tail) or MAC
 * addresses (IEEE 802 six octets, ':' or '-' separated), from runs of hex digits and separators.
 */
final class Ipv6OrMac extends TextRule {
    private final boolean ipv6;

    Ipv6OrMac(boolean ipv6) {
        super(ipv6 ? "IPV6" : "MAC_ADDRESS", Region.INTL,
                ipv6 ? "RFC 4291 §2.2 text form: up to 8 groups of 1-4 hex digits, one '::', optional dotted IPv4 tail; at least 3 groups"
                        : "IEEE 802 MAC-48: six 2-hex-digit octets separated by ':' or '-' (not all zero)",
                ipv6 ? Context.of(List.of("ip", "ipv6", "address", "地址"), List.of("ip", "addr"))
                        : Context.of(List.of("mac", "物理地址", "网卡"), List.of("mac", "hwaddr")));
        this.ipv6 = ipv6;
    }

    @Override
    public void scan(String text, TextFeatures features, String field, List<Finding> out) {
        if (!features.hasColon() && (ipv6 || !features.hasDash())) {
            return;
        }
        int n = text.length();
        char sepChar = ipv6 || features.hasColon() ? ':' : '-';
        int from = 0;
        while (true) {
            int sep = text.indexOf(sepChar, from);
            if (sep < 0 && !ipv6 && sepChar == ':' && features.hasDash()) {
                // MAC addresses are also written with '-': a second pass over those
                sepChar = '-';
                from = 0;
                continue;
            }
            if (sep < 0) {
                return;
            }
            int s = sep;
            while (s > 0 && runChar(text.charAt(s - 1)) && sep - s < 45) {
                s--;
            }
            int i = sep;
            int colons = 0;
            int dashes = 0;
            boolean compressed = false;
            char c;
            char prev = 0;
            while (i < n && runChar(c = text.charAt(i)) && i - s < 45) {
                colons += c == ':' ? 1 : 0;
                dashes += c == '-' ? 1 : 0;
                compressed |= c == ':' && prev == ':';
                prev = c;
                i++;
            }
            if (s < sep) {
                // the part of the run before the separator was not walked above
                for (int k = s; k < sep; k++) {
                    char b = text.charAt(k);
                    colons += b == ':' ? 1 : 0;
                    dashes += b == '-' ? 1 : 0;
                    compressed |= b == ':' && k + 1 < n && text.charAt(k + 1) == ':';
                }
            }
            from = Math.max(i, sep + 1);
            while (s < sep && text.charAt(s) == '-') {
                s++;
            }
            int e = i;
            while (e > s && (text.charAt(e - 1) == '.' || text.charAt(e - 1) == '-')) {
                e--;
            }
            // an address without "::" has 8 groups (7 colons); "10:20:30.123" is a time, not worth a parse
            boolean maybe = ipv6 ? compressed || colons >= 7 : colons == 5 || dashes == 5;
            if (!maybe || s > 0 && isAsciiAlnum(text.charAt(s - 1)) || e < n && isAsciiAlnum(text.charAt(e)) || e - s < 6) {
                continue;
            }
            String run = text.substring(s, e);
            if (ipv6 && colons >= 2 && validIpv6(run)) {
                add(text, s, e, 0.7, field, out);
            } else if (!ipv6 && (colons == 5 || dashes == 5) && validMac(run)) {
                add(text, s, e, 0.65, field, out);
            }
        }
    }

    private static boolean runChar(char c) {
        return hex(c) || c == ':' || c == '-' || c == '.';
    }

    private static final java.util.regex.Pattern IPV4_TAIL =
            java.util.regex.Pattern.compile("(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}");

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    static boolean validMac(String s) {
        if (s.length() != 17) {
            return false;
        }
        char sep = s.charAt(2);
        boolean allZero = true;
        for (int i = 0; i < 17; i++) {
            char c = s.charAt(i);
            if (i % 3 == 2) {
                if (c != sep) {
                    return false;
                }
            } else if (!hex(c)) {
                return false;
            } else {
                allZero &= c == '0';
            }
        }
        return !allZero;
    }

    static boolean validIpv6(String s) {
        if (s.indexOf('-') >= 0) {
            return false;
        }
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return false;
        }
        String[] parts = s.split(":", -1);
        int groups = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) {
                continue;
            }
            if (p.indexOf('.') >= 0) {
                if (i != parts.length - 1 || !IPV4_TAIL.matcher(p).matches()) {
                    return false;
                }
                groups += 2;
                continue;
            }
            if (p.length() > 4) {
                return false;
            }
            for (int k = 0; k < p.length(); k++) {
                if (!hex(p.charAt(k))) {
                    return false;
                }
            }
            groups++;
        }
        if (dbl < 0) {
            return groups == 8 && !s.startsWith(":") && !s.endsWith(":");
        }
        // a time such as 12:30:45 has no "::"; require some substance around the compression
        return groups <= 7 && groups >= 2 && s.length() >= 6;
    }
}
