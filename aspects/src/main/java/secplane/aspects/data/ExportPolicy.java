package secplane.aspects.data;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Designated export endpoints, whose CSV or JSON bodies the agent marks per recipient (rule
 * {@code data.export-watermark}): config {@code exports}, a list of {@code {"endpoint": "GET /export/*",
 * "recipientHeader": "X-Recipient", "identity": ["customer_id"]}}, and {@code exportRegistry}, the directory of
 * the export registry (its key and {@code exports.jsonl}) that {@code secplane trace --registry} reads.
 *
 * <p>The recipient is the authenticated user ({@code getUserPrincipal}); the header is read only for an anonymous
 * request and only when the rule names it — a client can put any name in a header, so a header must never
 * replace the authenticated user as the one an export is attributed to.
 */
record ExportPolicy(List<Endpoint> endpoints, Path registry) {
    /** One designated endpoint: an optional method, a path pattern ({@code *} any run of characters). */
    record Endpoint(String method, String endpoint, Pattern pattern, String recipientHeader, List<String> identity) {
        boolean matches(String m, String path) {
            return (method == null || method.equalsIgnoreCase(m)) && pattern.matcher(path).matches();
        }
    }

    static ExportPolicy none() {
        return new ExportPolicy(List.of(), null);
    }

    Endpoint match(String method, String path) {
        for (Endpoint e : endpoints) {
            if (e.matches(method, path)) {
                return e;
            }
        }
        return null;
    }

    static ExportPolicy parse(Map<String, Object> config) {
        Object list = config.get("exports");
        if (list == null) {
            return none();
        }
        String example = "{\"endpoint\": \"GET /export/*\", \"recipientHeader\": \"X-Recipient\"}";
        if (!(list instanceof List)) {
            throw new IllegalArgumentException("data config 'exports' must be a list of " + example);
        }
        List<Endpoint> out = new ArrayList<>();
        for (Object o : (List<?>) list) {
            if (!(o instanceof Map) || !(((Map<?, ?>) o).get("endpoint") instanceof String)) {
                throw new IllegalArgumentException("data config 'exports' entry " + o + " needs an \"endpoint\" such as " + example);
            }
            Map<?, ?> m = (Map<?, ?>) o;
            String spec = ((String) m.get("endpoint")).trim();
            String method = null;
            int space = spec.indexOf(' ');
            if (space > 0) {
                method = spec.substring(0, space).toUpperCase(Locale.ROOT);
                spec = spec.substring(space + 1).trim();
            }
            if (!spec.startsWith("/")) {
                throw new IllegalArgumentException("data config 'exports' endpoint '" + m.get("endpoint")
                        + "' must be a path pattern starting with '/', optionally after a method: \"GET /export/*\"");
            }
            List<String> quoted = new ArrayList<>();
            for (String part : spec.split("\\*", -1)) {
                quoted.add(Pattern.quote(part));
            }
            Object header = m.get("recipientHeader");
            List<String> identity = new ArrayList<>();
            Object id = m.get("identity");
            if (id instanceof List) {
                for (Object i : (List<?>) id) {
                    identity.add(String.valueOf(i));
                }
            } else if (id != null) {
                throw new IllegalArgumentException("data config 'exports' identity must be a list of column names, e.g. [\"customer_id\"]");
            }
            out.add(new Endpoint(method, spec, Pattern.compile(String.join(".*", quoted)),
                    header == null ? null : header.toString().toLowerCase(Locale.ROOT), List.copyOf(identity)));
        }
        Object dir = config.get("exportRegistry");
        if (!out.isEmpty() && !(dir instanceof String && !((String) dir).isBlank())) {
            throw new IllegalArgumentException("data config 'exports' needs 'exportRegistry': the directory where marked exports are recorded"
                    + " (e.g. the agent's data directory + \"/exports\"); give the same directory to secplane trace --registry");
        }
        return new ExportPolicy(List.copyOf(out), dir == null ? null : Paths.get((String) dir));
    }
}
