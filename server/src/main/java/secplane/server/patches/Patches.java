package secplane.server.patches;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import secplane.protocol.json.Json;
import secplane.server.http.ApiError;
import secplane.server.http.JsonBody;

/**
 * Virtual patches (docs/agent.md "Virtual patches"): the policy's {@code patches} entries, checked
 * for form here (the agent checks the class and method against its own JVM and NACKs what it
 * cannot apply), and the built-in patch sets for the big incidents ({@code secplane/patches/builtin.json}).
 */
public final class Patches {
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern CLASS = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    private static final Pattern METHOD = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Pattern DESCRIPTOR = Pattern.compile("\\((\\[*(?:[ZBCSIJFD]|L[^;()]+;))*\\)(?:V|\\[*(?:[ZBCSIJFD]|L[^;()]+;))");

    /** A named set of patch entries for one incident. */
    public record PatchSet(String id, String title, List<String> advisories, String why, String source, List<Map<String, Object>> patches) {
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("title", title);
            m.put("advisories", advisories);
            m.put("why", why);
            m.put("source", source);
            m.put("patches", patches);
            return m;
        }
    }

    private static final List<PatchSet> BUILTIN = loadBuiltin();

    private Patches() {
    }

    public static List<PatchSet> builtin() {
        return BUILTIN;
    }

    public static PatchSet builtin(String id) {
        return BUILTIN.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow(() -> ApiError.notFound(
                "no built-in patch '" + id + "'; built in: " + BUILTIN.stream().map(PatchSet::id).toList() + " (or send the patch set itself)"));
    }

    @SuppressWarnings("unchecked")
    private static List<PatchSet> loadBuiltin() {
        try (InputStream in = Patches.class.getResourceAsStream("/secplane/patches/builtin.json")) {
            Map<String, Object> doc = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<PatchSet> out = new ArrayList<>();
            for (Object o : (List<Object>) doc.get("patches")) {
                JsonBody b = JsonBody.parse(Json.write(o));
                out.add(set(b, ""));
            }
            return List.copyOf(out);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the built-in patch catalog secplane/patches/builtin.json is broken: " + e.getMessage(), e);
        }
    }

    /** A patch set as sent by an operator or read from the catalog, every entry checked. */
    public static PatchSet set(JsonBody b, String where) {
        String id = b.string("id", true, 64);
        if (!ID.matcher(id).matches()) {
            throw ApiError.invalid(b.pointerOf("id") + ": '" + id + "' is not a patch id; use lower-case letters, digits, '.', '_' and '-'");
        }
        String title = b.string("title", false, 200);
        List<String> advisories = b.stringList("advisories", 50, 100);
        String why = b.string("why", false, 2000);
        String source = b.string("source", false, 500);
        List<Map<String, Object>> patches = new ArrayList<>();
        List<JsonBody> entries = b.objects("patches", true, 20);
        if (entries.isEmpty()) {
            throw ApiError.invalid(b.pointerOf("patches") + ": a patch set needs at least one patch");
        }
        for (JsonBody e : entries) {
            patches.add(entry(e));
        }
        b.done();
        return new PatchSet(id, title == null ? id : title, advisories, why, source, List.copyOf(patches));
    }

    /** Checks one {@code patches} entry of a policy for form; returns it as given. */
    public static Map<String, Object> entry(JsonBody e) {
        String id = e.string("id", true, 64);
        if (!ID.matcher(id).matches()) {
            throw ApiError.invalid(e.pointerOf("id") + ": '" + id + "' is not a patch id; use lower-case letters, digits, '.', '_' and '-'");
        }
        e.stringList("advisories", 50, 100);
        String cls = e.string("class", true, 500);
        if (!CLASS.matcher(cls).matches()) {
            throw ApiError.invalid(e.pointerOf("class") + ": '" + cls + "' is not a class name such as org.example.Foo");
        }
        String method = e.string("method", true, 200);
        if (!METHOD.matcher(method).matches() && !method.equals("<init>")) {
            throw ApiError.invalid(e.pointerOf("method") + ": '" + method + "' is not a method name");
        }
        String desc = e.string("descriptor", false, 2000);
        if (desc != null && !DESCRIPTOR.matcher(desc).matches()) {
            throw ApiError.invalid(e.pointerOf("descriptor") + ": '" + desc + "' is not a JVM method descriptor such as (Ljava/lang/String;)V");
        }
        String action = e.oneOf("action", true, List.of("return", "throw", "block-if"));
        switch (action) {
            case "return" -> {
                Object v = e.value("value", false);
                if (v instanceof Map || v instanceof List) {
                    throw ApiError.invalid(e.pointerOf("value") + ": a patch returns null, a string, a number or a boolean");
                }
            }
            case "throw" -> e.string("message", false, 500);
            default -> {
                e.integer("arg", true, 0, 254);
                String re = e.string("matches", true, 4000);
                try {
                    Pattern.compile(re);
                } catch (PatternSyntaxException x) {
                    throw ApiError.invalid(e.pointerOf("matches") + ": not a regular expression: " + x.getDescription());
                }
            }
        }
        e.stringList("instances", 10_000, 200);
        e.done();
        return e.raw();
    }
}
