package secplane.agent.core.control;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with jitter: delays grow as base, 2 base, 4 base... up to the cap,
 * and each is drawn from its upper half so that a fleet of agents that lost the server at the
 * same moment does not come back in lockstep.
 */
final class Backoff {
    private final long baseMillis;
    private final long capMillis;
    private int attempts;

    Backoff(long baseMillis, long capMillis) {
        this.baseMillis = Math.max(1, baseMillis);
        this.capMillis = Math.max(this.baseMillis, capMillis);
    }

    long next() {
        long d = baseMillis << Math.min(attempts, 30);
        if (d <= 0 || d > capMillis) {
            d = capMillis;
        } else {
            attempts++;
        }
        long half = d / 2;
        return half + ThreadLocalRandom.current().nextLong(d - half + 1);
    }

    void reset() {
        attempts = 0;
    }
}
