package secplane.drill.score;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import secplane.drill.corpus.AttackCase;
import secplane.drill.corpus.Corpus;
import secplane.drill.run.Attempt;
import secplane.drill.run.DrillRunner.Sent;
import secplane.drill.run.Marker;

/**
 * Matches every request with the plane's events by its marker ({@code request.drill}) and builds the
 * drill result ({@code secplane-drill/1}, docs/drills.md). A request's outcome: {@code blocked} when an
 * event of it has verdict {@code block}, {@code detected} for any other event, {@code missed} for none,
 * {@code error} when it could not be sent. Without events (no control plane, no events file) a 403
 * counts as blocked and nothing else as detected, and the result says so. A case's outcome is its best
 * request's; a benign request with any event or a 403 is a false alarm, counted for every category
 * whose cases were aimed at the same place.
 */
public final class Correlator {
    public static final String FORMAT = "secplane-drill/1";

    /** Identifies the run in the result. */
    public record Run(Marker marker, String target, String service, List<String> suite, boolean benign, Instant startedAt,
                      Instant finishedAt, int ratePerSecond) {
    }

    private Correlator() {
    }

    /** The marker value an event carries, or null. */
    @SuppressWarnings("unchecked")
    static String drillOf(Map<String, Object> event) {
        return event.get("request") instanceof Map<?, ?> r && r.get("drill") instanceof String d ? d : null;
    }

    /**
     * @param events the run's events, or null when there is no event source (status only)
     * @param source how the events were obtained, for the report
     */
    public static Map<String, Object> result(Run run, Corpus suite, List<Sent> attacks, List<Sent> benign,
                                             List<Map<String, Object>> events, String source) {
        Map<Integer, List<Map<String, Object>>> bySeq = new LinkedHashMap<>();
        if (events != null) {
            String prefix = run.marker().runId() + "." + run.marker().secret() + ".";
            for (Map<String, Object> e : events) {
                String d = drillOf(e);
                int colon = d == null ? -1 : d.lastIndexOf(':');
                if (d == null || !d.startsWith(prefix) || colon < 0) {
                    continue;
                }
                try {
                    bySeq.computeIfAbsent(Integer.parseInt(d.substring(colon + 1)), k -> new ArrayList<>()).add(e);
                } catch (NumberFormatException ignored) {
                    // a marker this runner did not write
                }
            }
        }

        // best request per case
        Map<String, Sent> best = new LinkedHashMap<>();
        Map<String, Outcome> bestOutcome = new LinkedHashMap<>();
        Map<String, Integer> requestsPerCase = new LinkedHashMap<>();
        Map<String, Set<String>> placesByCategory = new LinkedHashMap<>();
        for (Sent s : attacks) {
            String id = s.attempt().attack().id();
            Outcome o = outcome(s, bySeq.get(s.attempt().seq()), events != null);
            requestsPerCase.merge(id, 1, Integer::sum);
            if (!bestOutcome.containsKey(id) || o.ordinal() < bestOutcome.get(id).ordinal()) {
                bestOutcome.put(id, o);
                best.put(id, s);
            }
            placesByCategory.computeIfAbsent(s.attempt().attack().category(), k -> new LinkedHashSet<>()).add(place(s.attempt()));
        }

        List<Object> cases = new ArrayList<>();
        List<Object> notApplicable = new ArrayList<>();
        Map<String, EnumMap<Outcome, Integer>> counts = new LinkedHashMap<>();
        for (AttackCase c : suite.all()) {
            counts.computeIfAbsent(c.category(), k -> new EnumMap<>(Outcome.class));
            Sent s = best.get(c.id());
            if (s == null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", c.id());
                m.put("category", c.category());
                m.put("reason", "no discovered endpoint has a place this case goes (" + c.in() + ", kinds " + c.kinds() + ")");
                notApplicable.add(m);
                continue;
            }
            Outcome o = bestOutcome.get(c.id());
            counts.get(c.category()).merge(o, 1, Integer::sum);
            List<Map<String, Object>> evs = bySeq.getOrDefault(s.attempt().seq(), List.of());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("category", c.category());
            m.put("name", c.name());
            m.put("sources", c.sources());
            m.put("request", s.attempt().requestLine());
            m.put("aimedAt", s.attempt().aimedAt());
            m.put("requests", requestsPerCase.get(c.id()));
            m.put("status", s.status());
            m.put("outcome", o.wire());
            m.put("events", ids(evs, s));
            m.put("rules", rules(evs));
            if (s.error() != null) {
                m.put("error", s.error());
            }
            cases.add(m);
        }

        // benign requests: false alarms per category aimed at the same place
        Map<String, int[]> benignByCategory = new LinkedHashMap<>();
        List<Object> falseAlarms = new ArrayList<>();
        for (Sent s : benign) {
            List<Map<String, Object>> evs = bySeq.getOrDefault(s.attempt().seq(), List.of());
            boolean alarm = s.status() == 403 || !evs.isEmpty();
            String place = place(s.attempt());
            placesByCategory.forEach((category, places) -> {
                if (places.contains(place)) {
                    int[] n = benignByCategory.computeIfAbsent(category, k -> new int[2]);
                    n[0]++;
                    n[1] += alarm ? 1 : 0;
                }
            });
            if (alarm) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("request", s.attempt().requestLine());
                m.put("status", s.status());
                m.put("events", ids(evs, s));
                m.put("rules", rules(evs));
                falseAlarms.add(m);
            }
        }

        List<Object> categories = new ArrayList<>();
        int requests = attacks.size() + benign.size();
        for (Map.Entry<String, EnumMap<Outcome, Integer>> e : counts.entrySet()) {
            EnumMap<Outcome, Integer> n = e.getValue();
            int blocked = n.getOrDefault(Outcome.BLOCKED, 0);
            int detected = blocked + n.getOrDefault(Outcome.DETECTED, 0);
            int missed = n.getOrDefault(Outcome.MISSED, 0);
            int errors = n.getOrDefault(Outcome.ERROR, 0);
            int total = detected + missed + errors;
            int[] b = benignByCategory.getOrDefault(e.getKey(), new int[2]);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("category", e.getKey());
            m.put("cases", total);
            m.put("detected", detected);
            m.put("blocked", blocked);
            m.put("missed", missed);
            m.put("errors", errors);
            m.put("detectedPct", pct(detected, total));
            m.put("blockedPct", pct(blocked, total));
            m.put("benignRequests", b[0]);
            m.put("falseAlarms", b[1]);
            m.put("falseAlarmPct", pct(b[1], b[0]));
            categories.add(m);
        }

        Map<String, Object> drill = new LinkedHashMap<>();
        drill.put("id", run.marker().runId());
        drill.put("target", run.target());
        drill.put("service", run.service());
        drill.put("suite", run.suite());
        drill.put("benign", run.benign());
        drill.put("startedAt", run.startedAt().toString());
        drill.put("finishedAt", run.finishedAt().toString());
        drill.put("requests", requests);
        drill.put("ratePerSecond", run.ratePerSecond());
        drill.put("events", events == null ? "none: outcome by HTTP status only (403 = blocked); pass --server or --events to correlate with the plane's events"
                : source);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", FORMAT);
        out.put("drill", drill);
        out.put("categories", categories);
        out.put("cases", cases);
        out.put("notApplicable", notApplicable);
        out.put("falseAlarms", falseAlarms);
        return out;
    }

    static Outcome outcome(Sent s, List<Map<String, Object>> events, boolean withEvents) {
        if (s.status() < 0) {
            return Outcome.ERROR;
        }
        if (!withEvents) {
            return s.status() == 403 ? Outcome.BLOCKED : Outcome.MISSED;
        }
        if (events == null || events.isEmpty()) {
            return Outcome.MISSED;
        }
        return events.stream().anyMatch(e -> "block".equals(e.get("verdict"))) ? Outcome.BLOCKED : Outcome.DETECTED;
    }

    private static String place(Attempt a) {
        return a.endpoint().method() + " " + a.endpoint().path() + " " + a.aimedAt();
    }

    private static List<String> ids(List<Map<String, Object>> events, Sent s) {
        Set<String> ids = new LinkedHashSet<>();
        events.forEach(e -> ids.add(String.valueOf(e.get("id"))));
        if (ids.isEmpty() && s.blockEventId() != null) {
            ids.add(s.blockEventId());
        }
        return new ArrayList<>(ids);
    }

    private static List<String> rules(List<Map<String, Object>> events) {
        Set<String> rules = new TreeSet<>();
        events.forEach(e -> {
            if (e.get("rule") != null) {
                rules.add(String.valueOf(e.get("rule")));
            }
        });
        return new ArrayList<>(rules);
    }

    static double pct(int part, int whole) {
        return whole == 0 ? 0.0 : Math.round(1000.0 * part / whole) / 10.0;
    }
}
