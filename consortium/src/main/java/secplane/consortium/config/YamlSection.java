package secplane.consortium.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mapping of member.yaml read strictly: every key read is remembered, and {@link #done()} rejects the keys that were
 * not, naming the file and the full key path, so that a misspelt setting is an error rather than a silent default.
 */
final class YamlSection {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
    private final Path file;
    private final String path;
    private final Map<String, Object> map;
    private final Set<String> read = new LinkedHashSet<>();

    YamlSection(Path file, String path, Map<?, ?> map) {
        this.file = file;
        this.path = path;
        this.map = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String)) {
                throw error(where(String.valueOf(e.getKey())), "keys must be strings");
            }
            this.map.put((String) e.getKey(), e.getValue());
        }
    }

    String where(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    ConfigException error(String key, String message) {
        return new ConfigException(file + ": " + key + ": " + message);
    }

    boolean has(String key) {
        return map.containsKey(key);
    }

    private Object raw(String key) {
        read.add(key);
        return map.get(key);
    }

    String string(String key) {
        return optionalString(key).orElseThrow(() -> error(where(key), "missing; this key is required"));
    }

    Optional<String> optionalString(String key) {
        Object v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Map || v instanceof List) {
            throw error(where(key), "must be a single value, not a " + (v instanceof Map ? "mapping" : "list"));
        }
        return Optional.of(String.valueOf(v));
    }

    int integer(String key, int dflt, int min, int max) {
        Object v = raw(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Integer)) {
            throw error(where(key), "must be a whole number, got '" + v + "'");
        }
        int i = (Integer) v;
        if (i < min || i > max) {
            throw error(where(key), "must be between " + min + " and " + max + ", got " + i);
        }
        return i;
    }

    Duration duration(String key, Duration dflt) {
        Optional<String> v = optionalString(key);
        if (v.isEmpty()) {
            return dflt;
        }
        Matcher m = DURATION.matcher(v.get().strip());
        if (!m.matches()) {
            throw error(where(key), "must be a duration such as 500ms, 1s, 5m or 1h, got '" + v.get() + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.isZero()) {
            throw error(where(key), "must be positive");
        }
        return d;
    }

    /** A path relative to the config file's directory. */
    Path path(String key) {
        return resolve(string(key));
    }

    Path resolve(String p) {
        Path parent = file.toAbsolutePath().getParent();
        return parent.resolve(p).normalize();
    }

    Optional<YamlSection> optionalSection(String key) {
        Object v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Map)) {
            throw error(where(key), "must be a mapping (key: value lines indented below it)");
        }
        return Optional.of(new YamlSection(file, where(key), (Map<?, ?>) v));
    }

    YamlSection section(String key) {
        return optionalSection(key).orElseThrow(() -> error(where(key), "missing; this section is required"));
    }

    List<YamlSection> sections(String key) {
        Object v = raw(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List)) {
            throw error(where(key), "must be a list of mappings ('- name: ...' entries)");
        }
        List<YamlSection> out = new ArrayList<>();
        int i = 0;
        for (Object o : (List<?>) v) {
            if (!(o instanceof Map)) {
                throw error(where(key) + "[" + i + "]", "must be a mapping");
            }
            out.add(new YamlSection(file, where(key) + "[" + i + "]", (Map<?, ?>) o));
            i++;
        }
        return out;
    }

    /** The raw mapping below {@code key}, passed through to whoever defines its keys (checked there). */
    Map<String, Object> passThrough(String key) {
        Object v = raw(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map)) {
            throw error(where(key), "must be a mapping");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<?, ?>) v).forEach((k, val) -> out.put(String.valueOf(k), val));
        return out;
    }

    /** Rejects every key that was not read. */
    void done() {
        for (String k : map.keySet()) {
            if (!read.contains(k)) {
                throw error(where(k), "unknown key; the keys allowed here are " + String.join(", ", read)
                        + " (see docs/consortium.md)");
            }
        }
    }
}
