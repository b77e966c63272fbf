package secplane.agent.core.events;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import secplane.agent.core.AgentLog;
import secplane.protocol.json.Json;

/**
 * Writes events as JSON lines to {@code events.jsonl}, off the application's threads. The queue
 * is bounded: when it is full the event is dropped and counted, and the count is written as an
 * {@code agent.events-dropped} event as soon as there is room, so nothing is lost quietly.
 */
public final class EventLog {
    private final File file;
    private final AgentLog log;
    private final BlockingQueue<Event> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private volatile boolean running = true;
    /** Events on their way to the control plane; null in standalone mode. */
    private volatile BlockingQueue<Event> upload;
    private final AtomicLong uploadDropped = new AtomicLong();
    /** Offered on close so that the writer wakes at once instead of at its next poll. */
    private static final Event CLOSE = Event.create();

    public EventLog(File file, int capacity, AgentLog log) {
        this.file = file;
        this.log = log;
        this.queue = new ArrayBlockingQueue<>(Math.max(16, capacity));
        this.writer = new Thread(this::run, "secplane-events");
        this.writer.setDaemon(true);
    }

    public void start() {
        writer.start();
    }

    public File file() {
        return file;
    }

    public void emit(Event event) {
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
        }
        BlockingQueue<Event> u = upload;
        if (u != null && !u.offer(event)) {
            uploadDropped.incrementAndGet();
        }
    }

    /**
     * Starts copying every event into a second bounded buffer that {@link #takeUpload} drains for
     * the control plane. The local file is written as before; an event that finds the upload buffer
     * full is counted in {@link #uploadDropped()}, never blocks the application.
     */
    public void enableUpload(int capacity) {
        if (upload == null) {
            upload = new ArrayBlockingQueue<>(Math.max(16, capacity));
        }
    }

    /**
     * Waits up to {@code waitMillis} for a first event, then takes what is buffered, up to
     * {@code max} events, into {@code into}.
     *
     * @return the number of events taken
     */
    public int takeUpload(List<Event> into, int max, long waitMillis) throws InterruptedException {
        BlockingQueue<Event> u = upload;
        if (u == null || max <= 0) {
            return 0;
        }
        Event first = u.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (first == null) {
            return 0;
        }
        into.add(first);
        return 1 + u.drainTo(into, max - 1);
    }

    /** Events that never made it into the upload buffer because it was full (cumulative). */
    public long uploadDropped() {
        return uploadDropped.get();
    }

    public long dropped() {
        return dropped.get();
    }

    public long written() {
        return written.get();
    }

    private void run() {
        OutputStream out = null;
        List<Event> batch = new ArrayList<>();
        try {
            File dir = file.getParentFile();
            if (dir != null) {
                dir.mkdirs();
            }
            out = new FileOutputStream(file, true);
            while (true) {
                Event first;
                try {
                    first = running ? queue.poll(200, TimeUnit.MILLISECONDS) : queue.poll();
                } catch (InterruptedException e) {
                    // close() found the queue full: write what is queued, then stop
                    running = false;
                    first = queue.poll();
                }
                if (first == null) {
                    if (running) {
                        continue;
                    }
                    break;
                }
                batch.add(first);
                queue.drainTo(batch, 511);
                batch.remove(CLOSE);
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    batch.add(Event.create().put("type", "agent.events-dropped").put("count", lost));
                }
                StringBuilder sb = new StringBuilder(batch.size() * 512);
                for (Event e : batch) {
                    Json.write(sb, e.fields());
                    sb.append('\n');
                }
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                written.addAndGet(batch.size());
                batch.clear();
            }
        } catch (IOException | RuntimeException e) {
            log.error("event log " + file + " failed; events are no longer written", e);
        } finally {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    /** Writes what is queued, then stops the writer thread. */
    public void close() {
        running = false;
        if (!queue.offer(CLOSE)) {
            writer.interrupt();
        }
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
