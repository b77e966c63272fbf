package secplane.report.clause;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import secplane.protocol.json.Json;
import secplane.report.Text;

/**
 * The mapping of the report's controls to the clauses they evidence, read from {@code clauses.json}
 * (docs/compliance.md says which clause numbers are cited at article or chapter level only).
 */
public final class Clauses {
    private final Map<String, Control.Law> laws;
    private final Map<String, Control> controls;

    private Clauses(Map<String, Control.Law> laws, Map<String, Control> controls) {
        this.laws = laws;
        this.controls = controls;
    }

    /** The built-in mapping. */
    public static Clauses builtin() {
        try (InputStream in = Clauses.class.getResourceAsStream("/clauses.json")) {
            if (in == null) {
                throw new IllegalStateException("clauses.json is missing from the report module's resources");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("clauses.json cannot be read", e);
        }
    }

    /** Parses a mapping; every clause must name a declared law and every text both languages. */
    @SuppressWarnings("unchecked")
    public static Clauses parse(String json) {
        Map<String, Object> root = (Map<String, Object>) Json.parse(json);
        if (!"secplane-clauses/1".equals(root.get("format"))) {
            throw new IllegalArgumentException("/format: expected secplane-clauses/1, got " + root.get("format"));
        }
        Map<String, Control.Law> laws = new LinkedHashMap<>();
        List<Map<String, Object>> lawList = (List<Map<String, Object>>) root.get("laws");
        for (int i = 0; i < lawList.size(); i++) {
            Map<String, Object> l = lawList.get(i);
            laws.put(required(l, "id", "/laws/" + i), new Control.Law((String) l.get("id"), text(l, "/laws/" + i)));
        }
        Map<String, Control> controls = new LinkedHashMap<>();
        List<Map<String, Object>> list = (List<Map<String, Object>>) root.get("controls");
        for (int i = 0; i < list.size(); i++) {
            Map<String, Object> c = list.get(i);
            String at = "/controls/" + i;
            List<Control.Clause> clauses = new ArrayList<>();
            List<Map<String, Object>> cl = (List<Map<String, Object>>) c.get("clauses");
            if (cl == null || cl.isEmpty()) {
                throw new IllegalArgumentException(at + "/clauses: a control must evidence at least one clause");
            }
            for (int j = 0; j < cl.size(); j++) {
                Map<String, Object> x = cl.get(j);
                String law = required(x, "law", at + "/clauses/" + j);
                if (!laws.containsKey(law)) {
                    throw new IllegalArgumentException(at + "/clauses/" + j + "/law: " + law + " is not among /laws " + laws.keySet());
                }
                clauses.add(new Control.Clause(laws.get(law), required(x, "clause", at + "/clauses/" + j), text(x, at + "/clauses/" + j)));
            }
            String id = required(c, "id", at);
            controls.put(id, new Control(id, text(c, at), required(c, "evidence", at), List.copyOf(clauses)));
        }
        return new Clauses(laws, controls);
    }

    private static String required(Map<String, Object> m, String key, String at) {
        Object v = m.get(key);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException(at + "/" + key + ": required text");
        }
        return s;
    }

    private static Text text(Map<String, Object> m, String at) {
        return Text.of(required(m, "en", at), required(m, "zh", at));
    }

    public Control control(String id) {
        Control c = controls.get(id);
        if (c == null) {
            throw new IllegalArgumentException("no control " + id + " in clauses.json; known: " + controls.keySet());
        }
        return c;
    }

    public List<Control> controls() {
        return List.copyOf(controls.values());
    }

    public List<Control.Law> laws() {
        return List.copyOf(laws.values());
    }
}
