package secplane.agent.core.events;

import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;

/** RFC 3339 UTC timestamps without java.time, which the agent avoids for Java 8 start-up cost. */
final class Iso {
    private static final ThreadLocal<SimpleDateFormat> FORMAT = new ThreadLocal<SimpleDateFormat>() {
        @Override
        protected SimpleDateFormat initialValue() {
            SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT);
            f.setTimeZone(TimeZone.getTimeZone("UTC"));
            return f;
        }
    };

    private Iso() {
    }

    static String now() {
        return FORMAT.get().format(new Date());
    }
}
