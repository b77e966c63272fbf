package secplane.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static secplane.advisories.Event.fixed;
import static secplane.advisories.Event.introduced;
import static secplane.advisories.Event.lastAffected;
import static secplane.advisories.Event.limit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OSV schema's "Evaluation" pseudocode on its edge cases, for Maven (ECOSYSTEM) and SEMVER ranges. */
class RangeEvaluationTest {
    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

    private static AdvisoryIndex index(Affected... affected) {
        return AdvisoryIndex.of(List.of(Advisory.of("TEST-1", T, List.of(), "test", List.of(affected))));
    }

    private static Affected maven(Range... ranges) {
        return Affected.of(AffectedPackage.maven("g", "a"), List.of(ranges), List.of());
    }

    private static boolean affected(AdvisoryIndex index, String version) {
        List<Match> m = index.match("g", "a", version);
        return !m.isEmpty() && m.get(0).affected();
    }

    @Test
    void introduced_is_inclusive_and_fixed_is_exclusive() {
        AdvisoryIndex idx = index(maven(Range.ecosystem(introduced("2.13.0"), fixed("2.15.0"))));
        assertThat(affected(idx, "2.12.9")).isFalse();
        assertThat(affected(idx, "2.13.0")).isTrue();
        assertThat(affected(idx, "2.14.1")).isTrue();
        assertThat(affected(idx, "2.15.0-rc1")).isTrue();
        assertThat(affected(idx, "2.15.0")).isFalse();
        assertThat(affected(idx, "2.15.0.Final")).isFalse();
    }

    @Test
    void last_affected_is_inclusive() {
        AdvisoryIndex idx = index(maven(Range.ecosystem(introduced("0"), lastAffected("2.1.214"))));
        assertThat(affected(idx, "2.1.214")).isTrue();
        assertThat(affected(idx, "2.1.214-SNAPSHOT")).isTrue();
        assertThat(affected(idx, "2.1.215")).isFalse();
    }

    @Test
    void introduced_zero_sorts_before_every_version() {
        AdvisoryIndex idx = index(maven(Range.ecosystem(introduced("0"), fixed("1.0"))));
        // Maven itself orders these below "0"; OSV's "0" is still below them
        assertThat(affected(idx, "0-alpha-1")).isTrue();
        assertThat(affected(idx, "0.0.1")).isTrue();
        assertThat(affected(idx, "1.0-rc1")).isTrue();
        assertThat(affected(idx, "1.0")).isFalse();
        AdvisoryIndex unfixed = index(maven(Range.ecosystem(introduced("0"))));
        assertThat(affected(unfixed, "999.0")).isTrue();
    }

    @Test
    void several_introduced_fixed_pairs_leave_the_gaps_between_them_unaffected() {
        AdvisoryIndex idx = index(maven(Range.ecosystem(introduced("2.0-beta9"), fixed("2.3.1"), introduced("2.4"), fixed("2.12.2"),
                introduced("2.13.0"), fixed("2.15.0"))));
        assertThat(affected(idx, "2.0-beta8")).isFalse();
        assertThat(affected(idx, "2.0-beta9")).isTrue();
        assertThat(affected(idx, "2.3")).isTrue();
        assertThat(affected(idx, "2.3.1")).isFalse();
        assertThat(affected(idx, "2.3.2")).isFalse();
        assertThat(affected(idx, "2.4")).isTrue();
        assertThat(affected(idx, "2.12.1")).isTrue();
        assertThat(affected(idx, "2.12.2")).isFalse();
        assertThat(affected(idx, "2.12.4")).isFalse();
        assertThat(affected(idx, "2.13.0")).isTrue();
        assertThat(affected(idx, "2.16.0")).isFalse();
    }

    @Test
    void events_are_sorted_before_the_walk_whatever_order_the_advisory_gives() {
        AdvisoryIndex sorted = index(maven(Range.ecosystem(introduced("1.0"), fixed("1.5"), introduced("3.0"), fixed("3.2.5"))));
        AdvisoryIndex shuffled = index(maven(Range.ecosystem(fixed("3.2.5"), introduced("3.0"), fixed("1.5"), introduced("1.0"))));
        for (String v : List.of("0.9", "1.0", "1.4", "1.5", "2.0", "3.0", "3.2.4", "3.2.5", "4.0")) {
            assertThat(affected(shuffled, v)).as(v).isEqualTo(affected(sorted, v));
        }
        assertThat(affected(shuffled, "3.1")).isTrue();
        assertThat(affected(shuffled, "2.0")).isFalse();
    }

    @Test
    void any_one_range_or_listed_version_is_enough() {
        AdvisoryIndex idx = index(new Affected(AffectedPackage.maven("g", "a"), List.of(),
                List.of(Range.ecosystem(introduced("1.0"), fixed("1.1")), Range.ecosystem(introduced("2.0"), fixed("2.1"))),
                List.of("3.0-custom"), Map.of(), Map.of()));
        assertThat(affected(idx, "1.0.5")).isTrue();
        assertThat(affected(idx, "2.0.5")).isTrue();
        assertThat(affected(idx, "3.0-custom")).isTrue();
        assertThat(affected(idx, "1.5")).isFalse();
    }

    @Test
    void an_enumerated_versions_list_alone_matches_by_exact_string() {
        AdvisoryIndex idx = index(Affected.of(AffectedPackage.maven("g", "a"), List.of(), List.of("6.3.2.1", "1.0.0")));
        assertThat(affected(idx, "6.3.2.1")).isTrue();
        assertThat(affected(idx, "1.0.0")).isTrue();
        // OSV "Evaluation": IncludedInVersions is string equality, not ecosystem equivalence
        assertThat(affected(idx, "1.0.0.Final")).isFalse();
        assertThat(affected(idx, "6.3.2")).isFalse();
    }

    @Test
    void limit_bounds_the_range_and_a_star_limit_is_infinity() {
        AdvisoryIndex limited = index(maven(Range.ecosystem(introduced("1.0"), limit("2.0"))));
        assertThat(affected(limited, "1.9")).isTrue();
        assertThat(affected(limited, "2.0")).isFalse();
        assertThat(affected(limited, "3.0")).isFalse();
        AdvisoryIndex star = index(maven(Range.ecosystem(introduced("1.0"), limit("*"))));
        assertThat(affected(star, "99.0")).isTrue();
        // several limits: below any one of them passes BeforeLimits
        AdvisoryIndex two = index(maven(Range.ecosystem(introduced("1.0"), limit("2.0"), limit("4.0"))));
        assertThat(affected(two, "3.0")).isTrue();
        assertThat(affected(two, "4.0")).isFalse();
    }

    @Test
    void semver_ranges_order_pre_releases_by_semver_precedence() {
        AdvisoryIndex idx = index(maven(Range.semver(introduced("1.0.0-alpha.1"), fixed("1.0.0-beta.11"))));
        assertThat(affected(idx, "1.0.0-alpha")).isFalse();
        assertThat(affected(idx, "1.0.0-alpha.1")).isTrue();
        assertThat(affected(idx, "1.0.0-alpha.beta")).isTrue();
        assertThat(affected(idx, "1.0.0-beta.2")).isTrue(); // numerically, 2 < 11
        assertThat(affected(idx, "1.0.0-beta.11")).isFalse();
        assertThat(affected(idx, "v1.0.0-beta")).isTrue();
        assertThat(affected(idx, "1.0.0")).isFalse();
    }

    @Test
    void a_version_a_semver_range_cannot_order_is_possibly_affected_not_missed() {
        AdvisoryIndex idx = index(maven(Range.semver(introduced("0"), fixed("2.0.0"))));
        List<Match> m = idx.match("g", "a", "1.5");
        assertThat(m).singleElement().satisfies(x -> {
            assertThat(x.verdict()).isEqualTo(Match.Verdict.VERSION_UNORDERABLE);
            assertThat(x.evidence().get(0).pointer()).isEqualTo("/affected/0/ranges/0");
            assertThat(x.evidence().get(0).detail()).contains("'1.5' is not a SemVer 2.0.0 version");
        });
    }

    @Test
    void git_ranges_are_not_evaluated_for_jars() {
        Range git = new Range(Range.Type.GIT, "https://example.org/repo.git", List.of(introduced("0")), Map.of());
        AdvisoryIndex idx = index(new Affected(AffectedPackage.maven("g", "a"), List.of(), List.of(git), List.of("1.2"), Map.of(), Map.of()));
        assertThat(affected(idx, "1.2")).isTrue();
        assertThat(idx.match("g", "a", "1.3")).isEmpty();
    }

    @Test
    void withdrawn_advisories_match_nothing() {
        Advisory live = Advisory.of("TEST-1", T, List.of(), "live", List.of(maven(Range.ecosystem(introduced("0")))));
        Advisory gone = new Advisory(null, "TEST-2", T, null, Instant.parse("2024-02-01T00:00:00Z"), List.of(), List.of(), List.of(),
                "withdrawn", null, List.of(), List.of(maven(Range.ecosystem(introduced("0")))), List.of(), List.of(), Map.of());
        AdvisoryIndex now = AdvisoryIndex.of(List.of(live, gone), Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(now.match("g", "a", "1.0")).extracting(m -> m.advisory().id()).containsExactly("TEST-1");
        assertThat(now.match("g", "a", null)).extracting(m -> m.advisory().id()).containsExactly("TEST-1");
        AdvisoryIndex before = AdvisoryIndex.of(List.of(live, gone), Instant.parse("2024-01-15T00:00:00Z"));
        assertThat(before.match("g", "a", "1.0")).hasSize(2);
    }

    @Test
    void evidence_names_the_range_and_the_interval_that_matched() {
        AdvisoryIndex idx = index(maven(Range.ecosystem(introduced("2.0-beta9"), fixed("2.3.1"), introduced("2.13.0"), fixed("2.15.0"))),
                maven(Range.ecosystem(introduced("0"), lastAffected("2.14.1"))));
        Match m = idx.match("g", "a", "2.14.1").get(0);
        assertThat(m.evidence()).extracting(Evidence::toString).containsExactly(
                "/affected/0/ranges/0: 2.14.1 is in [introduced 2.13.0, fixed 2.15.0) (ECOSYSTEM range, Maven version order)",
                "/affected/1/ranges/0: 2.14.1 is in [introduced 0, last_affected 2.14.1] (ECOSYSTEM range, Maven version order)");
    }
}
