package secplane.drill.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    /** A clock that stands still until the limiter sleeps. */
    static final class FakeClock implements RateLimiter.Clock {
        long now = 5_000_000_000L;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            now += nanos;
        }
    }

    @Test
    void noOneSecondWindowHoldsMoreThanTheRate() throws Exception {
        FakeClock clock = new FakeClock();
        RateLimiter limiter = new RateLimiter(10, clock);
        List<Long> grants = new ArrayList<>();
        for (int i = 0; i < 95; i++) {
            limiter.acquire();
            grants.add(clock.now);
        }
        assertThat(limiter.granted()).isEqualTo(95);
        for (int i = 0; i < grants.size(); i++) {
            long start = grants.get(i);
            long inWindow = grants.stream().filter(t -> t >= start && t < start + 1_000_000_000L).count();
            assertThat(inWindow).as("grants in the second from grant %d", i).isLessThanOrEqualTo(10);
        }
        // 95 permits at 10/s take at least 9.4 s of (fake) time
        assertThat(clock.now - grants.get(0)).isGreaterThanOrEqualTo(9_400_000_000L);
    }

    @Test
    void slowCallersAreNotPunishedAndGetNoBurst() throws Exception {
        FakeClock clock = new FakeClock();
        RateLimiter limiter = new RateLimiter(100, clock);
        limiter.acquire();
        clock.now += 3_000_000_000L; // idle for 3 s: no credit is saved up
        long before = clock.now;
        for (int i = 0; i < 5; i++) {
            limiter.acquire();
        }
        assertThat(clock.now - before).isEqualTo(4 * 10_000_000L);
    }

    @Test
    void theRateIsBetweenOneAndOneHundred() {
        assertThatThrownBy(() -> new RateLimiter(101, new FakeClock())).hasMessageContaining("--rate must be between 1 and 100")
                .hasMessageContaining("not 101");
        assertThatThrownBy(() -> new RateLimiter(0, new FakeClock())).hasMessageContaining("not 0");
    }
}
