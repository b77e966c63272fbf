package secplane.drill.run;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import secplane.drill.corpus.AttackCase;
import secplane.drill.corpus.Benign;
import secplane.drill.corpus.Corpus;
import secplane.drill.corpus.Placement;
import secplane.drill.discovery.Endpoint;
import secplane.drill.discovery.Parameter;
import secplane.protocol.json.Json;

/**
 * Turns cases and endpoints into requests: every case goes to every place of every endpoint it applies
 * to (its placements and parameter kinds), every other parameter gets an ordinary value. Placeholders:
 * {@code <marker>} becomes {@code <runId>-<seq>} (so an effect such as a created file names the request
 * that caused it), {@code <port>} the callback port; in a binary payload the 16 bytes
 * {@code XXXXXXXXXXXXXXXX} become the request's marker, padded or cut to 16 characters.
 */
public final class Planner {
    static final byte[] BINARY_MARKER = "XXXXXXXXXXXXXXXX".getBytes(StandardCharsets.US_ASCII);

    private final String runId;
    private final int callbackPort;
    private final Benign benign;
    private int seq;

    public Planner(String runId, int callbackPort, Benign benign) {
        this.runId = runId;
        this.callbackPort = callbackPort;
        this.benign = benign;
    }

    public List<Attempt> attacks(Corpus corpus, List<Endpoint> endpoints) {
        List<Attempt> out = new ArrayList<>();
        for (AttackCase c : corpus.all()) {
            for (Endpoint e : endpoints) {
                if (c.parameter() != null) {
                    Placement where = e.body().equals("form") ? Placement.FORM : Placement.QUERY;
                    if (c.in().contains(where) && (where == Placement.FORM || e.method().equals("GET"))) {
                        out.add(request(c, null, e, new Parameter(c.parameter(), where, "text"), fill(c.payload())));
                    }
                    continue;
                }
                if (c.in().contains(Placement.HEADER)) {
                    out.add(request(c, null, e, new Parameter(c.header(), Placement.HEADER, "text"), fill(c.payload())));
                    continue;
                }
                if (c.in().contains(Placement.XML) && e.body().equals("xml")) {
                    out.add(body(c, null, e, "application/xml", fill(c.payload()).getBytes(StandardCharsets.UTF_8)));
                    continue;
                }
                if (c.in().contains(Placement.BINARY) && e.body().equals("binary")) {
                    out.add(body(c, null, e, c.contentType() == null ? "application/octet-stream" : c.contentType(), binary(c.binary())));
                    continue;
                }
                for (Parameter p : e.parameters()) {
                    if (c.in().contains(p.in()) && c.appliesToKind(p.kind()) && c.payload() != null) {
                        out.add(request(c, null, e, p, fill(c.payload())));
                    }
                }
            }
        }
        return out;
    }

    /** Every benign value of each parameter's kind, to each parameter; every benign document to each XML endpoint. */
    public List<Attempt> benign(List<Endpoint> endpoints) {
        List<Attempt> out = new ArrayList<>();
        for (Endpoint e : endpoints) {
            if (e.body().equals("xml")) {
                for (String doc : benign.xml()) {
                    out.add(body(null, "xml", e, "application/xml", doc.getBytes(StandardCharsets.UTF_8)));
                }
            }
            for (Parameter p : e.parameters()) {
                if (p.in() == Placement.HEADER) {
                    continue;
                }
                for (String value : benign.of(p.kind())) {
                    out.add(request(null, p.kind(), e, p, value));
                }
            }
        }
        return out;
    }

    private String fill(String payload) {
        return payload.replace("<marker>", runId + "-" + (seq + 1)).replace("<port>", Integer.toString(callbackPort));
    }

    private byte[] binary(byte[] payload) {
        byte[] out = payload.clone();
        byte[] marker = String.format("%-16.16s", runId + "-" + (seq + 1)).replace(' ', '0').getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + BINARY_MARKER.length <= out.length; i++) {
            if (java.util.Arrays.equals(out, i, i + BINARY_MARKER.length, BINARY_MARKER, 0, BINARY_MARKER.length)) {
                System.arraycopy(marker, 0, out, i, marker.length);
            }
        }
        return out;
    }

    private Attempt body(AttackCase c, String benignKind, Endpoint e, String contentType, byte[] body) {
        String path = e.path();
        StringBuilder query = new StringBuilder();
        for (Parameter p : e.parameters()) {
            if (p.in() == Placement.PATH) {
                path = path.replace("{" + p.name() + "}", encode(benign.filler(p.kind())));
            } else if (p.in() == Placement.QUERY) {
                query.append(query.length() == 0 ? "?" : "&").append(encode(p.name())).append('=').append(encode(benign.filler(p.kind())));
            }
        }
        return new Attempt(++seq, c, benignKind, e, "body " + e.body(), e.method().equals("GET") ? "POST" : e.method(), path + query,
                Map.of(), contentType, body);
    }

    private Attempt request(AttackCase c, String benignKind, Endpoint e, Parameter target, String value) {
        boolean raw = c != null && c.raw();
        String path = e.path();
        StringBuilder query = new StringBuilder();
        Map<String, String> form = new LinkedHashMap<>();
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        List<Parameter> params = new ArrayList<>(e.parameters());
        if (params.stream().noneMatch(p -> p.name().equals(target.name()) && p.in() == target.in())) {
            params.add(target);
        }
        for (Parameter p : params) {
            boolean aimed = p.name().equals(target.name()) && p.in() == target.in();
            String v = aimed ? value : benign.filler(p.kind());
            switch (p.in()) {
                case PATH -> path = path.replace("{" + p.name() + "}", aimed && raw ? v : encode(v).replace("+", "%20"));
                case QUERY -> query.append(query.length() == 0 ? "?" : "&").append(encode(p.name())).append('=')
                        .append(aimed && raw ? v : encode(v));
                case FORM -> form.put(p.name(), v);
                case JSON -> json.put(p.name(), v);
                case HEADER -> headers.put(p.name(), v);
                default -> {
                }
            }
        }
        String contentType = null;
        byte[] body = null;
        if (e.body().equals("form") || !form.isEmpty()) {
            contentType = "application/x-www-form-urlencoded";
            StringBuilder b = new StringBuilder();
            form.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(encode(k)).append('=')
                    .append(raw && k.equals(target.name()) ? v : encode(v)));
            body = b.toString().getBytes(StandardCharsets.UTF_8);
        } else if (e.body().equals("json")) {
            contentType = "application/json";
            body = Json.write(json).getBytes(StandardCharsets.UTF_8);
        }
        String method = body != null && e.method().equals("GET") ? "POST" : e.method();
        return new Attempt(++seq, c, benignKind, e, target.in().wire() + " " + target.name(), method, path + query, headers, contentType, body);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
