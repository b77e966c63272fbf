package secplane.consortium.cases;

import java.util.ArrayList;
import java.util.List;
import secplane.consortium.ledger.CaseLedger;
import secplane.consortium.trace.TraceResult;

/**
 * Appends everything a trace did to the ledger, in order: the report, one trace step per transfer followed, and per
 * account reached a freeze request and its answer (or why no answer came).
 */
public final class CaseRecorder {
    private final CaseEvents events;
    private final CaseLedger ledger;

    public CaseRecorder(CaseEvents events, CaseLedger ledger) {
        this.events = events;
        this.ledger = ledger;
    }

    /** The entries appended, with their ledger indexes. */
    public record Recorded(String type, long index) {
    }

    public List<Recorded> record(TraceResult r) {
        List<Recorded> out = new ArrayList<>();
        out.add(new Recorded("report", ledger.append(events.report(r.traceCase()))));
        for (TraceResult.Edge e : r.edges()) {
            out.add(new Recorded("trace-step", ledger.append(events.traceStep(r.traceCase(), e))));
        }
        for (TraceResult.Freeze f : r.freezes()) {
            out.add(new Recorded("freeze-request", ledger.append(events.freezeRequest(r.traceCase(), f))));
            out.add(new Recorded("freeze-answer", ledger.append(events.freezeAnswer(r.traceCase(), f))));
        }
        return out;
    }
}
