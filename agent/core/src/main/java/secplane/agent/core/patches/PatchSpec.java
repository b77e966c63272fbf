package secplane.agent.core.patches;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One entry of a policy's {@code patches} list, checked for form by the policy parser but not yet
 * against this JVM ({@link PatchPlanner} does that): which method of which class, and what it does
 * instead. See docs/agent.md, "Virtual patches".
 */
public final class PatchSpec {
    /** What a patched method does. */
    public enum Action {
        /** Returns {@code value} without running the method. */
        RETURN("return"),
        /** Throws a {@link SecurityException} with {@code message}. */
        THROW("throw"),
        /** Throws when {@code String.valueOf(args[arg])} (first 4096 characters) contains a match of {@code matches}. */
        BLOCK_IF("block-if");

        private final String wireName;

        Action(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** @return the action named so in a policy, or null */
        public static Action parse(String s) {
            for (Action a : values()) {
                if (a.wireName.equals(s)) {
                    return a;
                }
            }
            return null;
        }
    }

    private final int index;
    private final String id;
    private final List<String> advisories;
    private final String className;
    private final String method;
    private final String descriptor;
    private final Action action;
    private final Object value;
    private final String message;
    private final int arg;
    private final Pattern matches;
    private final List<String> instances;
    private final Map<String, String> where;

    /**
     * @param index      position in the policy's list
     * @param descriptor the exact JVM method descriptor, or null for every overload of {@code method}
     * @param value      for {@link Action#RETURN}: null, a String, a Long or BigDecimal, or a Boolean
     * @param message    for {@link Action#THROW} and {@link Action#BLOCK_IF}; null for the default
     * @param arg        for {@link Action#BLOCK_IF}, else -1
     * @param matches    for {@link Action#BLOCK_IF}, else null
     * @param instances  the instance ids the patch is for, or null for every instance
     * @param where      by field name ({@code class}, {@code method}, ...): "file:line:column: /patches/i/field",
     *                   the prefix of an error about that field
     */
    public PatchSpec(int index, String id, List<String> advisories, String className, String method, String descriptor,
            Action action, Object value, String message, int arg, Pattern matches, List<String> instances,
            Map<String, String> where) {
        this.index = index;
        this.id = id;
        this.advisories = Collections.unmodifiableList(advisories);
        this.className = className;
        this.method = method;
        this.descriptor = descriptor;
        this.action = action;
        this.value = value;
        this.message = message;
        this.arg = arg;
        this.matches = matches;
        this.instances = instances == null ? null : Collections.unmodifiableList(instances);
        this.where = Collections.unmodifiableMap(new LinkedHashMap<>(where));
    }

    public int index() {
        return index;
    }

    public String id() {
        return id;
    }

    public List<String> advisories() {
        return advisories;
    }

    /** The binary name, e.g. {@code org.apache.logging.log4j.core.lookup.JndiLookup}. */
    public String className() {
        return className;
    }

    public String internalName() {
        return className.replace('.', '/');
    }

    public String method() {
        return method;
    }

    /** The exact descriptor, or null for every overload. */
    public String descriptor() {
        return descriptor;
    }

    public Action action() {
        return action;
    }

    public Object value() {
        return value;
    }

    public String message() {
        return message;
    }

    public int arg() {
        return arg;
    }

    public Pattern matches() {
        return matches;
    }

    /** Null for every instance. */
    public List<String> instances() {
        return instances;
    }

    public boolean inScope(String instanceId) {
        return instances == null || instances.contains(instanceId);
    }

    /** "file:line:column: /patches/i/field", to start an error message about that field. */
    public String where(String field) {
        String w = where.get(field);
        if (w == null) {
            w = where.get("");
        }
        return w == null ? "/patches/" + index + "/" + field : w;
    }

    /** {@code JndiLookup.lookup}: the simple class name and the method, for messages. */
    public String shortName() {
        int dot = className.lastIndexOf('.');
        return className.substring(dot + 1) + "." + method;
    }
}
