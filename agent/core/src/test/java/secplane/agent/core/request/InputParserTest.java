package secplane.agent.core.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import secplane.aspect.RequestInput;

class InputParserTest {
    private static List<String> form(String raw) {
        List<RequestInput> out = new ArrayList<>();
        InputParser.form(raw, "query", StandardCharsets.UTF_8, out, 100);
        return out.stream().map(RequestInput::toString).toList();
    }

    @Test
    void formFieldsAreDecodedAndMalformedEscapesKept() {
        assertThat(form("a=1&b=x+y&c=%3Cscript%3E&d&e=&=v&f=%E4%BD%A0%2")).containsExactly(
                "query:a=1", "query:b=x y", "query:c=<script>", "query:d=", "query:e=", "query:=v", "query:f=你%2");
        assertThat(form("")).isEmpty();
        assertThat(form("&&a=%")).containsExactly("query:a=%");
    }

    @Test
    void jsonLeavesAreNamedByPointerAndACutPrefixKeepsWhatCameBefore() {
        List<RequestInput> out = new ArrayList<>();
        InputParser.json("{\"a/b\":\"x\\\"y\\u0041\",\"list\":[1,{\"k\":\"v\"},true,null],\"deep\":{\"s\":\"cut her", out, 100);
        assertThat(out.stream().map(RequestInput::toString)).containsExactly(
                "json:/a~1b=x\"yA", "json:/list/0=1", "json:/list/1/k=v", "json:/deep/s=cut her");
        out.clear();
        InputParser.json("\"just a string\"", out, 100);
        assertThat(out.stream().map(RequestInput::toString)).containsExactly("json:/=just a string");
        out.clear();
        InputParser.json("not json at all", out, 100);
        assertThat(out).isEmpty();
    }

    @Test
    void inputsAreBoundedInNumberAndLength() {
        List<RequestInput> out = new ArrayList<>();
        InputParser.form("a=1&b=2&c=3", "query", StandardCharsets.UTF_8, out, 2);
        assertThat(out).hasSize(2);
        out.clear();
        InputParser.form("a=" + "x".repeat(10_000), "query", StandardCharsets.UTF_8, out, 2);
        assertThat(out.get(0).value()).hasSize(InputParser.MAX_VALUE);
    }
}
