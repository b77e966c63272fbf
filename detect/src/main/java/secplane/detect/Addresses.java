package secplane.detect;

import java.util.Locale;

/**
 * IP literals in every form a URL client might read them, and the address blocks a request from a
 * server must not reach: loopback, private, link-local, shared, cloud metadata and the IPv6 forms
 * that embed them (RFC 6890 special-purpose registries, RFC 1918, RFC 6598, RFC 4291 §2.5.5,
 * RFC 6052, RFC 3056, RFC 4380, RFC 4193).
 */
final class Addresses {
    private Addresses() {
    }

    /**
     * An IPv4 address as inet_aton(3) reads it, which curl, wget, browsers (WHATWG URL "IPv4 parser")
     * and glibc's resolver follow: one to four parts, each decimal, octal with a leading 0 or hex
     * with 0x; the last part fills the remaining bytes ({@code 127.1}, {@code 2130706433},
     * {@code 0x7f.1}, {@code 0177.0.0.1}). -1 when it is not one.
     */
    static long inetAton(String h) {
        if (h.isEmpty() || h.length() > 64) {
            return -1;
        }
        String s = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
        long[] parts = new long[4];
        int count = 0;
        int i = 0;
        while (i <= s.length()) {
            int dot = s.indexOf('.', i);
            if (dot < 0) {
                dot = s.length();
            }
            if (count == 4) {
                return -1;
            }
            long p = number(s, i, dot);
            if (p < 0) {
                return -1;
            }
            parts[count++] = p;
            i = dot + 1;
        }
        return combine(parts, count);
    }

    /**
     * An IPv4 literal as {@code java.net.InetAddress} reads it (sun.net.util.IPAddressUtil): one to
     * four parts, decimal only, a leading zero ignored ({@code 0177.0.0.1} is 177.0.0.1). -1 when
     * Java would look the text up as a host name instead.
     */
    static long javaLiteral(String h) {
        if (h.isEmpty() || h.length() > 40) {
            return -1;
        }
        long[] parts = new long[4];
        int count = 0;
        int i = 0;
        while (i <= h.length()) {
            int dot = h.indexOf('.', i);
            if (dot < 0) {
                dot = h.length();
            }
            if (count == 4 || dot == i || dot - i > 10) {
                return -1;
            }
            long p = 0;
            for (int k = i; k < dot; k++) {
                char c = h.charAt(k);
                if (c < '0' || c > '9') {
                    return -1;
                }
                p = p * 10 + (c - '0');
            }
            parts[count++] = p;
            i = dot + 1;
        }
        return combine(parts, count);
    }

    private static long combine(long[] parts, int count) {
        long v;
        switch (count) {
            case 1:
                v = parts[0];
                return v <= 0xffffffffL ? v : -1;
            case 2:
                return parts[0] <= 0xff && parts[1] <= 0xffffff ? parts[0] << 24 | parts[1] : -1;
            case 3:
                return parts[0] <= 0xff && parts[1] <= 0xff && parts[2] <= 0xffff ? parts[0] << 24 | parts[1] << 16 | parts[2] : -1;
            case 4:
                for (int k = 0; k < 4; k++) {
                    if (parts[k] > 0xff) {
                        return -1;
                    }
                }
                return parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3];
            default:
                return -1;
        }
    }

    private static long number(String s, int from, int to) {
        if (from >= to) {
            return -1;
        }
        int radix = 10;
        if (to - from > 2 && s.charAt(from) == '0' && (s.charAt(from + 1) == 'x' || s.charAt(from + 1) == 'X')) {
            radix = 16;
            from += 2;
        } else if (to - from == 2 && s.charAt(from) == '0' && (s.charAt(from + 1) == 'x' || s.charAt(from + 1) == 'X')) {
            return 0; // "0x" alone is 0 for inet_aton
        } else if (to - from > 1 && s.charAt(from) == '0') {
            radix = 8;
            from += 1;
        }
        if (to - from > 32) {
            return -1;
        }
        long v = 0;
        for (int k = from; k < to; k++) {
            int d = Character.digit(s.charAt(k), radix);
            if (d < 0 || s.charAt(k) > 'z') {
                return -1;
            }
            v = v * radix + d;
            if (v > 0xffffffffL) {
                return -1;
            }
        }
        return v;
    }

    static byte[] v4Bytes(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** An IPv6 literal without brackets (zone id removed) as 16 bytes, or null (RFC 4291 §2.2). */
    static byte[] ipv6(String text) {
        String h = text;
        int zone = h.indexOf('%');
        if (zone >= 0) {
            h = h.substring(0, zone);
        }
        if (h.length() < 2 || h.length() > 45 || h.indexOf(':') < 0) {
            return null;
        }
        byte[] out = new byte[16];
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        if (h.startsWith("::")) {
            gap = 0;
            i = 2;
            if (h.length() == 2) {
                return out;
            }
        } else if (h.startsWith(":")) {
            return null;
        }
        while (i < h.length()) {
            int colon = h.indexOf(':', i);
            int end = colon < 0 ? h.length() : colon;
            String part = h.substring(i, end);
            if (part.indexOf('.') >= 0) {
                if (colon >= 0 || count > 6) {
                    return null;
                }
                long v4 = javaLiteralStrict(part);
                if (v4 < 0) {
                    return null;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xffff);
                break;
            }
            if (part.isEmpty() || part.length() > 4 || count == 8) {
                return null;
            }
            int g = 0;
            for (int k = 0; k < part.length(); k++) {
                int d = Character.digit(part.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                g = g * 16 + d;
            }
            groups[count++] = g;
            if (colon < 0) {
                break;
            }
            if (colon + 1 < h.length() && h.charAt(colon + 1) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i = colon + 2;
                if (i == h.length()) {
                    break;
                }
            } else {
                if (colon + 1 == h.length()) {
                    return null;
                }
                i = colon + 1;
            }
        }
        if (gap < 0 && count != 8 || gap >= 0 && count > 7) {
            return null;
        }
        int[] full = new int[8];
        if (gap < 0) {
            System.arraycopy(groups, 0, full, 0, 8);
        } else {
            System.arraycopy(groups, 0, full, 0, gap);
            int tail = count - gap;
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        }
        for (int k = 0; k < 8; k++) {
            out[2 * k] = (byte) (full[k] >>> 8);
            out[2 * k + 1] = (byte) full[k];
        }
        return out;
    }

    private static long javaLiteralStrict(String s) {
        int dots = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '.') {
                dots++;
            }
        }
        return dots == 3 ? javaLiteral(s) : -1;
    }

    /** Why a request to this address is internal, or null for an ordinary public address. */
    static String classify(byte[] a) {
        if (a == null) {
            return null;
        }
        if (a.length == 4) {
            return classify4(((a[0] & 0xffL) << 24) | ((a[1] & 0xffL) << 16) | ((a[2] & 0xffL) << 8) | (a[3] & 0xffL));
        }
        if (a.length != 16) {
            return null;
        }
        boolean zero10 = true;
        for (int i = 0; i < 10; i++) {
            zero10 &= a[i] == 0;
        }
        int w5 = (a[10] & 0xff) << 8 | (a[11] & 0xff);
        if (zero10 && w5 == 0xffff) {
            return embedded(a, 12, "an IPv4-mapped IPv6 address");
        }
        if (zero10 && w5 == 0) {
            boolean allZero = true;
            for (int i = 12; i < 15; i++) {
                allZero &= a[i] == 0;
            }
            if (allZero && a[15] == 0) {
                return "the unspecified address (::), which reaches the local host";
            }
            if (allZero && a[15] == 1) {
                return "the IPv6 loopback address (::1)";
            }
            return embedded(a, 12, "an IPv4-compatible IPv6 address");
        }
        int w0 = (a[0] & 0xff) << 8 | (a[1] & 0xff);
        int w1 = (a[2] & 0xff) << 8 | (a[3] & 0xff);
        if (w0 == 0x64 && w1 == 0xff9b) {
            return embedded(a, 12, "a NAT64 address (64:ff9b::/96, RFC 6052)");
        }
        if (w0 == 0x2002) {
            return embedded(a, 2, "a 6to4 address (2002::/16, RFC 3056)");
        }
        if (w0 == 0x2001 && w1 == 0) {
            byte[] client = {(byte) ~a[12], (byte) ~a[13], (byte) ~a[14], (byte) ~a[15]};
            String inner = classify(client);
            return inner == null ? null : "a Teredo address (RFC 4380) whose client is " + inner;
        }
        if (w0 == 0xfd00 && w1 == 0x0ec2) {
            return "the AWS instance metadata service over IPv6 (fd00:ec2::254)";
        }
        if ((w0 & 0xfe00) == 0xfc00) {
            return "a unique local IPv6 address (fc00::/7, RFC 4193)";
        }
        if ((w0 & 0xffc0) == 0xfe80) {
            return "a link-local IPv6 address (fe80::/10)";
        }
        if ((w0 & 0xffc0) == 0xfec0) {
            return "a site-local IPv6 address (fec0::/10)";
        }
        if ((w0 & 0xff00) == 0xff00) {
            return "an IPv6 multicast address (ff00::/8)";
        }
        return null;
    }

    private static String embedded(byte[] a, int at, String what) {
        String inner = classify(new byte[] {a[at], a[at + 1], a[at + 2], a[at + 3]});
        return inner == null ? null : what + " of " + inner;
    }

    static String classify4(long v) {
        int a = (int) (v >>> 24);
        int b = (int) (v >>> 16) & 0xff;
        if (v == 0xa9fea9feL) {
            return "the cloud instance metadata service (169.254.169.254)";
        }
        if (v == 0xa9feaa02L) {
            return "the container credentials endpoint (169.254.170.2)";
        }
        if (v == 0x646464c8L) {
            return "the Alibaba Cloud metadata service (100.100.100.200)";
        }
        if (v == 0xa83f8110L) {
            return "the Azure platform endpoint (168.63.129.16)";
        }
        if (a == 0) {
            return "the 'this network' block (0.0.0.0/8), which reaches the local host";
        }
        if (a == 127) {
            return "a loopback address (127.0.0.0/8)";
        }
        if (a == 10 || a == 172 && (b & 0xf0) == 16 || a == 192 && b == 168) {
            return "a private address (RFC 1918)";
        }
        if (a == 169 && b == 254) {
            return "a link-local address (169.254.0.0/16)";
        }
        if (a == 100 && (b & 0xc0) == 64) {
            return "a shared address (100.64.0.0/10, RFC 6598)";
        }
        if (a == 192 && b == 0 && ((v >>> 8) & 0xff) == 0) {
            return "an IETF protocol address (192.0.0.0/24)";
        }
        if (a == 198 && (b & 0xfe) == 18) {
            return "a benchmarking address (198.18.0.0/15), used inside networks";
        }
        if (a >= 224) {
            return a < 240 ? "a multicast address (224.0.0.0/4)" : "a reserved or broadcast address (240.0.0.0/4)";
        }
        return null;
    }

    /** Why a host name is internal without asking DNS (RFC 6761 localhost, metadata names, cluster DNS), or null. */
    static String internalName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost") || h.equals("localhost.localdomain") || h.equals("ip6-localhost")
                || h.equals("ip6-loopback")) {
            return "the local host (RFC 6761 'localhost')";
        }
        if (h.equals("metadata.google.internal") || h.equals("metadata.goog") || h.equals("metadata") || h.equals("instance-data")
                || h.equals("instance-data.ec2.internal") || h.equals("metadata.azure.internal")) {
            return "the cloud instance metadata service";
        }
        if (h.equals("kubernetes") || h.startsWith("kubernetes.default") || h.endsWith(".svc.cluster.local") || h.endsWith(".cluster.local")
                || h.endsWith(".internal")) {
            return "an internal cluster or cloud name";
        }
        return null;
    }
}
