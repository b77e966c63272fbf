package secplane.server.http;

import io.javalin.http.Context;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import secplane.protocol.json.Json;
import secplane.protocol.json.JsonException;

/**
 * A JSON object from a request body, read field by field. Every message names the field by JSON
 * Pointer and its line and column, and {@link #done()} rejects the fields nobody asked for
 * (docs/protocol.md: unknown fields are errors).
 */
public final class JsonBody {
    private final Json.Document document;
    private final Map<String, Object> map;
    private final String pointer;
    private final Set<String> read = new LinkedHashSet<>();

    private JsonBody(Json.Document document, Map<String, Object> map, String pointer) {
        this.document = document;
        this.map = map;
        this.pointer = pointer;
    }

    public static JsonBody of(Context ctx) {
        String type = ctx.header("Content-Type");
        if (type != null && !type.toLowerCase().startsWith("application/json")) {
            throw ApiError.unsupportedMedia("expected Content-Type application/json, got '" + type + "'");
        }
        return parse(Bodies.utf8(Bodies.read(ctx, Bodies.MAX_JSON, "the request body"), "the request body"));
    }

    @SuppressWarnings("unchecked")
    public static JsonBody parse(String text) {
        if (text.isBlank()) {
            throw ApiError.badRequest("the request body is empty; expected a JSON object");
        }
        Json.Document doc;
        try {
            doc = Json.parseDocument(text);
        } catch (JsonException e) {
            throw new ApiError(400, "malformed-json", "the request body is not valid JSON: " + e.getMessage());
        }
        if (!(doc.value() instanceof Map)) {
            throw ApiError.badRequest("the request body must be a JSON object");
        }
        return new JsonBody(doc, (Map<String, Object>) doc.value(), "");
    }

    public Map<String, Object> raw() {
        return map;
    }

    private String where(String name) {
        String p = pointer + "/" + Json.pointerToken(name);
        int[] pos = document.position(p);
        return p + " (line " + pos[0] + ", column " + pos[1] + ")";
    }

    private Object get(String name, boolean required, String expected) {
        read.add(name);
        Object v = map.get(name);
        if (v == null && required) {
            throw ApiError.invalid(pointer + "/" + Json.pointerToken(name) + ": missing; expected " + expected);
        }
        return v;
    }

    private ApiError wrongType(String name, Object v, String expected) {
        return ApiError.invalid(where(name) + ": expected " + expected + ", got " + describe(v));
    }

    static String describe(Object v) {
        return Json.typeOf(v);
    }

    public String string(String name, boolean required, int maxLength) {
        Object v = get(name, required, "a string");
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw wrongType(name, v, "a string");
        }
        if (s.isEmpty() && required) {
            throw ApiError.invalid(where(name) + ": must not be empty");
        }
        if (s.length() > maxLength) {
            throw ApiError.invalid(where(name) + ": longer than " + maxLength + " characters");
        }
        return s;
    }

    public String oneOf(String name, boolean required, List<String> allowed) {
        String s = string(name, required, 100);
        if (s != null && !allowed.contains(s)) {
            throw ApiError.invalid(where(name) + ": '" + s + "' is not accepted; expected " + String.join(", ", allowed));
        }
        return s;
    }

    public Long integer(String name, boolean required, long min, long max) {
        Object v = get(name, required, "an integer");
        if (v == null) {
            return null;
        }
        long n;
        if (v instanceof Long l) {
            n = l;
        } else if (v instanceof BigDecimal d) {
            try {
                n = d.longValueExact();
            } catch (ArithmeticException e) {
                throw wrongType(name, v, "an integer");
            }
        } else {
            throw wrongType(name, v, "an integer");
        }
        if (n < min || n > max) {
            throw ApiError.invalid(where(name) + ": " + n + " is out of range; expected " + min + " to " + max);
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    public JsonBody object(String name, boolean required) {
        Object v = get(name, required, "an object");
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map)) {
            throw wrongType(name, v, "an object");
        }
        return new JsonBody(document, (Map<String, Object>) v, pointer + "/" + Json.pointerToken(name));
    }

    /** An object whose members are all strings (labels). */
    public Map<String, String> stringMap(String name, int maxEntries, int maxLength) {
        JsonBody o = object(name, false);
        Map<String, String> out = new LinkedHashMap<>();
        if (o == null) {
            return out;
        }
        if (o.map.size() > maxEntries) {
            throw ApiError.invalid(where(name) + ": more than " + maxEntries + " entries");
        }
        for (String k : o.map.keySet()) {
            if (k.isEmpty() || k.length() > maxLength) {
                throw ApiError.invalid(o.where(k) + ": names must be 1 to " + maxLength + " characters");
            }
            out.put(k, o.string(k, true, maxLength));
        }
        return out;
    }

    public List<Object> list(String name, boolean required, int maxItems) {
        Object v = get(name, required, "an array");
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> l)) {
            throw wrongType(name, v, "an array");
        }
        if (l.size() > maxItems) {
            throw ApiError.invalid(where(name) + ": more than " + maxItems + " items");
        }
        @SuppressWarnings("unchecked")
        List<Object> out = (List<Object>) l;
        return out;
    }

    /** An array of objects, each read as a body of its own (its errors name its pointer). */
    @SuppressWarnings("unchecked")
    public List<JsonBody> objects(String name, boolean required, int maxItems) {
        List<Object> l = list(name, required, maxItems);
        if (l == null) {
            return null;
        }
        List<JsonBody> out = new java.util.ArrayList<>(l.size());
        for (int i = 0; i < l.size(); i++) {
            String p = pointer + "/" + Json.pointerToken(name) + "/" + i;
            if (!(l.get(i) instanceof Map)) {
                int[] pos = document.position(p);
                throw ApiError.invalid(p + " (line " + pos[0] + ", column " + pos[1] + "): expected an object, got " + describe(l.get(i)));
            }
            out.add(new JsonBody(document, (Map<String, Object>) l.get(i), p));
        }
        return out;
    }

    /** A list of strings; each item is named by its pointer when it is not a string. */
    public List<String> stringList(String name, int maxItems, int maxLength) {
        List<Object> l = list(name, false, maxItems);
        if (l == null) {
            return List.of();
        }
        for (int i = 0; i < l.size(); i++) {
            if (!(l.get(i) instanceof String s) || s.isEmpty() || s.length() > maxLength) {
                String p = pointer + "/" + Json.pointerToken(name) + "/" + i;
                int[] pos = document.position(p);
                throw ApiError.invalid(p + " (line " + pos[0] + ", column " + pos[1] + "): expected a non-empty string of at most " + maxLength + " characters");
            }
        }
        return l.stream().map(String.class::cast).toList();
    }

    /** The value as parsed, for members that are stored whole (a policy). */
    public Object value(String name, boolean required) {
        return get(name, required, "a value");
    }

    /** Fails on any member that was not read: a typo must not be silently ignored. */
    public void done() {
        for (String k : map.keySet()) {
            if (!read.contains(k)) {
                throw new ApiError(400, "unknown-field", where(k) + ": unknown field; expected " + (read.isEmpty() ? "no fields" : String.join(", ", read)));
            }
        }
    }

    public String pointerOf(String name) {
        return where(name);
    }
}
