package secplane.advisories;

import java.util.Objects;

/**
 * A Maven component found in a JVM: the coordinates that identify it and how they were found.
 *
 * @param group    the groupId
 * @param artifact the artifactId
 * @param version  the version, or null when it is unknown (a shaded copy without its pom.properties,
 *                 for instance); matching then reports {@link Match.Verdict#VERSION_UNKNOWN}
 * @param source   how the coordinates were found, free text such as {@code pom.properties},
 *                 {@code manifest} or {@code file name}; {@code shaded} (or text starting with
 *                 {@code shaded:}) marks a copy found inside another jar. May be null.
 */
public record Component(String group, String artifact, String version, String source) {
    public Component {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(artifact, "artifact");
        if (group.isBlank() || artifact.isBlank()) {
            throw new IllegalArgumentException("a component needs a groupId and an artifactId, got '" + group + ":" + artifact + "'");
        }
    }

    public static Component of(String group, String artifact, String version) {
        return new Component(group, artifact, version, null);
    }

    /** The OSV package name of a Maven component: {@code groupId:artifactId}. */
    public String packageName() {
        return group + ":" + artifact;
    }

    /** True when the version is missing or blank. */
    public boolean versionUnknown() {
        return version == null || version.isBlank();
    }

    /** True when {@link #source()} says the component was found shaded inside another jar. */
    public boolean shaded() {
        return source != null && (source.equals("shaded") || source.startsWith("shaded:"));
    }

    @Override
    public String toString() {
        return packageName() + ":" + (versionUnknown() ? "?" : version);
    }
}
