package secplane.privacy.transport;

import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

/** An authenticated connection to the peer: the framed channel and byte counts on the TCP socket. */
public final class Connection implements AutoCloseable {
    private final SSLSocket socket;
    private final CountingSocket raw;
    private final FramedChannel channel;

    Connection(SSLSocket socket, CountingSocket raw, String peer) throws java.io.IOException {
        this.socket = socket;
        this.raw = raw;
        this.channel = new FramedChannel(socket.getInputStream(), socket.getOutputStream(), socket, peer);
    }

    public FramedChannel channel() {
        return channel;
    }

    public SSLSocket socket() {
        return socket;
    }

    /** The subject of the peer's certificate, as authenticated by the TLS handshake. */
    public String peerSubject() {
        try {
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        } catch (SSLPeerUnverifiedException e) {
            return "(unverified)";
        }
    }

    /** Bytes written to the TCP socket, TLS records and handshake included. */
    public long socketBytesSent() {
        return raw.sent.get();
    }

    public long socketBytesReceived() {
        return raw.received.get();
    }

    @Override
    public void close() {
        channel.close();
    }
}
