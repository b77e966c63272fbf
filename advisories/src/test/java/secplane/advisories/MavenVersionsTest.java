package secplane.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Maven order OSV prescribes for Maven packages, on the cases advisories depend on. */
class MavenVersionsTest {

    private static int cmp(String a, String b) {
        return Integer.signum(MavenVersions.compare(a, b));
    }

    @Test
    void release_candidates_and_snapshots_sort_before_the_release() {
        assertThat(cmp("2.15.0-rc1", "2.15.0")).isEqualTo(-1);
        assertThat(cmp("2.15.0-rc2", "2.15.0-rc1")).isEqualTo(1);
        assertThat(cmp("1.0.0-SNAPSHOT", "1.0.0")).isEqualTo(-1);
        assertThat(cmp("2.0-beta9", "2.0")).isEqualTo(-1);
        assertThat(cmp("2.0-alpha1", "2.0-beta9")).isEqualTo(-1);
        assertThat(cmp("2.0-rc1", "2.0-beta9")).isEqualTo(1);
        assertThat(cmp("2.0-M1", "2.0-rc1")).isEqualTo(-1);
    }

    @Test
    void final_release_and_ga_equal_the_bare_version() {
        assertThat(cmp("1.0.0.Final", "1.0.0")).isZero();
        assertThat(cmp("5.2.20.RELEASE", "5.2.20")).isZero();
        assertThat(cmp("5.2.19.RELEASE", "5.2.20")).isEqualTo(-1);
        assertThat(cmp("1.0-GA", "1.0")).isZero();
        assertThat(cmp("2.4", "2.4.0")).isZero();
    }

    @Test
    void numbers_compare_numerically_not_as_text() {
        assertThat(cmp("2.12.2", "2.12.10")).isEqualTo(-1);
        assertThat(cmp("1.10.0", "1.9")).isEqualTo(1);
        assertThat(cmp("1.2.9", "1.2.24")).isEqualTo(-1);
        assertThat(cmp("2.6.7.1", "2.6.7")).isEqualTo(1);
    }

    @Test
    void vendor_backport_suffixes_sort_between_their_release_and_the_next() {
        assertThat(cmp("1.2.48.sec10", "1.2.48")).isEqualTo(1);
        assertThat(cmp("1.2.48.sec10", "1.2.48.sec09")).isEqualTo(1);
        assertThat(cmp("1.2.48.sec10", "1.2.49")).isEqualTo(-1);
        assertThat(cmp("1.2.48_noneautotype", "1.2.48")).isEqualTo(1);
        assertThat(cmp("1.0.0-sp1", "1.0.0")).isEqualTo(1);
    }
}
