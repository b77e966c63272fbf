package secplane.protocol;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import secplane.protocol.json.Json;

/**
 * Canonical JSON for signing (docs/protocol.md): object members sorted by name in UTF-16 code
 * unit order (as RFC 8785 §3.2.3), no insignificant white space, strings escaped as
 * {@link Json#quote} does, integers in plain form. Two parties that hold the same value produce
 * the same bytes, whatever order or spacing the document arrived in.
 */
public final class Canonical {
    private Canonical() {
    }

    public static byte[] bytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void write(StringBuilder sb, Object value) {
        if (value instanceof Map) {
            Map<Object, Object> map = (Map<Object, Object>) value;
            List<String> keys = new ArrayList<>();
            for (Object k : map.keySet()) {
                keys.add(String.valueOf(k));
            }
            Collections.sort(keys);
            sb.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                Json.quote(sb, keys.get(i));
                sb.append(':');
                write(sb, map.get(keys.get(i)));
            }
            sb.append('}');
        } else if (value instanceof Iterable) {
            sb.append('[');
            boolean first = true;
            for (Object o : (Iterable<Object>) value) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(sb, o);
            }
            sb.append(']');
        } else if (value instanceof BigDecimal) {
            BigDecimal d = ((BigDecimal) value).stripTrailingZeros();
            sb.append(d.scale() <= 0 ? d.toBigIntegerExact().toString() : d.toPlainString());
        } else if (value instanceof Double || value instanceof Float) {
            throw new IllegalArgumentException("floating-point numbers are not allowed in signed documents");
        } else {
            Json.write(sb, value);
        }
    }
}
