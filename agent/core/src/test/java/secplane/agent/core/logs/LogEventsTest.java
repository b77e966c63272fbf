package secplane.agent.core.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class LogEventsTest {
    @Test
    void readsTheFormattedJulMessageAndSkipsRecordsBelowTheLoggersLevel() {
        Logger logger = Logger.getLogger("secplane.test.logs");
        logger.setLevel(Level.INFO);
        LogRecord r = new LogRecord(Level.INFO, "customer {0} mobile={1}");
        r.setParameters(new Object[] {"1", "13812345678"});
        r.setLoggerName(logger.getName());
        LogEvents.LogLine line = LogEvents.read(logger, r);
        assertThat(line.message()).isEqualTo("customer 1 mobile=13812345678");
        assertThat(line.level()).isEqualTo("INFO");
        assertThat(line.library()).isEqualTo("jul");
        assertThat(LogEvents.read(logger, new LogRecord(Level.FINE, "below the level"))).isNull();
    }

    @Test
    void aRewrittenJulRecordFormatsToTheMaskedText() {
        LogRecord r = new LogRecord(Level.INFO, "mobile={0}");
        r.setParameters(new Object[] {"13812345678"});
        assertThat(LogEvents.rewrite(r, "mobile=138****5678")).isTrue();
        assertThat(new java.util.logging.SimpleFormatter().formatMessage(r)).isEqualTo("mobile=138****5678");
    }

    @Test
    void anEventItCannotRewriteIsCountedAndLeftAlone() {
        long before = LogEvents.rewriteFailures();
        StringBuilder unknown = new StringBuilder("mobile=13812345678");
        assertThat(LogEvents.rewrite(unknown, "masked")).isFalse();
        assertThat(unknown).hasToString("mobile=13812345678");
        assertThat(LogEvents.rewriteFailures()).isEqualTo(before + 1);
        assertThat(LogEvents.read(null, unknown)).isNull();
    }
}
