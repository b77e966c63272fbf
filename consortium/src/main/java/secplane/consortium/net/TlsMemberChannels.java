package secplane.consortium.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;
import secplane.privacy.transport.Connection;
import secplane.privacy.transport.Endpoints;
import secplane.privacy.transport.FramedChannel;
import secplane.privacy.transport.PeerException;

/**
 * {@link MemberChannels} over mutual TLS 1.3: connects to the member's configured address, checks the host name
 * (RFC 6125, by the JDK) and that the certificate's subject is the one configured for that member, sends the opening
 * REQUEST frame and waits for ACCEPTED. Any failure becomes a {@link MemberUnreachableException} naming the member.
 */
public final class TlsMemberChannels implements MemberChannels {
    private final String self;
    private final SSLContext tls;
    private final Map<String, MemberAddress> members = new LinkedHashMap<>();
    private final Duration timeout;

    /**
     * @param others  the other members (this member excluded)
     * @param timeout connect timeout and read timeout of the channels opened
     */
    public TlsMemberChannels(String self, SSLContext tls, List<MemberAddress> others, Duration timeout) {
        this.self = self;
        this.tls = tls;
        for (MemberAddress m : others) {
            if (m.name().equals(self)) {
                throw new IllegalArgumentException("member " + self + " is listed among the other members; list it only as name:");
            }
            if (members.put(m.name(), m) != null) {
                throw new IllegalArgumentException("member " + m.name() + " is listed twice");
            }
        }
        this.timeout = timeout;
    }

    @Override
    public String self() {
        return self;
    }

    @Override
    public List<String> members() {
        return List.copyOf(members.keySet());
    }

    public MemberAddress address(String member) {
        MemberAddress a = members.get(member);
        if (a == null) {
            throw new IllegalArgumentException("'" + member + "' is not a configured member; known: " + String.join(", ", members.keySet()));
        }
        return a;
    }

    /** The transport's reason in the consortium's words (privacy's messages speak of PSI parties). */
    private String why(PeerException e) {
        Throwable c = e.getCause();
        if (c instanceof java.net.ConnectException) {
            return "connection refused: is its node running and listening there?";
        }
        if (c instanceof java.net.SocketTimeoutException) {
            return "no answer within " + timeout.toSeconds() + " s: the node may be stalled, or a firewall drops the connection";
        }
        if (c instanceof javax.net.ssl.SSLHandshakeException) {
            return "TLS handshake failed: " + c.getMessage() + "; both members need certificates from the consortium CA"
                    + " (identity.ca) and the address must be a name or IP in the node's certificate";
        }
        if (c instanceof java.io.IOException) {
            return c.getClass().getSimpleName() + ": " + c.getMessage();
        }
        return e.getMessage();
    }

    @Override
    public FramedChannel open(String member, String kind) {
        MemberAddress a = address(member);
        Connection c;
        try {
            c = Endpoints.connect(a.host(), a.port(), tls, timeout);
        } catch (PeerException e) {
            throw new MemberUnreachableException(member, "cannot reach " + a.host() + ":" + a.port() + " (" + why(e) + ")", e);
        }
        try {
            X500Principal presented = ((X509Certificate) c.socket().getSession().getPeerCertificates()[0]).getSubjectX500Principal();
            if (!presented.equals(a.subject())) {
                throw new MemberUnreachableException(member, a.host() + ":" + a.port() + " presented the certificate of "
                        + presented.getName() + ", not " + a.subject().getName() + " as configured for " + member
                        + "; check its address and certificate subject in member.yaml", null);
            }
            FramedChannel channel = new FramedChannel(c.socket().getInputStream(), c.socket().getOutputStream(), c.socket(), member);
            channel.send(Frames.REQUEST, kind.getBytes(StandardCharsets.UTF_8));
            channel.expect(Frames.ACCEPTED, "ACCEPTED for " + kind);
            return channel;
        } catch (MemberUnreachableException e) {
            c.close();
            throw e;
        } catch (PeerException e) {
            c.close();
            throw new MemberUnreachableException(member, "refused " + kind + ": " + e.getMessage(), e);
        } catch (SSLPeerUnverifiedException e) {
            c.close();
            throw new MemberUnreachableException(member, "presented no certificate", e);
        } catch (IOException e) {
            c.close();
            throw new MemberUnreachableException(member, "connection failed: " + e.getMessage(), e);
        }
    }
}
