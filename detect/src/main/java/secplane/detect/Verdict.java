package secplane.detect;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a check found. {@link #none()} (shared) when nothing: then {@link #rule()}, {@link #input()}
 * and {@link #reason()} are null and {@link #evidence()} is empty. An attack names its rule (for
 * example {@code sql.injection}), the input that did it, one readable sentence, and a small evidence
 * map whose string values are at most {@value #EVIDENCE_CHARS} characters.
 */
public final class Verdict {
    /** Longest evidence value, in characters; longer ones are cut and end in "…". */
    public static final int EVIDENCE_CHARS = 256;

    private static final Verdict NONE = new Verdict(false, null, null, null, Collections.<String, Object>emptyMap());

    private final boolean attack;
    private final String rule;
    private final Input input;
    private final String reason;
    private final Map<String, Object> evidence;

    private Verdict(boolean attack, String rule, Input input, String reason, Map<String, Object> evidence) {
        this.attack = attack;
        this.rule = rule;
        this.input = input;
        this.reason = reason;
        this.evidence = evidence;
    }

    public static Verdict none() {
        return NONE;
    }

    /** @param keyValues alternating keys and values; values are cut to {@link #EVIDENCE_CHARS}, nulls left out */
    static Verdict attack(String rule, Input input, String reason, Object... keyValues) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("input.source", input.source());
        evidence.put("input.name", Text.clip(input.name(), EVIDENCE_CHARS));
        evidence.put("input.value", Text.clip(input.value(), EVIDENCE_CHARS));
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            if (v == null) {
                continue;
            }
            evidence.put(String.valueOf(keyValues[i]), v instanceof Number || v instanceof Boolean ? v : Text.clip(String.valueOf(v), EVIDENCE_CHARS));
        }
        return new Verdict(true, rule, input, reason, Collections.unmodifiableMap(evidence));
    }

    public boolean attack() {
        return attack;
    }

    public String rule() {
        return rule;
    }

    public Input input() {
        return input;
    }

    public String reason() {
        return reason;
    }

    public Map<String, Object> evidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return attack ? rule + ": " + reason : "none";
    }
}
