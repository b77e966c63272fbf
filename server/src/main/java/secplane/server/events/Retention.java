package secplane.server.events;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import secplane.server.store.Sql;
import secplane.server.store.Store;

/** Deletes events older than the retention period, at start and then every hour. */
public final class Retention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private final ScheduledExecutorService timer;

    public Retention(Store store, int days) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "secplane-retention");
            t.setDaemon(true);
            return t;
        });
        if (days > 0) {
            purge(store, days);
            timer.scheduleWithFixedDelay(() -> purge(store, days), 1, 1, TimeUnit.HOURS);
        }
    }

    static void purge(Store store, int days) {
        try {
            long cutoff = System.currentTimeMillis() - days * 86_400_000L;
            int[] deleted = store.transaction(c -> new int[] {
                Sql.update(c, "DELETE FROM events WHERE at < ?", cutoff),
                // Batch ids are remembered as long as events are: a batch retried later than that is long gone from the agent.
                Sql.update(c, "DELETE FROM event_batches WHERE received_at < ?", cutoff),
                EventCounts.purge(c, cutoff)});
            if (deleted[0] > 0) {
                LOG.atInfo().addKeyValue("events", deleted[0]).addKeyValue("days", days).log("expired events deleted");
            }
        } catch (RuntimeException e) {
            LOG.warn("deleting expired events failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
