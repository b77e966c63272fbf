package secplane.server.console;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import secplane.server.http.ApiError;

/**
 * Failed console logins per client address: after {@code maxFailures} within {@code windowMillis}
 * further attempts from that address get 429 until the window has passed. Tokens carry 256 random
 * bits, so this guards the log and the database from floods more than the secret from guessing.
 * Bounded: the least recently failed addresses are forgotten first.
 */
public final class LoginThrottle {
    static final int MAX_ADDRESSES = 10_000;
    private final int maxFailures;
    private final long windowMillis;
    private final Map<String, Deque<Long>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    public LoginThrottle(int maxFailures, long windowMillis) {
        this.maxFailures = maxFailures;
        this.windowMillis = windowMillis;
    }

    public static LoginThrottle defaults() {
        return new LoginThrottle(10, 60_000);
    }

    /** 429 when {@code address} failed too often lately. */
    public synchronized void check(String address) {
        Deque<Long> times = failures.get(address);
        if (times == null) {
            return;
        }
        long now = System.currentTimeMillis();
        while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
            times.pollFirst();
        }
        if (times.size() >= maxFailures) {
            long wait = (times.peekFirst() + windowMillis - now + 999) / 1000;
            throw new ApiError(429, "too-many-requests", maxFailures + " failed logins from " + address + " in the last "
                    + windowMillis / 1000 + " s; wait " + wait + " s and check the token you paste");
        }
    }

    public synchronized void failed(String address) {
        failures.computeIfAbsent(address, a -> new ArrayDeque<>()).addLast(System.currentTimeMillis());
    }
}
