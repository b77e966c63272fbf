package secplane.drill.discovery;

import java.util.ArrayList;
import java.util.List;
import secplane.drill.corpus.Placement;

/**
 * Endpoints listed one a line:
 *
 * <pre>
 * GET /sql/user?name                  query parameters after '?', joined by '&amp;'
 * GET /users/{id}                     a path parameter
 * POST /login form:user,password      form fields
 * POST /api/users json:name,email     fields of a JSON object body
 * POST /xml/parse xml                 an XML body
 * POST /import binary                 a binary body (serialized objects)
 * </pre>
 *
 * A parameter may carry its kind after a colon ({@code ?name:file}); otherwise {@link Kinds} guesses it.
 * Blank lines and lines starting with {@code #} are skipped.
 */
public final class EndpointList {
    private EndpointList() {
    }

    public static List<Endpoint> parse(String text, String source) {
        List<Endpoint> out = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                out.add(line(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": " + e.getMessage()
                        + " (expected e.g. 'GET /path?param', 'POST /path form:a,b', 'POST /path json:a,b', 'POST /path xml')");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(source + ": lists no endpoint");
        }
        return out;
    }

    private static Endpoint line(String line) {
        String[] parts = line.split("\\s+");
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("'" + line + "' is not METHOD /path[?params] [body]");
        }
        String method = parts[0].toUpperCase(java.util.Locale.ROOT);
        if (!method.matches("GET|POST|PUT|PATCH|DELETE")) {
            throw new IllegalArgumentException("unknown method '" + parts[0] + "'");
        }
        String target = parts[1];
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("the path must start with '/': '" + target + "'");
        }
        List<Parameter> params = new ArrayList<>();
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        if (q >= 0) {
            for (String p : target.substring(q + 1).split("&")) {
                if (!p.isEmpty()) {
                    params.add(parameter(p, Placement.QUERY));
                }
            }
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}/]+)}").matcher(path);
        while (m.find()) {
            params.add(new Parameter(m.group(1), Placement.PATH, Kinds.of(m.group(1))));
        }
        String body = "none";
        if (parts.length == 3) {
            String b = parts[2];
            if (b.equals("xml") || b.equals("binary")) {
                body = b;
            } else if (b.startsWith("form:") || b.startsWith("json:")) {
                body = b.substring(0, 4);
                Placement in = body.equals("form") ? Placement.FORM : Placement.JSON;
                for (String f : b.substring(5).split(",")) {
                    if (!f.isEmpty()) {
                        params.add(parameter(f, in));
                    }
                }
            } else {
                throw new IllegalArgumentException("unknown body '" + b + "'");
            }
        }
        return new Endpoint(method, path, params, body);
    }

    private static Parameter parameter(String spec, Placement in) {
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        String kind = colon < 0 ? Kinds.of(name) : spec.substring(colon + 1);
        if (!secplane.drill.corpus.Categories.KINDS.contains(kind) || kind.equals("any")) {
            throw new IllegalArgumentException("unknown parameter kind '" + kind + "' for " + name);
        }
        if (!name.matches("[A-Za-z0-9_.\\-\\[\\]]+")) {
            throw new IllegalArgumentException("'" + name + "' is not a parameter name");
        }
        return new Parameter(name, in, kind);
    }
}
