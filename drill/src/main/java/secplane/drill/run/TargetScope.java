package secplane.drill.run;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Which targets a drill may attack without further ado: every address the host resolves to must be
 * loopback (RFC 1122 §3.2.1.3, ::1), private (RFC 1918, IPv6 unique local fc00::/7 of RFC 4193) or
 * link-local. Anything else needs the operator's explicit {@code --i-own-this-target}; with a control
 * plane, the target must also be registered there (the plane checks that).
 */
public final class TargetScope {
    private TargetScope() {
    }

    /** The target's base URI, checked; an error message says what to do. */
    public static URI check(String target, boolean ownsTarget) {
        URI uri;
        try {
            uri = URI.create(target);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--target '" + target + "' is not a URL: " + e.getMessage());
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("--target must be an http:// or https:// URL with a host, e.g. http://127.0.0.1:8080, not '" + target + "'");
        }
        if (ownsTarget) {
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the target host " + uri.getHost() + ": " + e.getMessage());
        }
        for (InetAddress a : addresses) {
            if (!internal(a)) {
                throw new IllegalArgumentException("refusing to drill " + target + ": " + uri.getHost() + " resolves to "
                        + a.getHostAddress() + ", which is neither loopback nor a private address; attack only what you own, and say so with --i-own-this-target");
            }
        }
        return uri;
    }

    static boolean internal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()) {
            return true;
        }
        // IPv6 unique local addresses fc00::/7 (RFC 4193), which isSiteLocalAddress does not cover
        return a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
    }
}
