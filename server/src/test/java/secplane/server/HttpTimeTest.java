package secplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import secplane.server.http.Http;

class HttpTimeTest {
    private static final DateTimeFormatter REFERENCE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void wire_times_are_the_formatters_text_across_the_range() {
        long[] edges = {0, 1, 999, 1000, 86_399_999, 86_400_000, 951_782_400_000L /* 2000-02-29 */, 1_700_000_000_123L, 253_402_300_799_999L};
        for (long t : edges) {
            assertThat(Http.time(t)).isEqualTo(REFERENCE.format(Instant.ofEpochMilli(t)));
        }
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            long t = r.nextLong(0, 253_402_300_800_000L);
            assertThat(Http.time(t)).isEqualTo(REFERENCE.format(Instant.ofEpochMilli(t)));
        }
        assertThat(Http.time(-1)).isEqualTo(REFERENCE.format(Instant.ofEpochMilli(-1)));
        assertThat(Http.parseTime(Http.time(1_700_000_000_123L), "t")).isEqualTo(1_700_000_000_123L);
    }
}
