package secplane.agent.core.logs;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.LogRecord;

/**
 * Reads and rewrites the log events of the {@code log.message} join point: a {@link LogRecord}
 * (java.util.logging), a Log4j 2 {@code LogEvent} or a Logback {@code ILoggingEvent}. The two libraries
 * are reached through their public methods by reflection (their classes live in the application's
 * loaders); what is looked up is cached per event class.
 *
 * <p>Never throws: an event that cannot be read is skipped, a rewrite that fails leaves the line as the
 * application wrote it (the log line is never lost) and is counted.
 */
public final class LogEvents {
    /** The formatted message of one event, with what an event needs to say where it came from. */
    public static final class LogLine {
        private final String message;
        private final String level;
        private final String logger;
        private final String library;

        LogLine(String message, String level, String logger, String library) {
            this.message = message;
            this.level = level;
            this.logger = logger;
            this.library = library;
        }

        public String message() {
            return message;
        }

        public String level() {
            return level;
        }

        public String logger() {
            return logger;
        }

        /** {@code jul}, {@code log4j2} or {@code logback}. */
        public String library() {
            return library;
        }
    }

    private static final AtomicLong REWRITE_FAILURES = new AtomicLong();
    private static final java.util.logging.Formatter JUL_FORMAT = new java.util.logging.SimpleFormatter();
    private static final ClassValue<Accessors> ACCESSORS = new ClassValue<Accessors>() {
        @Override
        protected Accessors computeValue(Class<?> type) {
            return Accessors.of(type);
        }
    };
    /**
     * The last Log4j 2 event seen on this thread: LoggerConfig.callAppenders runs once per config on the
     * additivity chain with the same event, which must be inspected once.
     */
    private static final ThreadLocal<java.lang.ref.WeakReference<Object>> LAST = new ThreadLocal<>();

    private LogEvents() {
    }

    /** Rewrites that failed since start: the line was written as the application logged it. */
    public static long rewriteFailures() {
        return REWRITE_FAILURES.get();
    }

    /**
     * @param target the receiver the woven code passed (the JUL logger), or null
     * @param event  the event object
     * @return the line, or null when there is nothing to inspect (a JUL record below the logger's level,
     *         the same Log4j 2 event again, an unknown or unreadable event)
     */
    public static LogLine read(Object target, Object event) {
        if (event == null) {
            return null;
        }
        try {
            if (event instanceof LogRecord) {
                return jul(target, (LogRecord) event);
            }
            Accessors a = ACCESSORS.get(event.getClass());
            if (a.kind == Kind.LOG4J) {
                java.lang.ref.WeakReference<Object> last = LAST.get();
                if (last != null && last.get() == event) {
                    return null;
                }
                LAST.set(new java.lang.ref.WeakReference<>(event));
                Object message = a.getMessage.invoke(event);
                String text = message == null ? null : (String) a.formatted.invoke(message);
                return text == null ? null : new LogLine(text, String.valueOf(a.getLevel.invoke(event)),
                        String.valueOf(a.getLoggerName.invoke(event)), "log4j2");
            }
            if (a.kind == Kind.LOGBACK) {
                String text = (String) a.getFormattedMessage.invoke(event);
                return text == null ? null : new LogLine(text, String.valueOf(a.getLevel.invoke(event)),
                        String.valueOf(a.getLoggerName.invoke(event)), "logback");
            }
        } catch (Throwable t) {
            return null;
        }
        return null;
    }

    private static LogLine jul(Object target, LogRecord record) {
        if (target instanceof java.util.logging.Logger && record.getLevel() != null
                && !((java.util.logging.Logger) target).isLoggable(record.getLevel())) {
            return null;
        }
        Object[] params = record.getParameters();
        String text = (params == null || params.length == 0) && record.getResourceBundle() == null
                ? record.getMessage() : JUL_FORMAT.formatMessage(record);
        return text == null ? null : new LogLine(text, record.getLevel() == null ? "" : record.getLevel().getName(),
                String.valueOf(record.getLoggerName()), "jul");
    }

    /**
     * Replaces the event's formatted message before any appender or handler writes it.
     *
     * @return whether the event now carries {@code text}; false (counted) leaves it unchanged
     */
    public static boolean rewrite(Object event, String text) {
        try {
            if (event instanceof LogRecord) {
                LogRecord r = (LogRecord) event;
                r.setParameters(null);
                r.setResourceBundle(null);
                r.setResourceBundleName(null);
                r.setMessage(text);
                return true;
            }
            Accessors a = ACCESSORS.get(event.getClass());
            if (a.kind == Kind.LOG4J) {
                Object message = a.simpleMessage.newInstance(text);
                if (a.setMessage != null) {
                    a.setMessage.invoke(event, message); // MutableLogEvent (garbage-free mode)
                } else {
                    a.messageField.set(event, message); // Log4jLogEvent keeps the Message in a field
                }
                return true;
            }
            if (a.kind == Kind.LOGBACK) {
                a.formattedField.set(event, text); // LoggingEvent.getFormattedMessage returns it once set
                return true;
            }
        } catch (Throwable t) {
            // fall through: the line is written unmasked rather than lost
        }
        REWRITE_FAILURES.incrementAndGet();
        return false;
    }

    private enum Kind { LOG4J, LOGBACK, UNKNOWN }

    /** What the agent calls on one event class. */
    private static final class Accessors {
        final Kind kind;
        Method getMessage;
        Method formatted;
        Method getLevel;
        Method getLoggerName;
        Method getFormattedMessage;
        Method setMessage;
        Field messageField;
        Field formattedField;
        Constructor<?> simpleMessage;

        private Accessors(Kind kind) {
            this.kind = kind;
        }

        static Accessors of(Class<?> type) {
            try {
                if (implementsNamed(type, "org.apache.logging.log4j.core.LogEvent")) {
                    Accessors a = new Accessors(Kind.LOG4J);
                    ClassLoader loader = type.getClassLoader();
                    Class<?> logEvent = Class.forName("org.apache.logging.log4j.core.LogEvent", false, loader);
                    Class<?> message = Class.forName("org.apache.logging.log4j.message.Message", false, loader);
                    a.getMessage = logEvent.getMethod("getMessage");
                    a.formatted = message.getMethod("getFormattedMessage");
                    a.getLevel = logEvent.getMethod("getLevel");
                    a.getLoggerName = logEvent.getMethod("getLoggerName");
                    a.simpleMessage = Class.forName("org.apache.logging.log4j.message.SimpleMessage", false, loader)
                            .getConstructor(String.class);
                    try {
                        a.setMessage = type.getMethod("setMessage", message);
                    } catch (NoSuchMethodException e) {
                        a.messageField = field(type, "message");
                    }
                    return a;
                }
                if (implementsNamed(type, "ch.qos.logback.classic.spi.ILoggingEvent")) {
                    Accessors a = new Accessors(Kind.LOGBACK);
                    Class<?> iface = Class.forName("ch.qos.logback.classic.spi.ILoggingEvent", false, type.getClassLoader());
                    a.getFormattedMessage = iface.getMethod("getFormattedMessage");
                    a.getLevel = iface.getMethod("getLevel");
                    a.getLoggerName = iface.getMethod("getLoggerName");
                    a.formattedField = field(type, "formattedMessage");
                    return a;
                }
            } catch (Throwable t) {
                // an unexpected library version: not inspected
            }
            return new Accessors(Kind.UNKNOWN);
        }

        private static Field field(Class<?> type, String name) throws NoSuchFieldException {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                try {
                    Field f = c.getDeclaredField(name);
                    f.setAccessible(true);
                    return f;
                } catch (NoSuchFieldException e) {
                    // try the superclass
                }
            }
            throw new NoSuchFieldException(type.getName() + "." + name);
        }

        private static boolean implementsNamed(Class<?> type, String name) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (c.getName().equals(name)) {
                    return true;
                }
                for (Class<?> i : c.getInterfaces()) {
                    if (implementsNamed(i, name)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
