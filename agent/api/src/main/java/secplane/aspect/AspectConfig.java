package secplane.aspect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The aspect-specific part of a policy: a read-only JSON object. */
public final class AspectConfig {
    public static final AspectConfig EMPTY = new AspectConfig(Collections.<String, Object>emptyMap());

    private final Map<String, Object> values;

    public AspectConfig(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public String string(String key, String fallback) {
        Object v = values.get(key);
        return v == null ? fallback : String.valueOf(v);
    }

    public boolean bool(String key, boolean fallback) {
        Object v = values.get(key);
        return v instanceof Boolean ? (Boolean) v : fallback;
    }

    public long number(String key, long fallback) {
        Object v = values.get(key);
        return v instanceof Number ? ((Number) v).longValue() : fallback;
    }

    /** A list of strings; a single string is taken as a list of one. */
    public List<String> strings(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Collections.emptyList();
        }
        if (!(v instanceof List)) {
            return Collections.singletonList(String.valueOf(v));
        }
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
            out.add(String.valueOf(o));
        }
        return Collections.unmodifiableList(out);
    }
}
