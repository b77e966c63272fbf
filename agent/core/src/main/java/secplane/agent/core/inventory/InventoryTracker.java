package secplane.agent.core.inventory;

import java.io.File;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import secplane.agent.core.AgentLog;
import secplane.agent.core.Files2;
import secplane.agent.core.events.Iso;
import secplane.protocol.json.Json;

/**
 * Keeps the inventory current on one daemon thread ({@code secplane-inventory}): a first
 * collection once start-up has settled, then one after each burst of class loading that brings
 * classes from somewhere the last collection did not cover (debounced), or loads an application
 * server's start-up class. Each inventory that differs from the last gets the next
 * {@code inventoryVersion}, is written to {@code <data>/inventory.json} and handed to the listener
 * (the control-plane client, which uploads it).
 *
 * <p>{@link #loaded} runs inside the JVM's class loading, for every class: it compares the
 * protection domain by identity with the last one and with those already seen (weakly held, so no
 * class loader is kept alive), and otherwise only queues it and wakes the thread; all the rest
 * happens on the thread.
 */
public final class InventoryTracker {
    /** Told of each new inventory version, on the tracker's thread. */
    public interface Listener {
        void changed(Inventory inventory);
    }

    /** Protection domains queued beyond this are dropped and a collection is simply scheduled. */
    static final int MAX_QUEUED = 10_000;
    /** A burst that goes on is collected at the latest after this many debounce intervals. */
    private static final int MAX_DEFERRALS = 5;

    private final Collector collector;
    private final File file;
    private final AgentLog log;
    private final long debounceMillis;
    private final Object lock = new Object();
    private final Map<ProtectionDomain, Boolean> seen = new WeakHashMap<>();
    private final ConcurrentLinkedQueue<WeakReference<ProtectionDomain>> fresh = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile WeakReference<ProtectionDomain> last = new WeakReference<>(null);
    private volatile Listener listener;
    private volatile Inventory current;
    private volatile boolean running;
    private volatile long collections;
    private Thread thread;
    /** Guarded by {@link #lock}. */
    private boolean signalled;
    /** Guarded by {@link #lock}: collect whatever the locations say (a server class loaded, the queue overflowed). */
    private boolean recheck;
    /** The tracker thread's. */
    private long version;

    /**
     * @param file           where each new inventory is written ({@code <data>/inventory.json}); its version is continued
     * @param debounceMillis quiet time after class loading from a new place before collecting
     */
    public InventoryTracker(Collector collector, File file, AgentLog log, long debounceMillis) {
        this.collector = collector;
        this.file = file;
        this.log = log;
        this.debounceMillis = Math.max(1, debounceMillis);
    }

    public void listener(Listener l) {
        this.listener = l;
    }

    /** The latest inventory, or null before the first collection. */
    public Inventory current() {
        return current;
    }

    /** Collections run so far, changed or not. */
    public long collections() {
        return collections;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                loop();
            }
        }, "secplane-inventory");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    public synchronized void stop() {
        running = false;
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (seen) {
            seen.clear();
        }
        fresh.clear();
        queued.set(0);
    }

    /**
     * Called for every class the JVM defines (not for the bootstrap loader's): cheap, never blocks
     * for long, never loads a class of its own, never throws.
     *
     * @param internalName {@code org/apache/catalina/util/ServerInfo}
     */
    public void loaded(String internalName, ProtectionDomain pd) {
        if (!running) {
            return;
        }
        if (internalName != null && AppServers.INTERNAL_NAMES.contains(internalName)) {
            signal(true);
        }
        if (pd == null || last.get() == pd) {
            return;
        }
        synchronized (seen) {
            if (seen.put(pd, Boolean.TRUE) != null) {
                return;
            }
        }
        last = new WeakReference<>(pd);
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            signal(true);
            return;
        }
        fresh.add(new WeakReference<>(pd));
        signal(false);
    }

    private void signal(boolean collectAnyway) {
        synchronized (lock) {
            signalled = true;
            recheck |= collectAnyway;
            lock.notifyAll();
        }
    }

    private void loop() {
        try {
            version = storedVersion();
            long pendingSince = System.currentTimeMillis();
            // the first collection waits for the first burst of start-up class loading to settle
            long due = pendingSince + debounceMillis;
            while (running) {
                boolean woken;
                boolean anyway;
                synchronized (lock) {
                    long now = System.currentTimeMillis();
                    while (running && !signalled && (due == 0 || now < due)) {
                        lock.wait(due == 0 ? 0 : due - now);
                        now = System.currentTimeMillis();
                    }
                    woken = signalled;
                    anyway = recheck;
                    signalled = false;
                    recheck = false;
                }
                if (!running) {
                    return;
                }
                if (woken) {
                    if (newPlaces() || anyway) {
                        long now = System.currentTimeMillis();
                        if (due == 0) {
                            pendingSince = now;
                        }
                        long want = Math.min(now + debounceMillis, pendingSince + MAX_DEFERRALS * debounceMillis);
                        due = Math.max(due, want);
                    }
                    continue;
                }
                due = 0;
                collectAndPublish();
            }
        } catch (InterruptedException e) {
            // stopping
        }
    }

    /** @return true if a queued protection domain's code source is somewhere the last collection did not cover */
    private boolean newPlaces() {
        boolean any = false;
        WeakReference<ProtectionDomain> r;
        while ((r = fresh.poll()) != null) {
            queued.decrementAndGet();
            ProtectionDomain pd = r.get();
            if (pd == null || any) {
                continue;
            }
            try {
                any = collector.isNew(Collector.location(pd));
            } catch (RuntimeException e) {
                any = true;
            }
        }
        return any;
    }

    /** Collects now, on the caller's thread; for the tracker thread and for tests that do not start it. */
    void collectAndPublish() {
        long t0 = System.nanoTime();
        Inventory next;
        try {
            next = collector.collect();
        } catch (Throwable e) {
            log.error("inventory collection failed; " + (current == null ? "no inventory yet" : "keeping inventory v" + current.version), e);
            return;
        } finally {
            collections++;
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        if (next.sameContent(current)) {
            log.debug("inventory unchanged (" + next.jars.size() + " entries, " + millis + " ms)");
            return;
        }
        version++;
        Inventory inv = next.withVersion(version, Iso.now());
        current = inv;
        int errors = 0;
        for (Jar j : inv.jars) {
            errors += j.error == null ? 0 : 1;
        }
        log.info("inventory v" + version + ": " + inv.jars.size() + " jars and class directories" + (errors == 0 ? "" : ", " + errors
                + " unreadable") + ", collected in " + millis + " ms; written to " + file);
        try {
            Files2.replace(file, Json.write(inv.toMap()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.warn("writing " + file + " failed: " + e);
        }
        Listener l = listener;
        if (l != null) {
            try {
                l.changed(inv);
            } catch (RuntimeException e) {
                log.error("inventory listener failed", e);
            }
        }
    }

    /** The version in an earlier run's inventory.json with the same data directory, so that versions keep growing. */
    private long storedVersion() {
        if (file == null || !file.isFile()) {
            return 0;
        }
        try {
            Object doc = Json.parse(new String(Files2.readAll(file), StandardCharsets.UTF_8));
            Object v = doc instanceof Map ? ((Map<?, ?>) doc).get("inventoryVersion") : null;
            return v instanceof Long && (Long) v > 0 ? (Long) v : 0;
        } catch (IOException | RuntimeException e) {
            log.debug("ignoring " + file + ": " + e);
            return 0;
        }
    }
}
