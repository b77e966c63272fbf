package secplane.drill.discovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import secplane.drill.corpus.Placement;
import secplane.protocol.json.Json;
import secplane.protocol.json.JsonException;

/**
 * Endpoints from an OpenAPI 3 document (JSON): every operation of {@code paths}, its parameters
 * (path-level and operation-level, {@code in}: query, path, header) and its {@code requestBody}
 * (OpenAPI 3.0.3 §4.7.13): form and JSON object properties become parameters, XML and binary bodies
 * are attacked whole. Local {@code $ref}s ({@code #/components/...}) are followed.
 */
public final class OpenApi {
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    private OpenApi() {
    }

    @SuppressWarnings("unchecked")
    public static List<Endpoint> parse(String text, String source) {
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (JsonException e) {
            throw new IllegalArgumentException(source + ": not a JSON OpenAPI document: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> root) || !(root.get("openapi") instanceof String version) || !version.startsWith("3.")) {
            throw new IllegalArgumentException(source + ": not an OpenAPI 3 document (no \"openapi\": \"3.x\" field)");
        }
        if (!(root.get("paths") instanceof Map<?, ?> paths)) {
            throw new IllegalArgumentException(source + ": has no 'paths' object");
        }
        Map<String, Object> doc = (Map<String, Object>) root;
        List<Endpoint> out = new ArrayList<>();
        for (Map.Entry<?, ?> p : paths.entrySet()) {
            String path = String.valueOf(p.getKey());
            Map<String, Object> item = map(doc, p.getValue());
            List<Object> common = list(item.get("parameters"));
            for (String method : METHODS) {
                Map<String, Object> op = map(doc, item.get(method));
                if (op.isEmpty() && !item.containsKey(method)) {
                    continue;
                }
                Map<String, Parameter> params = new LinkedHashMap<>();
                List<Object> all = new ArrayList<>(common);
                all.addAll(list(op.get("parameters")));
                for (Object o : all) {
                    Map<String, Object> param = map(doc, o);
                    Placement in = Placement.fromWire(String.valueOf(param.get("in")));
                    if (in == null || !(param.get("name") instanceof String name)) {
                        continue; // cookie parameters and malformed entries are not attacked
                    }
                    Map<String, Object> schema = map(doc, param.get("schema"));
                    params.put(in + " " + name, new Parameter(name, in, Kinds.of(name, str(schema.get("type")), str(schema.get("format")))));
                }
                String body = "none";
                Map<String, Object> content = map(doc, map(doc, op.get("requestBody")).get("content"));
                for (String type : content.keySet()) {
                    String t = type.toLowerCase(Locale.ROOT);
                    Map<String, Object> schema = map(doc, map(doc, content.get(type)).get("schema"));
                    if (t.contains("json") || t.equals("application/x-www-form-urlencoded")) {
                        body = t.contains("json") ? "json" : "form";
                        Placement in = t.contains("json") ? Placement.JSON : Placement.FORM;
                        for (Map.Entry<String, Object> prop : map(doc, schema.get("properties")).entrySet()) {
                            Map<String, Object> ps = map(doc, prop.getValue());
                            params.put(in + " " + prop.getKey(), new Parameter(prop.getKey(), in,
                                    Kinds.of(prop.getKey(), str(ps.get("type")), str(ps.get("format")))));
                        }
                        break;
                    }
                    if (t.contains("xml")) {
                        body = "xml";
                        break;
                    }
                    if (t.equals("application/octet-stream") || t.equals("application/x-java-serialized-object")) {
                        body = "binary";
                        break;
                    }
                }
                out.add(new Endpoint(method.toUpperCase(Locale.ROOT), path, new ArrayList<>(params.values()), body));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(source + ": 'paths' holds no operation");
        }
        return out;
    }

    private static String str(Object o) {
        return o instanceof String s ? s : null;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** The object itself, or the one its local {@code $ref} names; an empty map for anything else. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> doc, Object o) {
        for (int depth = 0; depth < 16 && o instanceof Map<?, ?> m && m.get("$ref") instanceof String ref; depth++) {
            if (!ref.startsWith("#/")) {
                return Map.of();
            }
            Object at = doc;
            for (String token : ref.substring(2).split("/")) {
                at = at instanceof Map<?, ?> cur ? cur.get(token.replace("~1", "/").replace("~0", "~")) : null;
            }
            o = at;
        }
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
