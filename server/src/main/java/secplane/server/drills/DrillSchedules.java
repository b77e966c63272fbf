package secplane.server.drills;

import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import secplane.drill.corpus.Benign;
import secplane.drill.corpus.Corpus;
import secplane.drill.corpus.CorpusLoader;
import secplane.drill.discovery.Endpoint;
import secplane.drill.discovery.EndpointList;
import secplane.drill.run.Attempt;
import secplane.drill.run.DrillRunner;
import secplane.drill.run.Marker;
import secplane.drill.run.Planner;
import secplane.drill.run.RateLimiter;
import secplane.drill.score.Correlator;
import secplane.drill.score.Settle;
import secplane.protocol.json.Json;
import secplane.server.store.Sql;
import secplane.server.store.Store;
import secplane.server.tokens.Tokens;

/**
 * Runs scheduled drills on this replica with the runner of {@code secplane drill}: a daemon thread looks
 * for due schedules, claims one by moving its {@code next_run_at} forward (compare-and-set, so replicas
 * over one database run it once), creates a drill run with a fresh marker, sends the corpus to the
 * schedule's endpoints, reads the run's events from the store and stores the result like
 * {@code PUT /v1/drills/runs/{id}/result} would. One drill at a time per replica.
 */
public final class DrillSchedules implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DrillSchedules.class);
    private final Store store;
    private final ScheduledExecutorService timer;
    private final Duration settle;

    private record Due(String id, String target, List<String> suite, String endpoints, int everyMinutes, int rate, boolean benign,
                       long nextRunAt) {
    }

    public DrillSchedules(Store store, Duration tick, Duration settle) {
        this.store = store;
        this.settle = settle;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "secplane-drills");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    void tick() {
        try {
            long now = System.currentTimeMillis();
            List<Due> due = store.transaction(c -> Sql.query(c,
                    "SELECT id, target, suite, endpoints, every_minutes, rate, benign, next_run_at FROM drill_schedules WHERE next_run_at <= ? ORDER BY next_run_at",
                    rs -> new Due(rs.getString(1), rs.getString(2), List.of(rs.getString(3).split(",")), rs.getString(4), rs.getInt(5), rs.getInt(6),
                            rs.getBoolean(7), rs.getLong(8)), now));
            for (Due d : due) {
                int claimed = store.transaction(c -> Sql.update(c, "UPDATE drill_schedules SET next_run_at = ? WHERE id = ? AND next_run_at = ?",
                        now + d.everyMinutes() * 60_000L, d.id(), d.nextRunAt()));
                if (claimed == 1) {
                    run(d);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("scheduled drills failed: {}", e.toString());
        }
    }

    private void run(Due d) {
        String runId = null;
        try {
            String service = store.transaction(c -> Sql.one(c, "SELECT service FROM drill_targets WHERE url = ?", rs -> rs.getString(1), d.target()))
                    .orElseThrow(() -> new IllegalStateException("the target " + d.target() + " is no longer registered"));
            String id = Tokens.randomId("dr-", 4);
            String secret = Tokens.randomId("", 16);
            runId = id;
            long created = System.currentTimeMillis();
            store.transaction(c -> Sql.update(c, "INSERT INTO drill_runs (id, target, service, suite, secret_hash, created_at, created_by, finished_at) "
                    + "VALUES (?,?,?,?,?,?,?,0)", id, d.target(), service, String.join(",", d.suite()), Tokens.hash(secret), created, "schedule/" + d.id()));
            Marker marker = new Marker(id, secret);
            Corpus corpus = CorpusLoader.builtIn().suite(d.suite());
            List<Endpoint> endpoints = EndpointList.parse(d.endpoints(), "schedule " + d.id());
            Planner planner = new Planner(id, 9, Benign.builtIn());
            DrillRunner runner = new DrillRunner(URI.create(d.target()), marker, new RateLimiter(d.rate(), RateLimiter.Clock.SYSTEM),
                    Duration.ofSeconds(30));
            Instant started = Instant.now();
            List<DrillRunner.Sent> attacks = runner.run(planner.attacks(corpus, endpoints), null);
            List<Attempt> benignAttempts = d.benign() ? planner.benign(endpoints) : List.of();
            List<DrillRunner.Sent> benign = runner.run(benignAttempts, null);
            Instant finished = Instant.now();
            Set<String> expected = new HashSet<>();
            attacks.forEach(s -> {
                if (s.blockEventId() != null) {
                    expected.add(s.blockEventId());
                }
            });
            List<Map<String, Object>> events = Settle.until(settle, () -> events(id), expected);
            Map<String, Object> result = Correlator.result(new Correlator.Run(marker, d.target(), service, new ArrayList<>(corpus.byCategory().keySet()),
                    d.benign(), started, finished, d.rate()), corpus, attacks, benign, events, "control plane (scheduled drill " + d.id() + ")");
            store.transaction(c -> {
                Sql.update(c, "UPDATE drill_runs SET finished_at = ?, result = ? WHERE id = ?", System.currentTimeMillis(), Json.write(result), id);
                return Sql.update(c, "UPDATE drill_schedules SET last_run = ?, last_error = NULL WHERE id = ?", id, d.id());
            });
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String run = runId;
            String error = e.toString().length() > 1000 ? e.toString().substring(0, 1000) : e.toString();
            LOG.atWarn().addKeyValue("schedule", d.id()).addKeyValue("error", error).log("scheduled drill failed");
            try {
                store.transaction(c -> Sql.update(c, "UPDATE drill_schedules SET last_run = ?, last_error = ? WHERE id = ?", run, error, d.id()));
            } catch (RuntimeException ignored) {
                // the store is down too: the log line above is all there is
            }
        }
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> events(String runId) throws SQLException {
        return store.transaction(c -> Sql.query(c, "SELECT body FROM events WHERE drill = ?",
                rs -> (Map<String, Object>) Json.parse(rs.getString(1)), runId));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
