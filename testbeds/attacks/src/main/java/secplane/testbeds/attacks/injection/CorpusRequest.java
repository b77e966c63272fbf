package secplane.testbeds.attacks.injection;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One benign request of the corpus: a line of {@code corpus/<category>.jsonl}.
 *
 * @param category    the file it came from
 * @param line        its line number there, from 1
 * @param method      {@code GET} or {@code POST}
 * @param path        a vulnerable endpoint, e.g. {@code /sql/user}
 * @param params      query parameters, in order
 * @param contentType the body's type, or null without a body
 * @param body        the request body, or null
 * @param note        why the request is in the corpus
 */
public record CorpusRequest(Category category, int line, String method, String path, Map<String, String> params,
                            String contentType, String body, String note) {

    /** {@code path?query} with every parameter percent-encoded. */
    public String pathAndQuery() {
        if (params.isEmpty()) {
            return path;
        }
        return path + "?" + params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    @Override
    public String toString() {
        return category.id() + ".jsonl:" + line + " " + method + " " + pathAndQuery()
                + (body == null ? "" : " (" + body.length() + " chars)") + " [" + note + "]";
    }
}
