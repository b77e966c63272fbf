package secplane.aspect;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an aspect saw: the rule it matches, a one-line reason and the evidence. */
public final class Finding {
    private final String rule;
    private final String message;
    private final Map<String, String> evidence;

    private Finding(String rule, String message, Map<String, String> evidence) {
        this.rule = rule;
        this.message = message;
        this.evidence = evidence;
    }

    public static Finding of(String rule, String message) {
        return new Finding(rule, message, Collections.<String, String>emptyMap());
    }

    /** @param keyValues alternating evidence keys and values */
    public static Finding of(String rule, String message, String... keyValues) {
        Map<String, String> evidence = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            evidence.put(keyValues[i], keyValues[i + 1]);
        }
        return new Finding(rule, message, Collections.unmodifiableMap(evidence));
    }

    public String rule() {
        return rule;
    }

    public String message() {
        return message;
    }

    public Map<String, String> evidence() {
        return evidence;
    }
}
