package secplane.consortium.node;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import secplane.consortium.ledger.CaseLedger;
import secplane.consortium.net.ChannelService;
import secplane.consortium.net.Frames;
import secplane.consortium.store.NodeStore;
import secplane.consortium.trace.TraceCase;
import secplane.consortium.trace.TraceReport;
import secplane.consortium.trace.TraceResult;
import secplane.consortium.trace.Tracer;
import secplane.privacy.transport.FramedChannel;
import secplane.privacy.transport.PeerException;

/**
 * {@code case.file}: the member's own operator files a case with its own node (the CLI authenticates with the
 * member's own certificate; no other member may file here). The node records the case in its store, traces it, sends
 * the freeze requests, records every case event on the ledger and answers the report: the trace graph, the freeze
 * outcomes and the ledger indexes. Tracing runs in the node, which holds the member's data, its OPRF key and its
 * cached lookup sets; the CLI needs none of them.
 */
public final class CaseService implements ChannelService {
    public static final String KIND = "case.file";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String self;
    private final Tracer tracer;
    private final NodeStore store;
    private final CaseLedger ledger;
    private final Function<TraceCaseEvents, List<LedgerEvent>> events;

    /** A case event to put on the ledger: its kind (e.g. {@code report}) and its bytes. */
    public record LedgerEvent(String kind, byte[] entry) {
    }

    /** What the ledger-event encoder is given: the case and, after the trace, its result. */
    public record TraceCaseEvents(TraceCase traceCase, Optional<TraceResult> result) {
    }

    public CaseService(String self, Tracer tracer, NodeStore store, CaseLedger ledger, Function<TraceCaseEvents, List<LedgerEvent>> events) {
        this.self = self;
        this.tracer = tracer;
        this.store = store;
        this.ledger = ledger;
        this.events = events;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The request: {@code account}, {@code amount} (minor units), {@code from}, {@code to} (ISO-8601), optional {@code member}, {@code hops}. */
    public static byte[] request(String account, String member, long amount, Instant from, Instant to, int hops) {
        StringBuilder b = new StringBuilder();
        b.append("account=").append(account).append('\n');
        if (member != null) {
            b.append("member=").append(member).append('\n');
        }
        b.append("amount=").append(amount).append('\n');
        b.append("from=").append(from).append('\n');
        b.append("to=").append(to).append('\n');
        b.append("hops=").append(hops).append('\n');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void serve(FramedChannel channel, String peer) {
        if (!peer.equals(self)) {
            throw new PeerException("cases are filed by this member's own operator, not by " + peer);
        }
        Map<String, String> req = new LinkedHashMap<>();
        for (String line : new String(channel.expect(Frames.CASE_FILE, "a case").payload(), StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                req.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        String caseId = "case-" + self + "-" + Instant.now().getEpochSecond() + "-" + HexFormat.of().formatHex(randomBytes());
        TraceCase tc;
        try {
            tc = new TraceCase(caseId, required(req, "account"), req.getOrDefault("member", self), Long.parseLong(required(req, "amount")),
                    Instant.parse(required(req, "from")), Instant.parse(required(req, "to")), Integer.parseInt(req.getOrDefault("hops", "5")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad case: " + e.getMessage());
        }
        store.saveCase(new NodeStore.CaseRecord(caseId, Instant.now(), new String(request(tc.victimAccount(), tc.victimMember(), tc.amount(),
                tc.from(), tc.to(), tc.maxHops()), StandardCharsets.UTF_8), "filed"));
        List<String> ledgerLines = new ArrayList<>();
        channel.sendText(Frames.CASE_PROGRESS, "case " + caseId + " filed; recording the report on the ledger");
        record(caseId, events.apply(new TraceCaseEvents(tc, Optional.empty())), ledgerLines);
        channel.sendText(Frames.CASE_PROGRESS, "tracing up to " + tc.maxHops() + " hops");
        TraceResult result = tracer.trace(tc);
        store.saveTraceResult(caseId, TraceReport.json(result));
        for (TraceResult.Freeze f : result.freezes()) {
            store.saveFreeze(new NodeStore.FreezeRecord(caseId, f.account(), f.member(), NodeStore.Direction.SENT, Instant.now(),
                    Optional.of(!f.answered() ? "not answered: " + f.reason() : (f.accepted() ? "accepted" : "rejected") + ": " + f.reason())));
        }
        channel.sendText(Frames.CASE_PROGRESS, "traced: " + result.nodes().size() + " accounts, " + result.edges().size() + " transfers, "
                + result.freezes().size() + " freeze requests; recording on the ledger");
        record(caseId, events.apply(new TraceCaseEvents(tc, Optional.of(result))), ledgerLines);
        store.setStatus(caseId, result.gaps().isEmpty() ? "traced" : "traced with gaps");
        StringBuilder report = new StringBuilder();
        report.append(TraceReport.table(result));
        report.append("\nledger entries\n");
        compact(ledgerLines).forEach(l -> report.append("  ").append(l).append('\n'));
        channel.sendText(Frames.CASE_REPORT, report.toString());
        channel.sendText(Frames.CASE_JSON, TraceReport.json(result));
    }

    /** Submits the events in one request (one connection, one fsync at the operator) and records their indexes. */
    private void record(String caseId, List<LedgerEvent> list, List<String> lines) {
        if (list.isEmpty()) {
            return;
        }
        try {
            List<Long> indexes = ledger.appendAll(list.stream().map(LedgerEvent::entry).toList());
            for (int i = 0; i < list.size(); i++) {
                store.saveLedgerEntry(new NodeStore.LedgerRecord(caseId, list.get(i).kind(), indexes.get(i)));
                lines.add(list.get(i).kind() + " #" + indexes.get(i));
            }
        } catch (RuntimeException ex) {
            for (LedgerEvent e : list) {
                lines.add(e.kind() + " NOT RECORDED: " + ex.getMessage());
            }
        }
    }

    /**
     * One line per event kind: "trace-step x11: #1-#11" (first and last index); failures are kept as they are. Each
     * member's store keeps every index.
     */
    static List<String> compact(List<String> lines) {
        Map<String, List<Long>> byKind = new LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String[] p = l.split(" #", 2);
            if (p.length == 2 && p[1].matches("\\d+")) {
                byKind.computeIfAbsent(p[0], k -> new ArrayList<>()).add(Long.parseLong(p[1]));
            } else {
                out.add(l);
            }
        }
        List<String> grouped = new ArrayList<>();
        byKind.forEach((kind, idx) -> grouped.add(idx.size() == 1 ? kind + " #" + idx.get(0)
                : kind + " x" + idx.size() + ": #" + idx.get(0) + "-#" + idx.get(idx.size() - 1)));
        grouped.addAll(out);
        return grouped;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String required(Map<String, String> req, String key) {
        String v = req.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing " + key);
        }
        return v;
    }
}
