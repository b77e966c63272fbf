package secplane.advisories;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides whether a version lies in an OSV range, exactly as the {@code IncludedInRanges} and
 * {@code BeforeLimits} pseudocode of the OSV schema's "Evaluation" section does:
 *
 * <pre>
 * if BeforeLimits(v, range):
 *   vulnerable = false
 *   for evt in sorted(range.events):
 *     if evt.introduced is present and v &gt;= evt.introduced: vulnerable = true
 *     else if evt.fixed is present and v &gt;= evt.fixed:       vulnerable = false
 *     else if evt.last_affected is present and v &gt; evt.last_affected: vulnerable = false
 * BeforeLimits: true without limit events, else true when v &lt; some limit
 * </pre>
 *
 * Events are sorted by version under the range's ordering, with {@code introduced: "0"} before
 * every version and a {@code limit} containing {@code *} after every version ("Special values").
 * The sort is stable, so events of equal versions keep the order the advisory gave them (the
 * schema does not rank them). {@code fixed} and {@code limit} are exclusive upper bounds,
 * {@code last_affected} is inclusive.
 */
final class RangeEvaluator {

    /** What evaluating one version against one range gave. */
    sealed interface Outcome permits Inside, Outside, Unorderable {
    }

    /** The version is affected: {@code from} is the introduced event that opened the interval, {@code until} the event closing it or null. */
    record Inside(Event from, Event until) implements Outcome {
        String interval() {
            return "[introduced " + from.version() + ", " + (until == null ? "no fix)" : until + (until.kind() == Event.Kind.LAST_AFFECTED ? "]" : ")"));
        }
    }

    record Outside() implements Outcome {
    }

    /** The range's ordering cannot place the version (not SemVer for a SEMVER range, say). */
    record Unorderable(String reason) implements Outcome {
    }

    private RangeEvaluator() {
    }

    /**
     * The ordering of a range's versions: SemVer precedence for SEMVER ranges, Maven's
     * ComparableVersion for ECOSYSTEM ranges of Maven packages; null when this module cannot order
     * the range (GIT ranges need the commit graph, other ecosystems their own rules). The returned
     * comparator throws {@link IllegalArgumentException} for a version it cannot parse.
     */
    static Comparator<String> ordering(Range.Type type, String ecosystem) {
        return switch (type) {
            case SEMVER -> (a, b) -> SemVer.parse(a).compareTo(SemVer.parse(b));
            case ECOSYSTEM -> ecosystem != null && Osv.isMaven(ecosystem) ? MavenVersions.ORDER : null;
            case GIT -> null;
        };
    }

    static Outcome evaluate(Range range, String version, Comparator<String> order) {
        try {
            if (order == null) {
                return new Unorderable(range.type() + " ranges of this ecosystem are not evaluated");
            }
            if (!beforeLimits(version, range, order)) {
                return new Outside();
            }
            List<Event> events = sorted(range, order);
            boolean vulnerable = false;
            int openedAt = -1;
            for (int i = 0; i < events.size(); i++) {
                Event evt = events.get(i);
                if (evt.kind() == Event.Kind.INTRODUCED && atOrAfter(version, evt, order)) {
                    vulnerable = true;
                    openedAt = i;
                } else if (evt.kind() == Event.Kind.FIXED && order.compare(version, evt.version()) >= 0) {
                    vulnerable = false;
                } else if (evt.kind() == Event.Kind.LAST_AFFECTED && order.compare(version, evt.version()) > 0) {
                    vulnerable = false;
                }
            }
            if (!vulnerable) {
                return new Outside();
            }
            Event until = null;
            for (int i = openedAt + 1; i < events.size() && until == null; i++) {
                if (events.get(i).kind() != Event.Kind.INTRODUCED) {
                    until = events.get(i);
                }
            }
            return new Inside(events.get(openedAt), until);
        } catch (IllegalArgumentException e) {
            return new Unorderable(e.getMessage() + "; this " + range.type() + " range cannot order it");
        }
    }

    /** OSV "Evaluation": {@code BeforeLimits}. Without limit events an implicit {@code limit: "*"} applies. */
    private static boolean beforeLimits(String version, Range range, Comparator<String> order) {
        boolean anyLimit = false;
        for (Event evt : range.events()) {
            if (evt.kind() == Event.Kind.LIMIT) {
                anyLimit = true;
                if (isInfinity(evt) || order.compare(version, evt.version()) < 0) {
                    return true;
                }
            }
        }
        return !anyLimit;
    }

    private static boolean atOrAfter(String version, Event introduced, Comparator<String> order) {
        return isZero(introduced) || order.compare(version, introduced.version()) >= 0;
    }

    static List<Event> sorted(Range range, Comparator<String> order) {
        List<Event> events = new ArrayList<>(range.events());
        events.sort((a, b) -> {
            int ra = rank(a);
            int rb = rank(b);
            if (ra != 0 || rb != 0) {
                return Integer.compare(ra, rb);
            }
            return order.compare(a.version(), b.version());
        });
        return events;
    }

    private static int rank(Event e) {
        if (isZero(e)) {
            return -1;
        }
        return isInfinity(e) ? 1 : 0;
    }

    private static boolean isZero(Event e) {
        return e.kind() == Event.Kind.INTRODUCED && e.version().equals("0");
    }

    private static boolean isInfinity(Event e) {
        return e.kind() == Event.Kind.LIMIT && e.version().contains("*");
    }

    /**
     * The affected intervals of a range in reading order, e.g. {@code [2.0-beta9, 2.3.1) [2.4, 2.12.2)},
     * for evidence when a version is unknown. Falls back to the events as given when the range
     * cannot be ordered.
     */
    static String describe(Range range, Comparator<String> order) {
        List<Event> events;
        try {
            events = order == null ? range.events() : sorted(range, order);
        } catch (IllegalArgumentException e) {
            events = range.events();
        }
        if (order == null) {
            List<String> parts = new ArrayList<>();
            for (Event e : events) {
                parts.add(e.toString());
            }
            return range.type() + " " + String.join(", ", parts);
        }
        StringBuilder sb = new StringBuilder();
        String open = null;
        for (Event e : events) {
            if (e.kind() == Event.Kind.INTRODUCED) {
                if (open == null) {
                    open = e.version();
                }
            } else if (open != null) {
                sb.append(sb.length() == 0 ? "" : " ").append('[').append(open).append(", ").append(e.version())
                        .append(e.kind() == Event.Kind.LAST_AFFECTED ? ']' : ')');
                open = null;
            }
        }
        if (open != null) {
            sb.append(sb.length() == 0 ? "" : " ").append('[').append(open).append(", no fix)");
        }
        return sb.toString();
    }
}
