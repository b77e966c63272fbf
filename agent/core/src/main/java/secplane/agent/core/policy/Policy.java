package secplane.agent.core.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import secplane.agent.core.patches.PatchSpec;
import secplane.aspect.Mode;

/**
 * A policy as written by an operator: an overlay on the built-in defaults. What it does not
 * mention keeps its default, so an empty policy is the default policy.
 *
 * <p>Precedence for one rule: the rule's entry in {@code aspects.<id>.rules}, else
 * {@code aspects.<id>.mode}, else the top-level {@code mode}, else the rule's default. The two
 * {@code mode} fields only touch rules that are on by default; a rule that is off by default
 * (such as {@code process.never}) is switched on only by naming it.
 */
public final class Policy {
    public static final Policy DEFAULT = new Policy("built-in", "built-in default", null, null, null,
            Collections.<String, AspectPolicy>emptyMap());

    private final String version;
    private final String source;
    private final Mode mode;
    private final Long budgetMillis;
    private final Long quarantineAfter;
    private final Map<String, AspectPolicy> aspects;
    private final List<PatchSpec> patches;

    public Policy(String version, String source, Mode mode, Long budgetMillis, Long quarantineAfter,
            Map<String, AspectPolicy> aspects) {
        this(version, source, mode, budgetMillis, quarantineAfter, aspects, Collections.<PatchSpec>emptyList());
    }

    public Policy(String version, String source, Mode mode, Long budgetMillis, Long quarantineAfter,
            Map<String, AspectPolicy> aspects, List<PatchSpec> patches) {
        this.version = version;
        this.source = source;
        this.mode = mode;
        this.budgetMillis = budgetMillis;
        this.quarantineAfter = quarantineAfter;
        this.aspects = Collections.unmodifiableMap(new LinkedHashMap<>(aspects));
        this.patches = Collections.unmodifiableList(new ArrayList<>(patches));
    }

    public String version() {
        return version;
    }

    public String source() {
        return source;
    }

    public Mode mode() {
        return mode;
    }

    public Long budgetMillis() {
        return budgetMillis;
    }

    public Long quarantineAfter() {
        return quarantineAfter;
    }

    public Map<String, AspectPolicy> aspects() {
        return aspects;
    }

    /** The virtual patches, in the policy's order; checked for form, not yet against the JVM. */
    public List<PatchSpec> patches() {
        return patches;
    }

    public AspectPolicy aspect(String id) {
        AspectPolicy p = aspects.get(id);
        return p == null ? AspectPolicy.NONE : p;
    }

    /** Resolves one rule's mode under this policy. */
    public Mode modeOf(String aspectId, String ruleId, Mode ruleDefault) {
        AspectPolicy a = aspect(aspectId);
        Mode explicit = a.rules().get(ruleId);
        if (explicit != null) {
            return explicit;
        }
        if (ruleDefault == Mode.OFF) {
            return Mode.OFF;
        }
        if (a.mode() != null) {
            return a.mode();
        }
        return mode != null ? mode : ruleDefault;
    }

    /** One aspect's part of a policy. */
    public static final class AspectPolicy {
        static final AspectPolicy NONE = new AspectPolicy(true, null, Collections.<String, Mode>emptyMap(),
                Collections.<String, Object>emptyMap());

        private final boolean enabled;
        private final Mode mode;
        private final Map<String, Mode> rules;
        private final Map<String, Object> config;

        public AspectPolicy(boolean enabled, Mode mode, Map<String, Mode> rules, Map<String, Object> config) {
            this.enabled = enabled;
            this.mode = mode;
            this.rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
            this.config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        }

        public boolean enabled() {
            return enabled;
        }

        public Mode mode() {
            return mode;
        }

        public Map<String, Mode> rules() {
            return rules;
        }

        public Map<String, Object> config() {
            return config;
        }
    }
}
