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
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
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
import secplane.agent.core.patches.PatchSpec;
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
 *   },
 *   "patches": [                         // virtual patches: docs/agent.md, "Virtual patches"
 *     {"id": "log4shell-jndi-lookup", "class": "org.apache.logging.log4j.core.lookup.JndiLookup",
 *      "method": "lookup", "action": "return", "value": null}
 *   ]
 * }
 * </pre>
 *
 * <p>Patches are checked here for form only; {@code patches.PatchPlanner} checks them against the
 * running JVM before anything is applied.
 */
public final class PolicyParser {
    public static final int MAX_BYTES = 1024 * 1024;
    private static final Set<String> TOP = new LinkedHashSet<>(Arrays.asList("version", "mode", "limits", "aspects", "patches"));
    private static final Set<String> LIMITS = new LinkedHashSet<>(Arrays.asList("budgetMillis", "quarantineAfter"));
    private static final Set<String> ASPECT = new LinkedHashSet<>(Arrays.asList("enabled", "mode", "rules", "config"));
    private static final Set<String> PATCH = new LinkedHashSet<>(Arrays.asList("id", "set", "advisories", "class", "method", "descriptor",
            "action", "value", "message", "arg", "matches", "instances"));
    /** More patches than this in one policy is a mistake, not an emergency response. */
    public static final int MAX_PATCHES = 256;
    private static final int MAX_TEXT = 1024;
    private static final Pattern PATCH_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final String IDENTIFIER = "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*";
    private static final Pattern CLASS_NAME = Pattern.compile(IDENTIFIER + "(\\." + IDENTIFIER + ")*");
    private static final Pattern METHOD_NAME = Pattern.compile("<init>|" + IDENTIFIER);

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
        List<PatchSpec> patches = top.containsKey("patches") ? patches(top.get("patches")) : Collections.<PatchSpec>emptyList();
        return new Policy(version, file, mode, budget, quarantine, aspects, patches);
    }

    // ------------------------------------------------------------------ virtual patches

    private List<PatchSpec> patches(Object v) throws PolicyException {
        if (!(v instanceof List)) {
            throw error("/patches", "expected a list of patches");
        }
        List<?> list = (List<?>) v;
        if (list.size() > MAX_PATCHES) {
            throw error("/patches", list.size() + " patches; at most " + MAX_PATCHES + " are accepted in one policy");
        }
        List<PatchSpec> out = new ArrayList<>();
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            PatchSpec p = patch(list.get(i), i);
            Integer other = ids.put(p.id(), i);
            if (other != null) {
                throw error("/patches/" + i + "/id", "duplicate patch id '" + p.id() + "' (also /patches/" + other + "/id)");
            }
            out.add(p);
        }
        return out;
    }

    private PatchSpec patch(Object v, int index) throws PolicyException {
        String at = "/patches/" + index;
        Map<String, Object> p = object(v, at);
        fields(p, at, PATCH);
        String id = requiredText(p, at, "id");
        if (!PATCH_ID.matcher(id).matches()) {
            throw error(at + "/id", "'" + id + "' is not a patch id; expected 1 to 64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
        }
        if (p.containsKey("set")) {
            // informational: the patch set the control plane applied this entry with (docs/agent.md)
            requiredText(p, at, "set");
        }
        List<String> advisories = p.containsKey("advisories") ? texts(p.get("advisories"), at + "/advisories", false)
                : Collections.<String>emptyList();
        String className = requiredText(p, at, "class");
        if (className.indexOf('/') >= 0 || className.startsWith("[") || !CLASS_NAME.matcher(className).matches()) {
            throw error(at + "/class", "'" + className + "' is not a class name; expected a binary name with dots, such as "
                    + "org.apache.logging.log4j.core.lookup.JndiLookup (and '$' for a nested class)");
        }
        String method = requiredText(p, at, "method");
        if (method.equals("<clinit>")) {
            throw error(at + "/method", "a static initialiser cannot be patched: it runs once, when the class loads; patch the method it calls");
        }
        if (!METHOD_NAME.matcher(method).matches()) {
            throw error(at + "/method", "'" + method + "' is not a method name; expected a Java identifier or <init> for a constructor");
        }
        String descriptor = null;
        if (p.containsKey("descriptor")) {
            descriptor = requiredText(p, at, "descriptor");
            if (!isMethodDescriptor(descriptor)) {
                throw error(at + "/descriptor", "'" + descriptor + "' is not a JVM method descriptor; expected e.g. "
                        + "(Lorg/apache/logging/log4j/core/LogEvent;Ljava/lang/String;)Ljava/lang/String; (javap -s prints them), "
                        + "or leave descriptor out for every overload");
            }
        }
        String actionName = requiredText(p, at, "action");
        PatchSpec.Action action = PatchSpec.Action.parse(actionName);
        if (action == null) {
            throw error(at + "/action", "unknown action '" + actionName + "'; expected return, throw or block-if");
        }
        only(p, at, action, "value", PatchSpec.Action.RETURN);
        only(p, at, action, "message", PatchSpec.Action.THROW, PatchSpec.Action.BLOCK_IF);
        only(p, at, action, "arg", PatchSpec.Action.BLOCK_IF);
        only(p, at, action, "matches", PatchSpec.Action.BLOCK_IF);
        Object value = p.get("value");
        if (value != null && !(value instanceof String || value instanceof Long || value instanceof java.math.BigDecimal
                || value instanceof Boolean)) {
            throw error(at + "/value", "expected null, a string, a number or true/false");
        }
        String message = null;
        if (p.containsKey("message")) {
            message = requiredText(p, at, "message");
            if (message.length() > MAX_TEXT) {
                throw error(at + "/message", "longer than " + MAX_TEXT + " characters");
            }
        }
        int arg = -1;
        Pattern matches = null;
        if (action == PatchSpec.Action.BLOCK_IF) {
            if (!p.containsKey("arg")) {
                throw error(at, "action block-if needs 'arg', the index of the argument to test (0 for the first)");
            }
            Object a = p.get("arg");
            if (!(a instanceof Long) || (Long) a < 0 || (Long) a > 254) {
                throw error(at + "/arg", "expected the index of an argument, a whole number from 0 (the first) to 254");
            }
            arg = ((Long) a).intValue();
            if (!p.containsKey("matches")) {
                throw error(at, "action block-if needs 'matches', a Java regular expression searched for in the argument");
            }
            String regex = requiredText(p, at, "matches");
            if (regex.length() > MAX_TEXT) {
                throw error(at + "/matches", "longer than " + MAX_TEXT + " characters");
            }
            try {
                matches = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw error(at + "/matches", "not a valid Java regular expression: " + e.getDescription() + " near index "
                        + e.getIndex() + " of '" + regex + "'");
            }
        }
        List<String> instances = null;
        if (p.containsKey("instances")) {
            instances = texts(p.get("instances"), at + "/instances", true);
        }
        Map<String, String> where = new LinkedHashMap<>();
        where.put("", prefix(at));
        for (String f : PATCH) {
            where.put(f, prefix(p.containsKey(f) ? at + "/" + f : at));
        }
        return new PatchSpec(index, id, advisories, className, method, descriptor, action, value, message, arg, matches, instances, where);
    }

    private void only(Map<String, Object> p, String at, PatchSpec.Action action, String field, PatchSpec.Action... allowed)
            throws PolicyException {
        if (!p.containsKey(field)) {
            return;
        }
        for (PatchSpec.Action a : allowed) {
            if (a == action) {
                return;
            }
        }
        StringBuilder names = new StringBuilder();
        for (PatchSpec.Action a : allowed) {
            names.append(names.length() == 0 ? "" : " and ").append(a.wireName());
        }
        throw error(at + "/" + field, "'" + field + "' is only for action " + names + ", not " + action.wireName());
    }

    private String requiredText(Map<String, Object> p, String at, String field) throws PolicyException {
        if (!p.containsKey(field)) {
            throw error(at, "missing '" + field + "'");
        }
        Object v = p.get(field);
        if (!(v instanceof String) || ((String) v).isEmpty()) {
            throw error(at + "/" + field, "expected a non-empty string");
        }
        if (((String) v).length() > MAX_TEXT) {
            throw error(at + "/" + field, "longer than " + MAX_TEXT + " characters");
        }
        return (String) v;
    }

    private List<String> texts(Object v, String at, boolean nonEmpty) throws PolicyException {
        if (!(v instanceof List)) {
            throw error(at, "expected a list of strings");
        }
        List<?> list = (List<?>) v;
        if (nonEmpty && list.isEmpty()) {
            throw error(at, "expected at least one instance id; leave the field out to patch every instance");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object o = list.get(i);
            if (!(o instanceof String) || ((String) o).isEmpty() || ((String) o).length() > 200) {
                throw error(at + "/" + i, "expected a non-empty string of at most 200 characters");
            }
            out.add((String) o);
        }
        return out;
    }

    /** {@code (params)return} in the JVM's notation (JVMS 4.3.3). */
    static boolean isMethodDescriptor(String d) {
        if (d.isEmpty() || d.charAt(0) != '(') {
            return false;
        }
        int i = 1;
        while (i < d.length() && d.charAt(i) != ')') {
            i = fieldType(d, i);
            if (i < 0) {
                return false;
            }
        }
        if (i >= d.length()) {
            return false;
        }
        i++;
        if (i == d.length() - 1 && d.charAt(i) == 'V') {
            return true;
        }
        return i < d.length() && fieldType(d, i) == d.length();
    }

    /** @return the index after the field type starting at {@code i}, or -1 */
    private static int fieldType(String d, int i) {
        int dims = 0;
        while (i < d.length() && d.charAt(i) == '[') {
            i++;
            if (++dims > 255) {
                return -1;
            }
        }
        if (i >= d.length()) {
            return -1;
        }
        char c = d.charAt(i);
        if ("BCDFIJSZ".indexOf(c) >= 0) {
            return i + 1;
        }
        if (c != 'L') {
            return -1;
        }
        int end = d.indexOf(';', i);
        if (end <= i + 1) {
            return -1;
        }
        String name = d.substring(i + 1, end);
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.indexOf('.') >= 0 || part.indexOf('[') >= 0 || part.indexOf('(') >= 0
                    || part.indexOf(')') >= 0 || part.indexOf('<') >= 0 || part.indexOf('>') >= 0) {
                return -1;
            }
        }
        return end + 1;
    }

    private String prefix(String pointer) {
        int[] pos = position(pointer);
        return file + ":" + pos[0] + ":" + pos[1] + ": " + pointer;
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
        if (Tag.FLOAT.equals(tag)) {
            try {
                return new java.math.BigDecimal(v);
            } catch (NumberFormatException e) {
                return v; // .inf, .nan: not numbers a policy accepts anywhere
            }
        }
        return v;
    }
}
