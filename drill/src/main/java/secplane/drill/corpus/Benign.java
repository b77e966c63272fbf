package secplane.drill.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import secplane.protocol.json.Json;

/**
 * The benign corpus ({@code benign/benign.json}): ordinary values per kind of parameter, and ordinary
 * XML documents, sent to the same endpoints as the attacks to count false alarms.
 */
public record Benign(Map<String, List<String>> values, List<String> xml) {

    /** The values of a kind; {@code text} for a kind without its own. */
    public List<String> of(String kind) {
        return values.getOrDefault(kind, values.get("text"));
    }

    /** The first (most ordinary) value of a kind, used for the parameters a request does not attack. */
    public String filler(String kind) {
        return of(kind).get(0);
    }

    @SuppressWarnings("unchecked")
    public static Benign builtIn() {
        try (InputStream in = Benign.class.getClassLoader().getResourceAsStream("benign/benign.json")) {
            if (in == null) {
                throw new IllegalStateException("the built-in benign corpus benign/benign.json is missing");
            }
            Map<String, Object> root = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            Map<String, List<String>> values = new LinkedHashMap<>();
            ((Map<String, Object>) root.get("values")).forEach((k, v) -> values.put(k, List.copyOf((List<String>) (List<?>) v)));
            if (!values.containsKey("text")) {
                throw new IllegalStateException("benign/benign.json has no 'text' values");
            }
            return new Benign(values, new ArrayList<>((List<String>) (List<?>) root.get("xml")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read benign/benign.json", e);
        }
    }
}
