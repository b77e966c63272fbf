package secplane.consortium.net;

import java.time.Duration;

/**
 * One line per request a node served or refused. It carries the authenticated member (or the remote address when
 * none was established), the kind and the outcome, never request content: requests carry personal data.
 */
@FunctionalInterface
public interface RequestLog {
    void record(String peer, String kind, String outcome, Duration took);

    RequestLog NONE = (peer, kind, outcome, took) -> { };
}
