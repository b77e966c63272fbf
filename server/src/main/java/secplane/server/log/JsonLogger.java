package secplane.server.log;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;
import secplane.protocol.json.Json;

/** Writes {@code {"time","level","logger","msg",...fields}} lines; key-values of the fluent API become fields. */
final class JsonLogger extends LegacyAbstractLogger implements LoggingEventAware {
    private static final long serialVersionUID = 1L;
    private static final PrintStream OUT = System.err;
    private final int threshold;

    JsonLogger(String name) {
        this.name = name;
        String configured = System.getProperty("secplane.log.level");
        Level level = configured != null ? Level.valueOf(configured.toUpperCase())
                : name.startsWith("secplane.") ? Level.INFO : Level.WARN;
        this.threshold = level.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return threshold <= Level.TRACE.toInt();
    }

    @Override
    public boolean isDebugEnabled() {
        return threshold <= Level.DEBUG.toInt();
    }

    @Override
    public boolean isInfoEnabled() {
        return threshold <= Level.INFO.toInt();
    }

    @Override
    public boolean isWarnEnabled() {
        return threshold <= Level.WARN.toInt();
    }

    @Override
    public boolean isErrorEnabled() {
        return threshold <= Level.ERROR.toInt();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
        write(level, MessageFormatter.basicArrayFormat(pattern, args), Map.of(), t);
    }

    @Override
    public void log(LoggingEvent event) {
        if (event.getLevel().toInt() < threshold) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs().forEach(kv -> fields.put(kv.key, kv.value));
        }
        Object[] args = event.getArgumentArray();
        write(event.getLevel(), args == null ? event.getMessage() : MessageFormatter.basicArrayFormat(event.getMessage(), args), fields, event.getThrowable());
    }

    private void write(Level level, String msg, Map<String, Object> fields, Throwable t) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("level", level.name().toLowerCase());
        line.put("logger", name);
        line.put("msg", msg);
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            Object v = e.getValue();
            line.put(e.getKey(), v instanceof Number || v instanceof Boolean || v == null ? v : String.valueOf(v));
        }
        if (t != null) {
            line.put("error", t.toString());
            if (level == Level.ERROR) {
                // Where it failed, for whoever reads the log: the first frames of the chain, one string.
                StringBuilder where = new StringBuilder();
                for (Throwable x = t; x != null && where.length() < 2000; x = x.getCause()) {
                    StackTraceElement[] st = x.getStackTrace();
                    for (int i = 0; i < Math.min(8, st.length); i++) {
                        where.append(i == 0 && x != t ? " | caused by " + x + " at " : i == 0 ? "at " : " < ").append(st[i]);
                    }
                }
                line.put("stack", where.toString());
            }
        }
        String text = Json.write(line);
        synchronized (OUT) {
            OUT.println(text);
        }
    }
}
