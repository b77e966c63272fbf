package secplane.consortium.net;

import java.time.Duration;

/**
 * What one node gives to its peers: concurrent connections (more are closed at once), time to finish the TLS handshake
 * and the opening frame, read timeout (idle), total time per request (then the connection is closed), and the largest
 * opening frame. Frames inside a request are capped by the channel itself (16 MiB).
 */
public record ListenerLimits(int maxConnections, Duration handshakeTimeout, Duration readTimeout, Duration requestTimeout,
        int maxOpeningFrame) {
    public static final ListenerLimits DEFAULT = new ListenerLimits(64, Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(5), 256);

    public ListenerLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("limits.maxConnections must be at least 1, got " + maxConnections);
        }
        if (maxOpeningFrame < 8) {
            throw new IllegalArgumentException("the opening frame limit must be at least 8 bytes, got " + maxOpeningFrame);
        }
        for (Duration d : new Duration[] {handshakeTimeout, readTimeout, requestTimeout}) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("listener timeouts must be positive, got " + d);
            }
        }
    }
}
