package secplane.drill.run;

/**
 * Spaces requests evenly at a fixed rate: the n-th permit is granted no earlier than
 * {@code (n - 1) / rate} seconds after the first, with no bursts, so a target sees at most
 * {@code rate} drill requests in any one-second window.
 */
public final class RateLimiter {
    public static final int DEFAULT = 10;
    public static final int MAX = 100;

    /** Time as the limiter sees it; the tests give it a clock that only advances when it sleeps. */
    public interface Clock {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;

        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        };
    }

    private final int perSecond;
    private final long interval;
    private final Clock clock;
    private boolean started;
    private long next;
    private long granted;

    public RateLimiter(int perSecond, Clock clock) {
        this.perSecond = check(perSecond);
        this.interval = 1_000_000_000L / perSecond;
        this.clock = clock;
    }

    /** The rate, checked: between 1 and {@link #MAX} requests a second. */
    public static int check(int perSecond) {
        if (perSecond < 1 || perSecond > MAX) {
            throw new IllegalArgumentException("--rate must be between 1 and " + MAX + " requests a second, not " + perSecond
                    + "; a drill must not turn into a load test");
        }
        return perSecond;
    }

    public int perSecond() {
        return perSecond;
    }

    /** Waits for the next permit. */
    public synchronized void acquire() throws InterruptedException {
        long now = clock.nanoTime();
        if (!started) {
            started = true;
            next = now;
        }
        if (now < next) {
            clock.sleepNanos(next - now);
            now = next;
        }
        next = Math.max(now, next) + interval;
        granted++;
    }

    public synchronized long granted() {
        return granted;
    }
}
