package secplane.governance.scan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a scan found so far: complete or not, it can always be written (see {@link #aborted()}). */
public final class ScanReport {
    private final String target;
    private final Instant started = Instant.now();
    private final List<Asset> assets = Collections.synchronizedList(new ArrayList<>());
    private final List<Skipped> skipped = Collections.synchronizedList(new ArrayList<>());
    private volatile Instant finished;
    private volatile String aborted;
    private volatile int unitsDone;
    private volatile int unitsTotal;
    private volatile int sample;

    public ScanReport(String target) {
        this.target = target;
    }

    public String target() {
        return target;
    }

    public Instant started() {
        return started;
    }

    public Instant finished() {
        return finished;
    }

    public List<Asset> assets() {
        synchronized (assets) {
            return List.copyOf(assets);
        }
    }

    public List<Skipped> skipped() {
        synchronized (skipped) {
            return List.copyOf(skipped);
        }
    }

    /** Why the scan stopped before the end, or null when it ran to the end. */
    public String aborted() {
        return aborted;
    }

    public int unitsDone() {
        return unitsDone;
    }

    public int unitsTotal() {
        return unitsTotal;
    }

    public int sample() {
        return sample;
    }

    void add(Asset a) {
        assets.add(a);
    }

    void skip(String what, String reason) {
        skipped.add(new Skipped(what, reason));
    }

    void progress(int done, int total) {
        unitsDone = done;
        unitsTotal = total;
    }

    void sample(int n) {
        sample = n;
    }

    void finish(String abortReason) {
        aborted = abortReason;
        finished = Instant.now();
    }
}
