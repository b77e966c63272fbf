package secplane.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoDetectorFailures.class)
class VerdictTest {

    @Test
    void noneIsSharedAndEmpty() {
        assertThat(Verdict.none()).isSameAs(Verdict.none());
        assertThat(Verdict.none().attack()).isFalse();
        assertThat(Verdict.none().rule()).isNull();
        assertThat(Verdict.none().input()).isNull();
        assertThat(Verdict.none().reason()).isNull();
        assertThat(Verdict.none().evidence()).isEmpty();
    }

    @Test
    void evidenceValuesAreCutTo256CharactersAndCannotBeChanged() {
        String huge = "x".repeat(10_000);
        Verdict v = Detectors.sql("SELECT * FROM t WHERE id = 1 OR 1=1 -- " + huge, Dialect.GENERIC,
                List.of(new Input("query", "n".repeat(500), "1 OR 1=1 -- " + huge)));
        assertThat(v.attack()).isTrue();
        v.evidence().values().forEach(value -> {
            if (value instanceof String) {
                assertThat((String) value).hasSizeLessThanOrEqualTo(Verdict.EVIDENCE_CHARS);
            }
        });
        assertThat(v.evidence()).containsKeys("input.source", "input.name", "input.value", "technique", "statement");
        assertThatThrownBy(() -> v.evidence().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(v.reason()).hasSizeLessThan(1000);
    }

    @Test
    void inputKeepsNullsAsEmptyStrings() {
        Input in = new Input(null, null, null);
        assertThat(in.source()).isEmpty();
        assertThat(in.name()).isEmpty();
        assertThat(in.value()).isEmpty();
        assertThat(new Input("query", "q", "v")).isEqualTo(new Input("query", "q", "v")).hasSameHashCodeAs(new Input("query", "q", "v"));
        assertThat(new Input("query", "q", "v".repeat(100)).toString()).hasSizeLessThan(90);
    }
}
