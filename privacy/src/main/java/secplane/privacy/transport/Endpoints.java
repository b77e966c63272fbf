package secplane.privacy.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Opens mutually authenticated TLS 1.3 connections between two parties: the serving party listens,
 * the joining party connects and also checks that the server's certificate names the host it dialled
 * (RFC 6125 via the JDK's "HTTPS" endpoint identification).
 */
public final class Endpoints {
    private Endpoints() {
    }

    /** A listening socket for one or more runs; bind to 127.0.0.1 unless told otherwise. */
    public static final class Listener implements AutoCloseable {
        private final ServerSocket server;
        private final SSLContext tls;
        private final Duration timeout;

        Listener(ServerSocket server, SSLContext tls, Duration timeout) {
            this.server = server;
            this.tls = tls;
            this.timeout = timeout;
        }

        public int port() {
            return server.getLocalPort();
        }

        /** Waits for the peer (at most {@code acceptTimeout}), then completes the TLS handshake. */
        public Connection accept(Duration acceptTimeout) {
            CountingSocket raw = new CountingSocket();
            try {
                server.setSoTimeout((int) Math.min(Integer.MAX_VALUE, acceptTimeout.toMillis()));
                try {
                    implAccept(raw);
                } catch (SocketTimeoutException e) {
                    throw new PeerException("no peer connected to port " + port() + " within " + acceptTimeout.toSeconds()
                            + " s; start 'secplane psi join --peer HOST:" + port() + "' on the other side", e);
                }
                raw.setSoTimeout((int) timeout.toMillis());
                raw.setTcpNoDelay(true);
                SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(raw, raw.getInetAddress().getHostAddress(), raw.getPort(), true);
                s.setUseClientMode(false);
                s.setNeedClientAuth(true);
                s.setEnabledProtocols(new String[] {"TLSv1.3"});
                handshake(s, raw.getRemoteSocketAddress().toString());
                return new Connection(s, raw, raw.getRemoteSocketAddress().toString());
            } catch (IOException e) {
                closeQuietly(raw);
                throw new PeerException("accepting a connection failed: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                closeQuietly(raw);
                throw e;
            }
        }

        private void implAccept(CountingSocket raw) throws IOException {
            ((AcceptingServerSocket) server).acceptInto(raw);
        }

        @Override
        public void close() {
            closeQuietly(server);
        }
    }

    /** A server socket that accepts into a {@link CountingSocket} (ServerSocket.implAccept is protected). */
    private static final class AcceptingServerSocket extends ServerSocket {
        AcceptingServerSocket() throws IOException {
            super();
        }

        void acceptInto(CountingSocket s) throws IOException {
            implAccept(s);
        }
    }

    public static Listener listen(String bindAddress, int port, SSLContext tls, Duration timeout) {
        try {
            ServerSocket server = new AcceptingServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port));
            return new Listener(server, tls, timeout);
        } catch (IOException e) {
            throw new PeerException("cannot listen on " + bindAddress + ":" + port + ": " + e.getMessage()
                    + " (is the port in use? choose another with --port)", e);
        }
    }

    public static Connection connect(String host, int port, SSLContext tls, Duration timeout) {
        CountingSocket raw = new CountingSocket();
        String peer = host + ":" + port;
        try {
            raw.connect(new InetSocketAddress(host, port), (int) Math.min(timeout.toMillis(), 30_000));
            raw.setSoTimeout((int) timeout.toMillis());
            raw.setTcpNoDelay(true);
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(raw, host, port, true);
            s.setUseClientMode(true);
            s.setEnabledProtocols(new String[] {"TLSv1.3"});
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            handshake(s, peer);
            return new Connection(s, raw, peer);
        } catch (java.net.ConnectException e) {
            closeQuietly(raw);
            throw new PeerException("cannot connect to " + peer + ": " + e.getMessage() + "; is 'secplane psi serve' running there?", e);
        } catch (IOException e) {
            closeQuietly(raw);
            throw new PeerException("cannot connect to " + peer + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(raw);
            throw e;
        }
    }

    private static void handshake(SSLSocket s, String peer) throws IOException {
        try {
            s.startHandshake();
            // TLS 1.3 servers learn of a rejected client certificate only on the first read; the
            // session check below makes the failure appear here on the client side too.
            s.getSession().getPeerCertificates();
        } catch (SSLHandshakeException e) {
            throw new PeerException("TLS handshake with " + peer + " failed: " + e.getMessage()
                    + ". Both parties need certificates issued by the CA the other trusts (--ca), and the server's"
                    + " certificate must name the host given to --peer", e);
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            throw new PeerException("the peer " + peer + " presented no certificate; mutual TLS requires one", e);
        } catch (javax.net.ssl.SSLException e) {
            throw new PeerException("TLS with " + peer + " failed: " + e.getMessage()
                    + " (is the peer a secplane PSI party using TLS 1.3 and a certificate from the trusted CA?)", e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already failing; the original error is reported
        }
    }
}
