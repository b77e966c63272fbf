package secplane.server.agents;

import io.javalin.http.Context;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import secplane.server.http.ApiError;
import secplane.server.policies.Snapshots;
import secplane.server.store.Store;
import secplane.server.tokens.Principal;
import secplane.server.tokens.Tokens;

/**
 * What a replica remembers of the agents calling it, so that the calls a fleet makes all the time
 * (long-polls, ACKs, heartbeats, event uploads) cost no database round trip to authenticate:
 *
 * <ul>
 *   <li>An agent token, once found valid in the database, is trusted from memory for
 *       {@link #TRUST_MILLIS} with the agent it belongs to (service, instance, labels: these change
 *       only at enrolment, which issues a new token). A revocation or re-enrolment through this
 *       replica forgets it at once; one through another replica takes effect here within
 *       {@link #TRUST_MILLIS} (docs/threat-model.md). Expiry is checked on every call.</li>
 *   <li>Agents' last contact is written once per {@link #FLUSH_MILLIS} for all the agents heard
 *       from, in one batch, instead of one UPDATE per call; "stale" is three heartbeats, far
 *       longer.</li>
 * </ul>
 */
public final class AgentSessions implements AutoCloseable {
    public static final long TRUST_MILLIS = 5_000;
    public static final long FLUSH_MILLIS = 1_000;
    private static final int MAX_REMEMBERED = 200_000;
    private static final Logger LOG = LoggerFactory.getLogger(AgentSessions.class);

    /** An authenticated agent: its token's principal and the targeting view of the agent. */
    public record Session(Principal principal, Snapshots.AgentView agent, Long expiresAt, long checkedAt) {
    }

    private final Store store;
    private final Map<String, Session> byTokenHash = new ConcurrentHashMap<>();
    private final Map<String, Long> contacts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;

    public AgentSessions(Store store) {
        this.store = store;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "secplane-agent-contacts");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * The session of the request's agent token, which must be the token of exactly {@code agentId}
     * (agents act only as themselves); 401/403/404 as {@link Tokens#agent} says.
     */
    public Session authenticate(Context ctx, String agentId) {
        String hash = Tokens.hash(Tokens.bearer(ctx));
        long now = System.currentTimeMillis();
        Session s = byTokenHash.get(hash);
        if (s == null || now - s.checkedAt() > TRUST_MILLIS) {
            s = store.transaction(c -> {
                Principal p = Tokens.agent(c, ctx, agentId);
                Long expires = Tokens.expiresAt(c, p.tokenId());
                return new Session(p, AgentRoutes.view(c, p.agentId()), expires, System.currentTimeMillis());
            });
            if (byTokenHash.size() >= MAX_REMEMBERED) {
                byTokenHash.clear();
            }
            byTokenHash.put(hash, s);
        }
        if (s.expiresAt() != null && s.expiresAt() <= now) {
            byTokenHash.remove(hash);
            throw ApiError.unauthorized("token " + s.principal().tokenId() + " has expired; ask an admin for a new one");
        }
        if (!s.principal().agentId().equals(agentId)) {
            throw ApiError.forbidden("the token belongs to agent " + s.principal().agentId() + " and may act only as that agent, not as " + agentId);
        }
        touch(agentId);
        return s;
    }

    /** Forgets the tokens of an agent that enrolled again (its old tokens are revoked). */
    public void forgetAgent(String agentId) {
        byTokenHash.values().removeIf(s -> s.principal().agentId().equals(agentId));
    }

    /** Forgets a revoked token. */
    public void forgetToken(String tokenId) {
        byTokenHash.values().removeIf(s -> s.principal().tokenId().equals(tokenId));
    }

    /** Notes that the agent was heard from now; written with the next flush. */
    public void touch(String agentId) {
        contacts.put(agentId, System.currentTimeMillis());
    }

    /** Writes the contacts noted since the last flush, in one batch. */
    public void flush() {
        if (contacts.isEmpty()) {
            return;
        }
        List<Map.Entry<String, Long>> batch = new ArrayList<>();
        for (String id : new ArrayList<>(contacts.keySet())) {
            Long at = contacts.remove(id);
            if (at != null) {
                batch.add(Map.entry(id, at));
            }
        }
        try {
            store.transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE agents SET last_contact = ? WHERE id = ? AND last_contact < ?")) {
                    for (Map.Entry<String, Long> e : batch) {
                        ps.setLong(1, e.getValue());
                        ps.setString(2, e.getKey());
                        ps.setLong(3, e.getValue());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        } catch (RuntimeException e) {
            // Not lost: noted again for the next flush unless a newer contact came in meanwhile.
            for (Map.Entry<String, Long> en : batch) {
                contacts.merge(en.getKey(), en.getValue(), Math::max);
            }
            LOG.warn("writing the last contact of {} agents failed: {}", batch.size(), e.toString());
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
        flush();
    }
}
