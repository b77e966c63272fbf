package secplane.privacy.psi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Index ranges of a batch spread over the curve-arithmetic workers. */
public final class Ranges {
    private Ranges() {
    }

    /** Work on the items {@code [from, to)} of a batch. */
    public interface Range {
        void run(int from, int to);
    }

    /**
     * Splits {@code [0, m)} into at most {@code workers} parts of at least 64 items (smaller parts cost
     * more in hand-over than they save), runs them on {@code pool} and waits; a part's failure is
     * rethrown as an {@link IllegalStateException} carrying its cause.
     */
    public static void parallel(ExecutorService pool, int workers, int m, Range r) {
        int parts = Math.max(1, Math.min(workers, m / 64));
        List<Future<?>> fs = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int from = (int) ((long) m * p / parts);
            int to = (int) ((long) m * (p + 1) / parts);
            fs.add(pool.submit(() -> r.run(from, to)));
        }
        try {
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
