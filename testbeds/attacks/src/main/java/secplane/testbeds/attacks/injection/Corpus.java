package secplane.testbeds.attacks.injection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import secplane.protocol.json.Json;

/**
 * The benign request corpus shipped with the injection app ({@code corpus/<category>.jsonl}, one JSON
 * object a line: {@code method}, {@code path}, {@code params} or {@code contentType} and {@code body},
 * {@code note}). Every request aims at a vulnerable endpoint but is harmless; a protection that blocks
 * any of them blocks a real user.
 */
public final class Corpus {

    /**
     * The answers an endpoint gives to benign but odd input, besides 200: a SQL, XPath, LDAP or SpEL
     * syntax error for a name with a quote or a bracket (400), a missing document (404), an unreachable
     * host on a machine without a network (502). Anything else, and 403 above all, is not ordinary.
     */
    public static final Map<String, Set<Integer>> ORDINARY_ANSWERS = Map.ofEntries(
            Map.entry("/sql/user", Set.of(200, 400)),
            Map.entry("/sql/user-by-id", Set.of(200, 400)),
            Map.entry("/sql/users", Set.of(200, 400)),
            Map.entry("/cmd/ping", Set.of(200)),
            Map.entry("/file/read", Set.of(200, 400, 404)),
            Map.entry("/file/download", Set.of(200, 400, 404)),
            Map.entry("/fetch", Set.of(200, 400, 502)),
            Map.entry("/fetch/client", Set.of(200, 400, 502)),
            Map.entry("/xml/parse", Set.of(200)),
            Map.entry("/xml/sax", Set.of(200)),
            Map.entry("/ldap/find", Set.of(200, 400)),
            Map.entry("/xpath/find", Set.of(200, 400)),
            Map.entry("/spel/eval", Set.of(200, 400)),
            Map.entry("/spel/greet", Set.of(200, 400)),
            Map.entry("/hello", Set.of(200)));

    private Corpus() {
    }

    /** Every category's requests from the built app's corpus directory. */
    public static Map<Category, List<CorpusRequest>> load() {
        return load(InjectionApp.corpusDirectory());
    }

    public static Map<Category, List<CorpusRequest>> load(Path directory) {
        Map<Category, List<CorpusRequest>> corpus = new LinkedHashMap<>();
        for (Category category : Category.values()) {
            corpus.put(category, load(directory.resolve(category.id() + ".jsonl"), category));
        }
        return corpus;
    }

    /** One category's file; a line that is not a well-formed request is an error naming the file and line. */
    public static List<CorpusRequest> load(Path file, Category category) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the corpus file " + file, e);
        }
        List<CorpusRequest> requests = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            if (text.isBlank()) {
                continue;
            }
            try {
                requests.add(parse(category, i + 1, text));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return requests;
    }

    @SuppressWarnings("unchecked")
    private static CorpusRequest parse(Category category, int line, String text) {
        Object parsed = Json.parse(text);
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        for (Object key : map.keySet()) {
            if (!Set.of("method", "path", "params", "contentType", "body", "note").contains(key)) {
                throw new IllegalArgumentException("unknown field '" + key + "'");
            }
        }
        String method = string(map, "method", true);
        String path = string(map, "path", true);
        if (!method.equals("GET") && !method.equals("POST")) {
            throw new IllegalArgumentException("method must be GET or POST, not " + method);
        }
        if (!ORDINARY_ANSWERS.containsKey(path)) {
            throw new IllegalArgumentException("path " + path + " is not a vulnerable endpoint of the injection app");
        }
        Map<String, String> params = new LinkedHashMap<>();
        Object rawParams = map.get("params");
        if (rawParams != null) {
            if (!(rawParams instanceof Map<?, ?> p)) {
                throw new IllegalArgumentException("params must be an object");
            }
            for (Map.Entry<?, ?> e : ((Map<Object, Object>) p).entrySet()) {
                if (!(e.getValue() instanceof String value)) {
                    throw new IllegalArgumentException("params." + e.getKey() + " must be a string");
                }
                params.put(String.valueOf(e.getKey()), value);
            }
        }
        String body = string(map, "body", false);
        String contentType = string(map, "contentType", false);
        if ((body == null) != (contentType == null)) {
            throw new IllegalArgumentException("body and contentType go together");
        }
        return new CorpusRequest(category, line, method, path, Map.copyOf(params).isEmpty() ? Map.of() : params,
                contentType, body, string(map, "note", true));
    }

    private static String string(Map<?, ?> map, String key, boolean required) {
        Object value = map.get(key);
        if (value == null) {
            if (required) {
                throw new IllegalArgumentException("missing '" + key + "'");
            }
            return null;
        }
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("'" + key + "' must be a string");
        }
        return s;
    }
}
