package secplane.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsNestedDocumentAndRecordsPositionsByPointer() {
        Json.Document doc = Json.parseDocument("{\n  \"a\": [1, \"x\\u0041\"],\n  \"b/c\": {\"d\": true}\n}");
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) doc.value();
        assertThat(root.get("a")).isEqualTo(Arrays.asList(1L, "xA"));
        assertThat(doc.position("/a/1")).containsExactly(2, 12);
        assertThat(doc.position("/b~1c/d")).containsExactly(3, 16);
        assertThat(doc.position("/b~1c/missing")).containsExactly(3, 10);
    }

    @Test
    void rejectsDuplicateMembersWithTheirPosition() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\n \"a\":2}"))
                .isInstanceOf(JsonException.class)
                .hasMessage("2:2: duplicate member \"a\"");
    }

    @Test
    void reportsWhereASyntaxErrorIs() {
        assertThatThrownBy(() -> Json.parse("{\n\"a\": tru }"))
                .isInstanceOfSatisfying(JsonException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(6);
                });
        assertThatThrownBy(() -> Json.parse("[1,2")).hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> Json.parse("{} x")).hasMessageContaining("after the end");
        assertThatThrownBy(() -> Json.parse("\"a\u0001\"")).hasMessageContaining("control character");
    }

    @Test
    void rejectsExcessiveNesting() {
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
        assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("nesting deeper");
    }

    @Test
    void writesWhatItReads() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "quote\" back\\ nl\n tab\t \u0001 \u2028");
        m.put("n", 12L);
        m.put("l", Arrays.asList(true, null, 1.5));
        String text = Json.write(m);
        assertThat(text).doesNotContain("\n").contains("\\u0001").contains("\\u2028");
        assertThat(Json.parse(text)).isEqualTo(Json.parse(Json.write(Json.parse(text))));
        assertThat(((Map<?, ?>) Json.parse(text)).get("s")).isEqualTo(m.get("s"));
    }

    @Test
    void readsJsonLinesAndNamesTheBadLine() {
        assertThat(Json.parseLines("{\"a\":1}\n\n[2]\n")).containsExactly(Map.of("a", 1L), Arrays.asList(2L));
        assertThatThrownBy(() -> Json.parseLines("{}\n{\"a\":}\n")).hasMessageStartingWith("2:").hasMessageContaining("line 2:");
    }
}
