package secplane.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SemVerTest {

    private static int cmp(String a, String b) {
        return Integer.signum(SemVer.parse(a).compareTo(SemVer.parse(b)));
    }

    @Test
    void precedence_follows_the_example_chain_of_section_11() {
        List<String> ordered = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1");
        List<String> shuffled = new ArrayList<>(ordered);
        Collections.reverse(shuffled);
        shuffled.sort((a, b) -> SemVer.parse(a).compareTo(SemVer.parse(b)));
        assertThat(shuffled).isEqualTo(ordered);
        for (int i = 0; i + 1 < ordered.size(); i++) {
            assertThat(cmp(ordered.get(i), ordered.get(i + 1))).as(ordered.get(i) + " < " + ordered.get(i + 1)).isEqualTo(-1);
        }
    }

    @Test
    void numeric_identifiers_compare_as_numbers_and_below_alphanumeric_ones() {
        assertThat(cmp("1.0.0-2", "1.0.0-10")).isEqualTo(-1);
        assertThat(cmp("1.0.0-99", "1.0.0-a")).isEqualTo(-1);
        assertThat(cmp("1.0.0-a-b", "1.0.0-a")).isEqualTo(1);
        assertThat(cmp("1.0.0-B", "1.0.0-a")).isEqualTo(-1); // ASCII: upper case sorts first
        assertThat(cmp("10.0.0", "9.99.99")).isEqualTo(1);
        assertThat(cmp("1.0.0-18446744073709551616", "1.0.0-18446744073709551615")).isEqualTo(1);
    }

    @Test
    void build_metadata_does_not_count_for_precedence() {
        assertThat(cmp("1.0.0+build.1", "1.0.0+build.2")).isZero();
        assertThat(cmp("1.0.0-rc.1+x", "1.0.0")).isEqualTo(-1);
        assertThat(SemVer.parse("1.0.0-rc.1+exp.sha.5114f85").build()).containsExactly("exp", "sha", "5114f85");
    }

    @Test
    void a_leading_v_is_tolerated() {
        assertThat(cmp("v1.2.3", "1.2.3")).isZero();
        assertThat(SemVer.parse("v1.2.3").toString()).isEqualTo("1.2.3");
    }

    @Test
    void rejects_what_the_grammar_does_not_allow() {
        for (String bad : List.of("1.2", "1", "01.2.3", "1.02.3", "1.2.3-01", "1.2.3-", "1.2.3+", "1.2.3-a..b", "1.2.3.4", "V1.2.3", " 1.2.3", "1.2.3-ä")) {
            assertThat(SemVer.isValid(bad)).as(bad).isFalse();
            assertThatThrownBy(() -> SemVer.parse(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SemVer 2.0.0");
        }
        assertThat(SemVer.isValid("0.0.0-0.a-b.0a")).isTrue();
    }
}
