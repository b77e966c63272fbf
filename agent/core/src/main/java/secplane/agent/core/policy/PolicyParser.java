package secplane.agent.core.policy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import secplane.aspect.Mode;
import secplane.aspect.Rule;
import secplane.protocol.json.Json;
import secplane.protocol.json.JsonException;

/**
 * Reads and validates a policy file. JSON is the canonical form; YAML (a file ending in .yaml or
 * .yml) is read into the same structure. Every error names the file, the line and column, the
 * JSON Pointer of the field and what is accepted there; a policy with any error is rejected whole.
 *
 * <pre>
 * {
 *   "version": "2026-11-29.1",          // free text, reported in events and status
 *   "mode": "observe",                   // optional: every rule that is on by default
 *   "limits": {"budgetMillis": 100, "quarantineAfter": 5},
 *   "aspects": {
 *     "jndi":    {"rules": {"jndi.remote-lookup": "block"}, "config": {"allow": ["ldap://ldap.internal:389"]}},
 *     "process": {"rules": {"process.never": "block"}},
 *     "script":  {"enabled": false}
 *   }
 * }
 * </pre>
 */
public final class PolicyParser {
    public static final int MAX_BYTES = 1024 * 1024;
    private static final Set<String> TOP = new LinkedHashSet<>(Arrays.asList("version", "mode", "limits", "aspects"));
    private static final Set<String> LIMITS = new LinkedHashSet<>(Arrays.asList("budgetMillis", "quarantineAfter"));
    private static final Set<String> ASPECT = new LinkedHashSet<>(Arrays.asList("enabled", "mode", "rules", "config"));

    private final String file;
    private final Map<String, int[]> positions;

    private PolicyParser(String file, Map<String, int[]> positions) {
        this.file = file;
        this.positions = positions;
    }

    /**
     * @param file    the name used in messages
     * @param text    the policy text
     * @param catalog loaded aspects and their rules, to validate ids against
     */
    public static Policy parse(String file, String text, Map<String, Map<String, Rule>> catalog) throws PolicyException {
        if (text.length() > MAX_BYTES) {
            throw new PolicyException(file + ": policy is larger than " + MAX_BYTES + " bytes");
        }
        Object root;
        Map<String, int[]> positions;
        String lower = file.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            positions = new LinkedHashMap<>();
            root = readYaml(file, text, positions);
        } else {
            try {
                Json.Document doc = Json.parseDocument(text);
                root = doc.value();
                positions = doc.positions();
            } catch (JsonException e) {
                throw new PolicyException(file + ":" + e.getMessage() + " (policy files are JSON, or YAML when named *.yaml)");
            }
        }
        return new PolicyParser(file, positions).build(root, catalog);
    }

    private Policy build(Object root, Map<String, Map<String, Rule>> catalog) throws PolicyException {
        Map<String, Object> top = object(root, "");
        fields(top, "", TOP);
        String version = top.containsKey("version") ? scalar(top.get("version"), "/version") : "unversioned";
        Mode mode = top.containsKey("mode") ? mode(top.get("mode"), "/mode") : null;
        Long budget = null;
        Long quarantine = null;
        if (top.containsKey("limits")) {
            Map<String, Object> limits = object(top.get("limits"), "/limits");
            fields(limits, "/limits", LIMITS);
            if (limits.containsKey("budgetMillis")) {
                budget = positive(limits.get("budgetMillis"), "/limits/budgetMillis");
            }
            if (limits.containsKey("quarantineAfter")) {
                quarantine = positive(limits.get("quarantineAfter"), "/limits/quarantineAfter");
            }
        }
        Map<String, Policy.AspectPolicy> aspects = new LinkedHashMap<>();
        if (top.containsKey("aspects")) {
            Map<String, Object> all = object(top.get("aspects"), "/aspects");
            for (Map.Entry<String, Object> e : all.entrySet()) {
                String id = e.getKey();
                String at = "/aspects/" + Json.pointerToken(id);
                Map<String, Rule> rules = catalog.get(id);
                if (rules == null) {
                    throw error(at, "unknown aspect '" + id + "'; loaded aspects: " + catalog.keySet());
                }
                aspects.put(id, aspect(object(e.getValue(), at), at, rules));
            }
        }
        return new Policy(version, file, mode, budget, quarantine, aspects);
    }

    private Policy.AspectPolicy aspect(Map<String, Object> a, String at, Map<String, Rule> known) throws PolicyException {
        fields(a, at, ASPECT);
        boolean enabled = true;
        if (a.containsKey("enabled")) {
            if (!(a.get("enabled") instanceof Boolean)) {
                throw error(at + "/enabled", "expected true or false");
            }
            enabled = (Boolean) a.get("enabled");
        }
        Mode mode = a.containsKey("mode") ? mode(a.get("mode"), at + "/mode") : null;
        Map<String, Mode> rules = new LinkedHashMap<>();
        if (a.containsKey("rules")) {
            Map<String, Object> r = object(a.get("rules"), at + "/rules");
            for (Map.Entry<String, Object> e : r.entrySet()) {
                String ruleAt = at + "/rules/" + Json.pointerToken(e.getKey());
                if (!known.containsKey(e.getKey())) {
                    throw error(ruleAt, "unknown rule '" + e.getKey() + "'; rules of this aspect: " + known.keySet());
                }
                rules.put(e.getKey(), mode(e.getValue(), ruleAt));
            }
        }
        Map<String, Object> config = a.containsKey("config") ? object(a.get("config"), at + "/config")
                : Collections.<String, Object>emptyMap();
        return new Policy.AspectPolicy(enabled, mode, rules, config);
    }

    private Mode mode(Object v, String at) throws PolicyException {
        // YAML 1.1 reads an unquoted `off` as the boolean false
        Mode m = v instanceof String ? Mode.parse((String) v) : Boolean.FALSE.equals(v) ? Mode.OFF : null;
        if (m == null) {
            throw error(at, "unknown mode " + (v instanceof String ? "'" + v + "'" : String.valueOf(v)) + "; expected off, observe or block");
        }
        return m;
    }

    private String scalar(Object v, String at) throws PolicyException {
        if (v instanceof String || v instanceof Number) {
            return String.valueOf(v);
        }
        throw error(at, "expected a string");
    }

    private Long positive(Object v, String at) throws PolicyException {
        if (v instanceof Long || v instanceof Integer) {
            long n = ((Number) v).longValue();
            if (n > 0 && n < 1_000_000) {
                return n;
            }
        }
        throw error(at, "expected a whole number between 1 and 999999");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(Object v, String at) throws PolicyException {
        if (v instanceof Map) {
            return (Map<String, Object>) v;
        }
        throw error(at, "expected an object");
    }

    private void fields(Map<String, Object> m, String at, Set<String> allowed) throws PolicyException {
        for (String key : m.keySet()) {
            if (!allowed.contains(key)) {
                throw error(at + "/" + Json.pointerToken(key), "unknown field '" + key + "'; expected one of " + allowed);
            }
        }
    }

    private PolicyException error(String pointer, String message) {
        int[] pos = position(pointer);
        return new PolicyException(file + ":" + pos[0] + ":" + pos[1] + ": " + (pointer.isEmpty() ? "/" : pointer) + ": " + message);
    }

    private int[] position(String pointer) {
        String p = pointer;
        while (true) {
            int[] pos = positions.get(p);
            if (pos != null) {
                return pos;
            }
            if (p.isEmpty()) {
                return new int[] {1, 1};
            }
            int slash = p.lastIndexOf('/');
            p = slash <= 0 ? "" : p.substring(0, slash);
        }
    }

    // ------------------------------------------------------------------ YAML

    private static Object readYaml(String file, String text, Map<String, int[]> positions) throws PolicyException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(MAX_BYTES);
        Node node;
        try {
            node = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            int col = e.getProblemMark() == null ? 1 : e.getProblemMark().getColumn() + 1;
            throw new PolicyException(file + ":" + line + ":" + col + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new PolicyException(file + ": " + e.getMessage());
        }
        if (node == null) {
            return new LinkedHashMap<String, Object>();
        }
        return toJava(file, node, "", positions, 0);
    }

    private static Object toJava(String file, Node node, String pointer, Map<String, int[]> positions, int depth)
            throws PolicyException {
        positions.put(pointer, new int[] {node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1});
        if (depth > Json.MAX_DEPTH) {
            throw new PolicyException(file + ": nesting deeper than " + Json.MAX_DEPTH);
        }
        if (node instanceof MappingNode) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple t : ((MappingNode) node).getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode)) {
                    throw new PolicyException(file + ":" + (t.getKeyNode().getStartMark().getLine() + 1) + ": keys must be plain text");
                }
                String key = ((ScalarNode) t.getKeyNode()).getValue();
                if (map.containsKey(key)) { // compose() does not apply LoaderOptions.setAllowDuplicateKeys(false)
                    throw new PolicyException(file + ":" + (t.getKeyNode().getStartMark().getLine() + 1) + ":"
                            + (t.getKeyNode().getStartMark().getColumn() + 1) + ": " + pointer + "/" + Json.pointerToken(key)
                            + ": duplicate key '" + key + "'");
                }
                map.put(key, toJava(file, t.getValueNode(), pointer + "/" + Json.pointerToken(key), positions, depth + 1));
            }
            return map;
        }
        if (node instanceof SequenceNode) {
            List<Object> list = new ArrayList<>();
            for (Node n : ((SequenceNode) node).getValue()) {
                list.add(toJava(file, n, pointer + "/" + list.size(), positions, depth + 1));
            }
            return list;
        }
        ScalarNode s = (ScalarNode) node;
        String v = s.getValue();
        Tag tag = s.getTag();
        if (Tag.BOOL.equals(tag)) {
            return Boolean.valueOf(v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on"));
        }
        if (Tag.INT.equals(tag)) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                return v;
            }
        }
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        return v;
    }
}
