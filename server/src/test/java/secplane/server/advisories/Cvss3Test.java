package secplane.server.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Base scores against the scores NVD publishes for these vectors. */
class Cvss3Test {
    @Test
    void base_scores_and_ratings_match_the_published_ones() {
        // CVE-2021-44228 (10.0), CVE-2021-45046 (9.0), CVE-2021-45105 (5.9), CVE-2015-7501 (9.8)
        assertThat(Cvss3.score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H")).get().extracting(Cvss3.Score::base, Cvss3.Score::rating).containsExactly(10.0, "critical");
        assertThat(Cvss3.score("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H")).get().extracting(Cvss3.Score::base, Cvss3.Score::rating).containsExactly(9.0, "critical");
        assertThat(Cvss3.score("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H")).get().extracting(Cvss3.Score::base, Cvss3.Score::rating).containsExactly(5.9, "medium");
        assertThat(Cvss3.score("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).get().extracting(Cvss3.Score::base, Cvss3.Score::rating).containsExactly(9.8, "critical");
        assertThat(Cvss3.score("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N")).get().extracting(Cvss3.Score::base, Cvss3.Score::rating).containsExactly(5.5, "medium");
        assertThat(Cvss3.score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N")).get().extracting(Cvss3.Score::base, Cvss3.Score::rating).containsExactly(0.0, "none");
    }

    @Test
    void anything_but_a_complete_v3_base_vector_has_no_score() {
        assertThat(Cvss3.score("AV:N/AC:L/Au:N/C:P/I:P/A:P")).isEmpty();
        assertThat(Cvss3.score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:X/C:H/I:H/A:H")).isEmpty();
        assertThat(Cvss3.score("CVSS:3.1/AV:N/AC:L")).isEmpty();
    }
}
