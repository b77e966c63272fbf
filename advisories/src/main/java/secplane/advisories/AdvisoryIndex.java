package secplane.advisories;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Advisories indexed by Maven package, answering "which advisories concern this component, and
 * why". Build one with {@link #of}; it is immutable and safe to share between threads.
 *
 * <p>A component {@code group:artifact:version} is compared with every affected entry whose
 * ecosystem is {@code Maven} (or {@code Maven:<repository>}) and whose name is exactly
 * {@code group:artifact}. Per the OSV schema ("affected fields", "Evaluation") the version is
 * affected when it equals a string in {@code versions} or lies in any one range; ranges are
 * evaluated by {@link RangeEvaluator} under their type's order (SemVer for SEMVER, Maven's
 * ComparableVersion for ECOSYSTEM). GIT ranges are not evaluated: a jar carries no commit, and the
 * schema requires {@code versions} alongside them for exactly that reason.
 *
 * <p>Withdrawn advisories are left out. Of two advisories with one id the later {@code modified}
 * one is kept (OSV schema, "id, modified fields").
 */
public final class AdvisoryIndex {
    private final List<Advisory> advisories;
    private final Map<String, List<Entry>> byPackage;

    private record Entry(Advisory advisory, int index, Affected affected) {
    }

    private AdvisoryIndex(List<Advisory> advisories, Map<String, List<Entry>> byPackage) {
        this.advisories = advisories;
        this.byPackage = byPackage;
    }

    /** Indexes the advisories not withdrawn now. */
    public static AdvisoryIndex of(Collection<Advisory> advisories) {
        return of(advisories, Instant.now());
    }

    /** Indexes the advisories not withdrawn at {@code asOf}. */
    public static AdvisoryIndex of(Collection<Advisory> advisories, Instant asOf) {
        Map<String, Advisory> byId = new LinkedHashMap<>();
        for (Advisory a : advisories) {
            byId.merge(a.id(), a, (old, neu) -> neu.modified().isBefore(old.modified()) ? old : neu);
        }
        List<Advisory> kept = new ArrayList<>();
        Map<String, List<Entry>> byPackage = new HashMap<>();
        for (Advisory a : byId.values()) {
            if (a.withdrawnAt(asOf)) {
                continue;
            }
            kept.add(a);
            for (int i = 0; i < a.affected().size(); i++) {
                Affected af = a.affected().get(i);
                if (af.pkg() != null && af.pkg().isMaven()) {
                    byPackage.computeIfAbsent(af.pkg().name(), k -> new ArrayList<>()).add(new Entry(a, i, af));
                }
            }
        }
        return new AdvisoryIndex(List.copyOf(kept), byPackage);
    }

    /** The advisories in the index (withdrawn ones and superseded duplicates left out). */
    public List<Advisory> advisories() {
        return advisories;
    }

    /** The Maven package names ({@code group:artifact}) some advisory in the index names. */
    public java.util.Set<String> packages() {
        return java.util.Collections.unmodifiableSet(byPackage.keySet());
    }

    /**
     * The advisories that affect or may affect the component, affected ones first, then by id. An
     * unknown version gives {@link Match.Verdict#VERSION_UNKNOWN} for every advisory naming the
     * package, never an empty answer.
     */
    public List<Match> match(Component component) {
        List<Entry> entries = byPackage.getOrDefault(component.packageName(), List.of());
        Map<String, List<Entry>> byAdvisory = new LinkedHashMap<>();
        for (Entry e : entries) {
            byAdvisory.computeIfAbsent(e.advisory().id(), k -> new ArrayList<>()).add(e);
        }
        List<Match> out = new ArrayList<>();
        for (List<Entry> group : byAdvisory.values()) {
            Match m = component.versionUnknown() ? unknown(component, group) : evaluate(component, group);
            if (m != null) {
                out.add(m);
            }
        }
        out.sort(Comparator.comparing(Match::verdict).thenComparing(m -> m.advisory().id()));
        return out;
    }

    public List<Match> match(String group, String artifact, String version) {
        return match(Component.of(group, artifact, version));
    }

    private static Match unknown(Component c, List<Entry> group) {
        List<Evidence> evidence = new ArrayList<>();
        for (Entry e : group) {
            List<String> parts = new ArrayList<>();
            for (Range r : e.affected().ranges()) {
                parts.add(RangeEvaluator.describe(r, RangeEvaluator.ordering(r.type(), e.affected().pkg().ecosystem())));
            }
            if (!e.affected().versions().isEmpty()) {
                parts.add("versions " + String.join(", ", e.affected().versions()));
            }
            evidence.add(new Evidence("/affected/" + e.index(), "version unknown; the advisory affects " + String.join("; ", parts)));
        }
        return new Match(group.get(0).advisory(), c, Match.Verdict.VERSION_UNKNOWN, evidence);
    }

    private static Match evaluate(Component c, List<Entry> group) {
        String v = c.version();
        List<Evidence> affected = new ArrayList<>();
        List<Evidence> unorderable = new ArrayList<>();
        for (Entry e : group) {
            String base = "/affected/" + e.index();
            // OSV "Evaluation": IncludedInVersions compares strings for equality
            List<String> versions = e.affected().versions();
            for (int i = 0; i < versions.size(); i++) {
                if (versions.get(i).equals(v)) {
                    affected.add(new Evidence(base + "/versions/" + i, v + " is listed in versions"));
                }
            }
            List<Range> ranges = e.affected().ranges();
            for (int i = 0; i < ranges.size(); i++) {
                Range r = ranges.get(i);
                if (r.type() == Range.Type.GIT) {
                    continue;
                }
                String pointer = base + "/ranges/" + i;
                RangeEvaluator.Outcome o = RangeEvaluator.evaluate(r, v, RangeEvaluator.ordering(r.type(), e.affected().pkg().ecosystem()));
                if (o instanceof RangeEvaluator.Inside in) {
                    affected.add(new Evidence(pointer, v + " is in " + in.interval() + " (" + r.type() + " range, "
                            + (r.type() == Range.Type.SEMVER ? "SemVer precedence" : "Maven version order") + ")"));
                } else if (o instanceof RangeEvaluator.Unorderable u) {
                    unorderable.add(new Evidence(pointer, u.reason()));
                }
            }
        }
        Advisory a = group.get(0).advisory();
        if (!affected.isEmpty()) {
            return new Match(a, c, Match.Verdict.AFFECTED, affected);
        }
        if (!unorderable.isEmpty()) {
            return new Match(a, c, Match.Verdict.VERSION_UNORDERABLE, unorderable);
        }
        return null;
    }
}
