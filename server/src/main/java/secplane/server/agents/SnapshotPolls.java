package secplane.server.agents;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import secplane.server.policies.Snapshots;
import secplane.server.store.Sql;
import secplane.server.store.Store;

/**
 * The snapshot long-polls waiting on this replica (docs/protocol.md "Snapshot long-poll"), one per
 * agent: a new poll answers the previous one with 204. A push through this replica wakes the
 * service's polls at once; a push through another replica is seen by a look at the newest version
 * of each service every {@code recheckMillis} while any poll waits.
 */
public final class SnapshotPolls implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPolls.class);

    private final class Waiter {
        final Snapshots.AgentView agent;
        final long applied;
        final CompletableFuture<Optional<String>> result = new CompletableFuture<>();
        volatile ScheduledFuture<?> timeout;

        Waiter(Snapshots.AgentView agent, long applied) {
            this.agent = agent;
            this.applied = applied;
        }

        void finish(Optional<String> value) {
            if (result.complete(value)) {
                waiting.remove(agent.agentId(), this);
                ScheduledFuture<?> t = timeout;
                if (t != null) {
                    t.cancel(false);
                }
            }
        }
    }

    private final Store store;
    private final Map<String, Waiter> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final ExecutorService checks;
    private final Map<String, String> newestSeen = new HashMap<>();
    /** Each service's plan as last loaded; dropped by {@link #wake}. */
    private final Map<String, Snapshots.Plan> plans = new ConcurrentHashMap<>();
    /** Bumped by every drop, so that a plan loaded before a drop is not kept after it. */
    private final AtomicLong planGeneration = new AtomicLong();
    /** Signed snapshots by "service/version": a version's signed text never changes once issued. */
    private final Map<String, String> signed = new ConcurrentHashMap<>();

    public SnapshotPolls(Store store, long recheckMillis) {
        this.store = store;
        java.util.concurrent.ScheduledThreadPoolExecutor t = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> daemon(r, "secplane-poll-timer"));
        // an answered poll's timeout is cancelled; drop it at once instead of keeping the poll reachable until it would have fired
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
        this.checks = Executors.newFixedThreadPool(2, r -> daemon(r, "secplane-poll-check"));
        timer.scheduleWithFixedDelay(this::lookForOtherReplicasPushes, recheckMillis, recheckMillis, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Waits up to {@code waitMillis} for a snapshot newer than {@code applied} for this agent.
     * Completes with the signed snapshot, or empty on timeout or when a newer poll of the same
     * agent replaces this one.
     */
    public CompletableFuture<Optional<String>> await(Snapshots.AgentView agent, long applied, long waitMillis) {
        Waiter w = new Waiter(agent, applied);
        Waiter previous = waiting.put(agent.agentId(), w);
        if (previous != null) {
            previous.finish(Optional.empty());
        }
        w.timeout = timer.schedule(() -> w.finish(Optional.empty()), waitMillis, TimeUnit.MILLISECONDS);
        // Registered before this look, so a push that commits in between still wakes this poll.
        checks.execute(() -> check(w));
        return w.result;
    }

    /**
     * Called after a push, rollback or rollout change of {@code service} has committed (through
     * this replica, or seen from another): drops the service's plan and answers its waiting polls
     * that now have something to apply, with one look at the database for all of them.
     */
    public void wake(String service) {
        plans.remove(service);
        planGeneration.incrementAndGet();
        checks.execute(() -> checkService(service));
    }

    public int waitingCount() {
        return waiting.size();
    }

    /** The service's plan: from memory, or loaded (one query) when a change dropped it. */
    public Snapshots.Plan plan(String service) {
        Snapshots.Plan p = plans.get(service);
        if (p != null) {
            return p;
        }
        long generation = planGeneration.get();
        Snapshots.Plan loaded = store.transaction(c -> Snapshots.plan(c, service));
        if (planGeneration.get() == generation) {
            plans.put(service, loaded);
        }
        return loaded;
    }

    /** What a poll of {@code agent} that has applied {@code applied} is answered with now. */
    public Optional<String> toSend(Snapshots.AgentView agent, long applied) {
        long desired = plan(agent.service()).desired(agent);
        if (desired <= applied || store.transaction(c -> Snapshots.nacked(c, agent.agentId(), desired))) {
            return Optional.empty();
        }
        return signed(agent.service(), desired);
    }

    private Optional<String> signed(String service, long version) {
        String key = service + "/" + version;
        String s = signed.get(key);
        if (s == null) {
            Optional<String> loaded = store.transaction(c -> Snapshots.signed(c, service, version));
            if (loaded.isEmpty()) {
                return loaded;
            }
            if (signed.size() > 256) {
                signed.clear();
            }
            s = loaded.get();
            signed.put(key, s);
        }
        return Optional.of(s);
    }

    private void check(Waiter w) {
        if (w.result.isDone()) {
            return;
        }
        try {
            Optional<String> s = toSend(w.agent, w.applied);
            if (s.isPresent()) {
                w.finish(s);
            }
        } catch (RuntimeException e) {
            LOG.warn("snapshot check failed for agent {}: {}", w.agent.agentId(), e.toString());
        }
    }

    private void checkService(String service) {
        try {
            Snapshots.Plan plan = null;
            Map<Waiter, Long> due = new HashMap<>();
            long lowest = Long.MAX_VALUE;
            for (Waiter w : waiting.values()) {
                if (!w.agent.service().equals(service) || w.result.isDone()) {
                    continue;
                }
                if (plan == null) {
                    plan = plan(service);
                }
                long desired = plan.desired(w.agent);
                if (desired > w.applied) {
                    due.put(w, desired);
                    lowest = Math.min(lowest, desired);
                }
            }
            if (due.isEmpty()) {
                return;
            }
            long from = lowest;
            Set<String> nacks = store.transaction(c -> Snapshots.nacks(c, service, from));
            for (Map.Entry<Waiter, Long> e : due.entrySet()) {
                Waiter w = e.getKey();
                if (!nacks.contains(w.agent.agentId() + "/" + e.getValue())) {
                    signed(service, e.getValue()).ifPresent(s -> w.finish(Optional.of(s)));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("snapshot check failed for service {}: {}", service, e.toString());
        }
    }

    private void lookForOtherReplicasPushes() {
        if (waiting.isEmpty() && plans.isEmpty()) {
            return;
        }
        try {
            // A new version, or a rollout that moved (stage, pause, abort), changes a service's mark.
            Map<String, String> newest = new HashMap<>();
            store.transaction(c -> {
                Sql.query(c, "SELECT service, MAX(version) FROM snapshots GROUP BY service", rs -> newest.put(rs.getString(1), "v" + rs.getLong(2)));
                return Sql.query(c, "SELECT service, MAX(updated_at) FROM rollouts GROUP BY service",
                        rs -> newest.merge(rs.getString(1), "r" + rs.getLong(2), String::concat));
            });
            for (Map.Entry<String, String> e : newest.entrySet()) {
                String before = newestSeen.put(e.getKey(), e.getValue());
                if (!e.getValue().equals(before)) {
                    wake(e.getKey());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("looking for new snapshots failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        checks.shutdownNow();
        for (Waiter w : waiting.values()) {
            w.result.complete(Optional.empty());
        }
    }
}
