package secplane.drill.discovery;

import java.util.List;

/**
 * An endpoint of the target.
 *
 * @param method     {@code GET}, {@code POST}, ...
 * @param path       the path, with {@code {name}} for path parameters
 * @param parameters its parameters
 * @param body       {@code none}, {@code form}, {@code json}, {@code xml} or {@code binary}
 */
public record Endpoint(String method, String path, List<Parameter> parameters, String body) {
    public static final List<String> BODIES = List.of("none", "form", "json", "xml", "binary");

    public Endpoint {
        parameters = List.copyOf(parameters);
        if (!BODIES.contains(body)) {
            throw new IllegalArgumentException("unknown body kind '" + body + "'; use one of " + BODIES);
        }
    }

    /** {@code GET /sql/user?name}, as in an endpoint list. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(method).append(' ').append(path);
        String sep = "?";
        for (Parameter p : parameters) {
            if (p.in() == secplane.drill.corpus.Placement.QUERY) {
                sb.append(sep).append(p.name());
                sep = "&";
            }
        }
        return sb.append(body.equals("none") ? "" : " " + body).toString();
    }
}
