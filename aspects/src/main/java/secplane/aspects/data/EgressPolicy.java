package secplane.aspects.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where personal data may go: the destinations allowed to receive data of JR/T 0197-2020 level
 * {@code minLevel} or above (PIPL art. 23 and GB/T 35273-2020 §9.2: personal information is provided to a
 * third party only as agreed; the allow list is the plane's record of the agreed recipients), and the most
 * level-3 values one outbound body or record may carry (the bulk export limit of GB/T 35273-2020 §9.2 /
 * JR/T 0223, as {@code data.response-limit} is for responses).
 *
 * <p>Config of the {@code data} aspect: {@code "egress": {"allow": ["partner.example.com", "*.bank.example:443",
 * "kafka:audit-*"], "minLevel": 3, "maxRecords": 0}}. A destination is {@code host:port} (HTTP) or
 * {@code kafka:<topic>}; a pattern without a port matches the host on any port; {@code *} matches any run
 * of characters; hosts compare without case.
 */
record EgressPolicy(List<String> allow, List<Pattern> patterns, int minLevel, int maxRecords) {
    static final int DEFAULT_MIN_LEVEL = 3;

    static EgressPolicy defaults() {
        return new EgressPolicy(List.of(), List.of(), DEFAULT_MIN_LEVEL, 0);
    }

    /** Whether the destination ({@code host:port} or {@code kafka:topic}) is on the allow list. */
    boolean allowed(String destination) {
        String d = destination.toLowerCase(Locale.ROOT);
        String host = d.startsWith("kafka:") ? null : hostOf(d);
        for (Pattern p : patterns) {
            if (p.matcher(d).matches() || host != null && p.matcher(host).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The host of {@code host:port} or {@code [v6]:port}. */
    private static String hostOf(String d) {
        int colon = d.lastIndexOf(':');
        int bracket = d.lastIndexOf(']');
        return colon > bracket ? d.substring(0, colon) : d;
    }

    static EgressPolicy parse(Map<String, Object> config) {
        Object egress = config.get("egress");
        if (egress == null) {
            return defaults();
        }
        if (!(egress instanceof Map)) {
            throw new IllegalArgumentException("data config 'egress' must be an object such as "
                    + "{\"allow\": [\"partner.example.com\", \"kafka:audit-*\"], \"minLevel\": 3, \"maxRecords\": 20}");
        }
        Map<?, ?> m = (Map<?, ?>) egress;
        for (Object key : m.keySet()) {
            if (!List.of("allow", "minLevel", "maxRecords").contains(String.valueOf(key))) {
                throw new IllegalArgumentException("data config 'egress' has the unknown key '" + key + "'; the keys are allow, minLevel and maxRecords");
            }
        }
        List<String> allow = new ArrayList<>();
        List<Pattern> patterns = new ArrayList<>();
        Object list = m.get("allow");
        if (list != null) {
            if (!(list instanceof List)) {
                throw new IllegalArgumentException("data config 'egress.allow' must be a list of destinations such as \"partner.example.com\", "
                        + "\"*.bank.example:443\" or \"kafka:audit-*\"");
            }
            for (Object o : (List<?>) list) {
                String s = o == null ? "" : o.toString().trim().toLowerCase(Locale.ROOT);
                if (s.isEmpty() || s.contains("/")) {
                    throw new IllegalArgumentException("data config 'egress.allow' entry '" + o
                            + "' is not a destination: give a host, host:port or kafka:<topic>, with * for any run of characters (no scheme, no path)");
                }
                allow.add(s);
                List<String> quoted = new ArrayList<>();
                for (String part : s.split("\\*", -1)) {
                    quoted.add(Pattern.quote(part));
                }
                patterns.add(Pattern.compile(String.join(".*", quoted)));
            }
        }
        int minLevel = number(m.get("minLevel"), "minLevel", DEFAULT_MIN_LEVEL);
        if (minLevel < 1 || minLevel > 5) {
            throw new IllegalArgumentException("data config 'egress.minLevel' is " + minLevel + ": give a JR/T 0197 level from 1 to 5 (default 3)");
        }
        int maxRecords = number(m.get("maxRecords"), "maxRecords", 0);
        return new EgressPolicy(List.copyOf(allow), List.copyOf(patterns), minLevel, maxRecords);
    }

    private static int number(Object v, String key, int otherwise) {
        if (v == null) {
            return otherwise;
        }
        if (!(v instanceof Number) || ((Number) v).doubleValue() != Math.floor(((Number) v).doubleValue()) || ((Number) v).intValue() < 0) {
            throw new IllegalArgumentException("data config 'egress." + key + "' is " + v + ": give a whole number"
                    + (key.equals("maxRecords") ? " of level-3 values per outbound body or record, 0 for no limit" : ""));
        }
        return ((Number) v).intValue();
    }
}
