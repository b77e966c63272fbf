package secplane.advisories;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One OSV range (OSV schema, "affected[].ranges[] field"): a timeline of events under the
 * ordering its {@link Type} defines.
 *
 * @param type             how the event versions are ordered
 * @param repo             the repository URL; required for {@link Type#GIT}, otherwise usually null
 * @param events           the events in the order the advisory lists them (evaluation sorts them)
 * @param databaseSpecific the range's {@code database_specific} object, empty when absent; it never
 *                         changes evaluation (OSV schema)
 */
public record Range(Type type, String repo, List<Event> events, Map<String, Object> databaseSpecific) {
    public Range {
        Objects.requireNonNull(type, "type");
        events = List.copyOf(events);
        databaseSpecific = Osv.frozen(databaseSpecific);
    }

    /** The range types OSV defines (OSV schema, "affected[].ranges[].type field"). */
    public enum Type {
        /** Versions are SemVer 2.0.0 and ordered by its section 11 precedence. */
        SEMVER,
        /** Versions are ordered as the package's ecosystem orders them: Maven's ComparableVersion for Maven. */
        ECOSYSTEM,
        /** Versions are commit hashes ordered by the commit graph; not evaluated for jars. */
        GIT
    }

    public static Range ecosystem(Event... events) {
        return new Range(Type.ECOSYSTEM, null, List.of(events), Map.of());
    }

    public static Range semver(Event... events) {
        return new Range(Type.SEMVER, null, List.of(events), Map.of());
    }
}
