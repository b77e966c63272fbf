package secplane.advisories;

import java.util.Objects;

/**
 * The package an {@link Affected} entry is about (OSV schema, "affected[].package field").
 *
 * @param ecosystem e.g. {@code Maven}, or {@code Maven:<repository URL>} for a repository other
 *                  than the default one
 * @param name      for Maven {@code groupId:artifactId}
 * @param purl      the package URL without a version, or null
 */
public record AffectedPackage(String ecosystem, String name, String purl) {
    public AffectedPackage {
        Objects.requireNonNull(ecosystem, "ecosystem");
        Objects.requireNonNull(name, "name");
    }

    public static AffectedPackage maven(String group, String artifact) {
        return new AffectedPackage(Osv.MAVEN, group + ":" + artifact, null);
    }

    /**
     * True for {@code Maven} and {@code Maven:<repository URL>}: the OSV ecosystem list lets a Maven
     * package name the repository that best represents it, and versions there are Maven versions too.
     */
    public boolean isMaven() {
        return Osv.isMaven(ecosystem);
    }
}
