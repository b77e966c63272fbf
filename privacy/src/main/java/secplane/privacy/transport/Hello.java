package secplane.privacy.transport;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The first frame each party sends: protocol name and version, the party's role and the settings
 * that must agree for the result to mean anything (normalisation, hashing suite, output). Encoded
 * as UTF-8 {@code key=value} lines.
 */
public record Hello(Map<String, String> fields) {
    public static final String MAGIC = "secplane-psi";
    /** Raised on any incompatible change of the messages or their meaning. */
    public static final int VERSION = 1;

    public static Hello of(String protocol, String role, Map<String, String> settings) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("magic", MAGIC);
        f.put("version", Integer.toString(VERSION));
        f.put("protocol", protocol);
        f.put("role", role);
        f.putAll(settings);
        return new Hello(f);
    }

    public String get(String key) {
        return fields.getOrDefault(key, "");
    }

    byte[] encode() {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append(k).append('=').append(v.replace("\n", " ")).append('\n'));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Hello decode(byte[] payload) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String line : new String(payload, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                f.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new Hello(f);
    }
}
