package secplane.governance.detectors;

import java.util.List;

/**
 * Recognises one sensitive data type. A detector either validates candidates the engine has already cut out
 * of the text (identifiers made of digits and letters), or scans the text itself behind a cheap prefilter
 * (e-mail addresses after '@', keys after "-----BEGIN", names after their context words).
 */
public interface Detector {
    /** The data type, a key of the classification catalog, e.g. {@code CN_RESIDENT_ID}. */
    String type();

    Region region();

    /** The rule in one line and the standard or source it follows, for docs/governance.md. */
    String rule();

    /** Validates one candidate; adds a finding to out when it is this type. */
    default void candidate(Candidate c, String field, List<Finding> out) {
    }

    /** Scans the whole text; only detectors that return true from {@link #scansText()} are called. */
    default void scan(String text, TextFeatures features, String field, List<Finding> out) {
    }

    default boolean scansText() {
        return false;
    }
}
