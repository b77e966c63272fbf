package secplane.consortium.net;

import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * Where another member's node listens and who it is: the member name used everywhere else, the host and port, and
 * the subject of the TLS certificate it must present (RFC 4514 string, e.g. {@code CN=payco,O=secplane}).
 */
public record MemberAddress(String name, String host, int port, String certificateSubject) {
    public MemberAddress {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(certificateSubject, "certificateSubject");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("member " + name + ": port " + port + " is not in 1-65535");
        }
        subject(name, certificateSubject);
    }

    /** The subject as a principal; X.500 names compare by their canonical form, not their spelling. */
    public X500Principal subject() {
        return subject(name, certificateSubject);
    }

    private static X500Principal subject(String name, String s) {
        try {
            return new X500Principal(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("member " + name + ": certificate subject '" + s
                    + "' is not an RFC 4514 distinguished name (e.g. CN=" + name + ",O=example)", e);
        }
    }

    @Override
    public String toString() {
        return name + "@" + host + ":" + port;
    }
}
