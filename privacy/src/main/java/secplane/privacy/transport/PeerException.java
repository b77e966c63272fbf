package secplane.privacy.transport;

/**
 * The run cannot go on because of the peer or the connection: it went away, timed out, speaks
 * another protocol version, reported an error, or failed the TLS handshake. The message says which
 * and what to do; no result is written.
 */
public final class PeerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PeerException(String message) {
        super(message);
    }

    public PeerException(String message, Throwable cause) {
        super(message, cause);
    }
}
