package secplane.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import secplane.protocol.json.Json;

/** JSON printed one member per line with sorted keys, so that two documents diff line by line. */
final class PrettyJson {
    private PrettyJson() {
    }

    static List<String> lines(Object value) {
        List<String> out = new ArrayList<>();
        write(out, "", null, value, false);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void write(List<String> out, String indent, String key, Object value, boolean comma) {
        String prefix = indent + (key == null ? "" : Json.write(key) + ": ");
        String end = comma ? "," : "";
        if (value instanceof Map && !((Map<?, ?>) value).isEmpty()) {
            out.add(prefix + "{");
            Map<String, Object> sorted = new TreeMap<>((Map<String, Object>) value);
            int i = 0;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                write(out, indent + "  ", e.getKey(), e.getValue(), ++i < sorted.size());
            }
            out.add(indent + "}" + end);
        } else if (value instanceof List && !((List<?>) value).isEmpty()) {
            out.add(prefix + "[");
            List<Object> list = (List<Object>) value;
            for (int i = 0; i < list.size(); i++) {
                write(out, indent + "  ", null, list.get(i), i + 1 < list.size());
            }
            out.add(indent + "]" + end);
        } else {
            out.add(prefix + Json.write(value) + end);
        }
    }
}
