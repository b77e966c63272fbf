package secplane.advisories;

import java.util.Objects;

/**
 * One OSV severity score (OSV schema, "severity field").
 *
 * @param type  e.g. {@code CVSS_V3}; types this module does not know are kept as given
 * @param score for CVSS types the vector string, e.g. {@code CVSS:3.1/AV:N/AC:L/...}
 */
public record Severity(String type, String score) {
    public Severity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(score, "score");
    }
}
