package secplane.consortium.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import secplane.consortium.data.Transfer;
import secplane.consortium.net.MemberChannels;
import secplane.consortium.net.MemberUnreachableException;
import secplane.privacy.psi.ProgressListener;
import secplane.privacy.transport.FramedChannel;
import secplane.privacy.transport.PeerException;
import secplane.privacy.unbalanced.UnbalancedPsi;

/**
 * Traces a case breadth-first from the victim's account, hop by hop:
 * <ol>
 *   <li>accounts whose holding member is unknown (the victim's account reported without its institution, a transfer
 *       record without the receiving member) are located by an OPRF lookup against every member
 *       ({@code trace.locate}); members that do not hold them learn only how many accounts were looked up;</li>
 *   <li>the holding member alone is asked for the transfers out of the account inside the window
 *       ({@code trace.onward}); the window of each account starts when the traced money arrived, so a transfer out
 *       counts only after the money came in;</li>
 *   <li>every account reached after the victim's gets a freeze request to its holding member ({@code trace.freeze}).</li>
 * </ol>
 * A member that cannot be reached, or answers malformed data, is recorded as a gap and the trace goes on with the
 * other branches. This member's own accounts are answered from its own data, without the network.
 */
public final class Tracer {
    /** Requests in flight at once within a hop: TLS handshakes overlap with the members' answers. */
    static final int PARALLEL_REQUESTS = 4;
    private final MemberChannels channels;
    private final TraceServices local;
    private final ExecutorService pool;
    private final int workers;
    private final Path lookupCache;
    private final Map<String, Object> cacheLocks = new ConcurrentHashMap<>();
    private final int perAccountLimit;

    /**
     * @param local this member's own services (its data answers for its own accounts)
     * @param lookupCache directory where the other members' prepared lookup sets are kept between traces
     * @param perAccountLimit most transfers asked per account
     */
    public Tracer(MemberChannels channels, TraceServices local, ExecutorService pool, int workers, Path lookupCache, int perAccountLimit) {
        this.channels = channels;
        this.local = local;
        this.pool = pool;
        this.workers = workers;
        this.lookupCache = lookupCache;
        this.perAccountLimit = perAccountLimit;
        try {
            Files.createDirectories(lookupCache);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the lookup cache " + lookupCache, e);
        }
    }

    private record Pending(String account, String member, int depth, Instant arrived, long amountIn) {
    }

    public TraceResult trace(TraceCase c) {
        List<TraceResult.Node> nodes = new ArrayList<>();
        List<TraceResult.Edge> edges = new ArrayList<>();
        List<TraceResult.Gap> gaps = new ArrayList<>();
        List<TraceResult.Freeze> freezes = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<Pending> level = List.of(new Pending(c.victimAccount(), c.victimMember(), 0, c.from(), c.amount()));
        seen.add(c.victimAccount());
        ExecutorService requests = Executors.newFixedThreadPool(PARALLEL_REQUESTS, r -> {
            Thread t = new Thread(r, "trace-request");
            t.setDaemon(true);
            return t;
        });
        try {
            while (!level.isEmpty()) {
                Map<String, String> located = locate(level, gaps, requests);
                // the accounts of one hop are asked in parallel (each request is its own TLS connection); results are
                // merged in the hop's order, so the result does not depend on which answer came first
                List<Future<Step>> steps = new ArrayList<>();
                for (Pending p : level) {
                    String member = p.member() != null ? p.member() : located.get(p.account());
                    steps.add(requests.submit(() -> step(c, p, member)));
                }
                // accounts first reached on this hop, by account: reached twice, the money counts from its earliest arrival
                Map<String, Pending> next = new LinkedHashMap<>();
                for (Future<Step> f : steps) {
                    Step st = result(f);
                    Pending p = st.pending();
                    nodes.add(new TraceResult.Node(p.account(), st.member(), p.depth(), p.arrived(), p.amountIn()));
                    if (st.freeze() != null) {
                        freezes.add(st.freeze());
                    }
                    gaps.addAll(st.gaps());
                    for (Transfer t : st.out()) {
                        edges.add(new TraceResult.Edge(t.id(), t.fromAccount(), st.member(), t.toAccount(), t.toMember(), t.amount(), t.time(),
                                p.depth() + 1));
                        if (seen.add(t.toAccount())) {
                            next.put(t.toAccount(), new Pending(t.toAccount(), t.toMember(), p.depth() + 1, t.time(), t.amount()));
                        } else if (next.containsKey(t.toAccount())) {
                            Pending q = next.get(t.toAccount());
                            next.put(t.toAccount(), new Pending(q.account(), q.member() != null ? q.member() : t.toMember(), q.depth(),
                                    t.time().isBefore(q.arrived()) ? t.time() : q.arrived(), q.amountIn() + t.amount()));
                        }
                    }
                }
                level = new ArrayList<>(next.values());
            }
        } finally {
            requests.shutdownNow();
        }
        // edges whose receiving member was found by lookup: fill it in from the node
        Map<String, String> holders = new HashMap<>();
        for (TraceResult.Node n : nodes) {
            if (n.member() != null) {
                holders.put(n.account(), n.member());
            }
        }
        List<TraceResult.Edge> filled = new ArrayList<>();
        for (TraceResult.Edge e : edges) {
            filled.add(e.toMember() != null ? e : new TraceResult.Edge(e.transferId(), e.fromAccount(), e.fromMember(), e.toAccount(),
                    holders.get(e.toAccount()), e.amount(), e.time(), e.depth()));
        }
        return new TraceResult(c, List.copyOf(nodes), List.copyOf(filled), List.copyOf(gaps), List.copyOf(freezes));
    }

    /** What was done for one account of a hop: its freeze (null for the victim's), the transfers out, the gaps. */
    private record Step(Pending pending, String member, TraceResult.Freeze freeze, List<Transfer> out, List<TraceResult.Gap> gaps) {
    }

    private Step step(TraceCase c, Pending p, String member) {
        if (member == null) {
            return new Step(p, null, null, List.of(), List.of());
        }
        List<TraceResult.Gap> gaps = new ArrayList<>();
        TraceResult.Freeze freeze = p.depth() > 0 ? freeze(c, p, member) : null;
        List<Transfer> out = p.depth() < c.maxHops() ? onward(c, p, member, gaps) : List.of();
        return new Step(p, member, freeze, out, gaps);
    }

    private static Step result(Future<Step> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the trace was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("tracing one account failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Finds the holders of this level's accounts that arrived without a member: own data first, then one lookup per other member. */
    private Map<String, String> locate(List<Pending> level, List<TraceResult.Gap> gaps, ExecutorService requests) {
        List<String> unknown = new ArrayList<>();
        Map<String, String> found = new LinkedHashMap<>();
        for (Pending p : level) {
            if (p.member() == null) {
                if (local.data().holds(p.account())) {
                    found.put(p.account(), channels.self());
                } else {
                    unknown.add(p.account());
                }
            }
        }
        if (unknown.isEmpty()) {
            return found;
        }
        // one lookup per member, all members at once; merged in configuration order
        Map<String, Future<List<String>>> lookups = new LinkedHashMap<>();
        for (String member : channels.members()) {
            lookups.put(member, requests.submit(() -> {
                // one lookup per member at a time: the first one downloads the member's prepared set into the cache
                synchronized (cacheLocks.computeIfAbsent(member, k -> new Object())) {
                    try (FramedChannel ch = channels.open(member, TraceFrames.LOCATE)) {
                        return new UnbalancedPsi(pool, workers).query(ch, unknown, lookupCache.resolve(member + ".prepared"),
                                TraceServices.NORMALISATION, 128, ProgressListener.NONE).listed();
                    }
                }
            }));
        }
        List<String> asked = new ArrayList<>();
        for (Map.Entry<String, Future<List<String>>> l : lookups.entrySet()) {
            String member = l.getKey();
            try {
                List<String> listed = l.getValue().get();
                asked.add(member);
                for (String a : listed) {
                    String before = found.putIfAbsent(a, member);
                    if (before != null && !before.equals(member)) {
                        gaps.add(new TraceResult.Gap(member, a, "both " + before + " and " + member + " hold this account id; followed " + before));
                    }
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof MemberUnreachableException || e.getCause() instanceof PeerException)) {
                    throw new IllegalStateException("looking up holders at " + member + " failed: " + e.getCause().getMessage(), e.getCause());
                }
                gaps.add(new TraceResult.Gap(member, null, "could not ask whether it holds " + unknown.size()
                        + " account(s) of this hop: " + e.getCause().getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the trace was interrupted", e);
            }
        }
        for (String a : unknown) {
            if (!found.containsKey(a)) {
                gaps.add(new TraceResult.Gap(null, a, asked.size() == channels.members().size()
                        ? "no member holds this account"
                        : "the holding member was not found among those that answered (" + String.join(", ", asked) + ")"));
            }
        }
        return found;
    }

    private List<Transfer> onward(TraceCase c, Pending p, String member, List<TraceResult.Gap> gaps) {
        TraceWire.OnwardRequest req = new TraceWire.OnwardRequest(c.caseId(), p.account(), p.arrived(), c.to(), perAccountLimit);
        TraceWire.OnwardAnswer answer;
        if (member.equals(channels.self())) {
            answer = local.onward(req);
        } else if (!channels.members().contains(member)) {
            gaps.add(new TraceResult.Gap(member, p.account(), "the transfer record names " + member + ", which is not a consortium member"));
            return List.of();
        } else {
            try (FramedChannel ch = channels.open(member, TraceFrames.ONWARD)) {
                ch.send(TraceFrames.ONWARD_REQUEST, TraceWire.onwardRequest(req));
                answer = TraceWire.onwardAnswer(ch.expect(TraceFrames.ONWARD_ANSWER, "an onward answer").payload());
                check(req, answer);
            } catch (MemberUnreachableException | PeerException e) {
                gaps.add(new TraceResult.Gap(member, p.account(), "onward transfers not obtained: " + e.getMessage()));
                return List.of();
            } catch (MalformedAnswerException e) {
                gaps.add(new TraceResult.Gap(member, p.account(), "malformed onward answer rejected: " + e.getMessage()));
                return List.of();
            }
        }
        if (!answer.held()) {
            gaps.add(new TraceResult.Gap(member, p.account(), "the member says it does not hold this account"));
        }
        return answer.transfers();
    }

    /** An answer must stay inside what was asked: the account, the window, the limit. */
    private static void check(TraceWire.OnwardRequest req, TraceWire.OnwardAnswer a) {
        if (a.transfers().size() > req.limit()) {
            throw new MalformedAnswerException(a.transfers().size() + " transfers where at most " + req.limit() + " were asked");
        }
        if (!a.held() && !a.transfers().isEmpty()) {
            throw new MalformedAnswerException("transfers for an account the member says it does not hold");
        }
        Set<String> ids = new HashSet<>();
        for (Transfer t : a.transfers()) {
            if (!t.fromAccount().equals(req.account())) {
                throw new MalformedAnswerException("transfer " + t.id() + " leaves another account than the one asked");
            }
            if (t.time().isBefore(req.from()) || t.time().isAfter(req.to())) {
                throw new MalformedAnswerException("transfer " + t.id() + " at " + t.time() + " lies outside the window asked");
            }
            if (!ids.add(t.id())) {
                throw new MalformedAnswerException("transfer id " + t.id() + " appears twice");
            }
        }
    }

    private TraceResult.Freeze freeze(TraceCase c, Pending p, String member) {
        FreezeRequest req = new FreezeRequest(c.caseId(), p.account(), p.arrived(), p.amountIn(), c.from(), c.to(), p.depth());
        if (member.equals(channels.self())) {
            FreezeDecision d = local.freeze(req, channels.self());
            return new TraceResult.Freeze(p.account(), member, true, d.accepted(), d.reason());
        }
        if (!channels.members().contains(member)) {
            return new TraceResult.Freeze(p.account(), member, false, false, member + " is not a consortium member");
        }
        try (FramedChannel ch = channels.open(member, TraceFrames.FREEZE)) {
            ch.send(TraceFrames.FREEZE_REQUEST, TraceWire.freezeRequest(req));
            FreezeDecision d = TraceWire.freezeAnswer(ch.expect(TraceFrames.FREEZE_ANSWER, "a freeze answer").payload());
            return new TraceResult.Freeze(p.account(), member, true, d.accepted(), d.reason());
        } catch (MemberUnreachableException | PeerException e) {
            return new TraceResult.Freeze(p.account(), member, false, false, "not asked: " + e.getMessage());
        } catch (MalformedAnswerException e) {
            return new TraceResult.Freeze(p.account(), member, false, false, "malformed freeze answer rejected: " + e.getMessage());
        }
    }
}
