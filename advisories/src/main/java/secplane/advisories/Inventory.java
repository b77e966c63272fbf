package secplane.advisories;

import java.util.List;
import java.util.Objects;

/**
 * What runs in one JVM, as the CycloneDX export takes it.
 *
 * @param service  the service the JVM belongs to
 * @param instance the instance (agent) id
 * @param jdk      the Java runtime, e.g. {@code Eclipse Adoptium 17.0.15+6}, or null
 * @param jars     the jars loaded
 */
public record Inventory(String service, String instance, String jdk, List<Jar> jars) {
    public Inventory {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(instance, "instance");
        jars = List.copyOf(jars);
    }

    /**
     * One jar file.
     *
     * @param path       where it was loaded from
     * @param sha256     the SHA-256 of the file, 64 hex digits
     * @param size       its size in bytes
     * @param components the Maven components found in it: those not {@link Component#shaded() shaded}
     *                   identify the jar itself (the first of them is used), the shaded ones are
     *                   copies of other libraries found inside it
     */
    public record Jar(String path, String sha256, long size, List<Component> components) {
        public Jar {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(sha256, "sha256");
            if (!sha256.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("sha256 must be 64 hex digits, got '" + sha256 + "'");
            }
            components = List.copyOf(components);
        }
    }
}
