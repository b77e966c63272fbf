package secplane.agent.core;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * The agent's own log file. The agent never writes to the application's stdout, stderr or
 * logging framework; everything it has to say goes here or into events. Size-capped: past
 * {@code maxBytes} the file is rolled once to {@code agent.log.1}.
 */
public final class AgentLog {
    public enum Level { DEBUG, INFO, WARN, ERROR }

    private final File file;
    private final Level threshold;
    private final long maxBytes;
    private Writer out;
    private long written;

    public AgentLog(File file, Level threshold, long maxBytes) {
        this.file = file;
        this.threshold = threshold;
        this.maxBytes = maxBytes;
    }

    /** A log that drops everything, used before options are known and in tests. */
    public static AgentLog discard() {
        return new AgentLog(null, Level.ERROR, 0);
    }

    public File file() {
        return file;
    }

    public void debug(String message) {
        write(Level.DEBUG, message, null);
    }

    public void info(String message) {
        write(Level.INFO, message, null);
    }

    public void warn(String message) {
        write(Level.WARN, message, null);
    }

    public void error(String message, Throwable error) {
        write(Level.ERROR, message, error);
    }

    private synchronized void write(Level level, String message, Throwable error) {
        if (file == null || level.ordinal() < threshold.ordinal()) {
            return;
        }
        try {
            if (out == null || written > maxBytes) {
                roll();
            }
            StringBuilder line = new StringBuilder(128);
            line.append(secplane.agent.core.events.Iso.now()).append(' ').append(level).append(" [")
                    .append(Thread.currentThread().getName()).append("] ").append(message).append('\n');
            if (error != null) {
                StringWriter trace = new StringWriter();
                error.printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            out.write(line.toString());
            out.flush();
            written += line.length();
        } catch (IOException | RuntimeException ignored) {
            // a full disk must not turn into a failure of the application
        }
    }

    private void roll() throws IOException {
        if (out != null) {
            out.close();
            File previous = new File(file.getPath() + ".1");
            previous.delete();
            file.renameTo(previous);
        }
        File dir = file.getParentFile();
        if (dir != null) {
            dir.mkdirs();
        }
        out = new OutputStreamWriter(new FileOutputStream(file, true), StandardCharsets.UTF_8);
        written = file.length();
    }

    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            out = null;
        }
    }
}
