package secplane.advisories;

import java.util.List;
import java.util.Map;

/**
 * One entry of an advisory's {@code affected} array (OSV schema, "affected fields"): a package and
 * the versions of it that contain the vulnerability. A version is affected when it is listed in
 * {@link #versions()} or lies in any one of {@link #ranges()}.
 *
 * @param pkg               the package, or null when the advisory gives only GIT ranges
 * @param severity          per-package severity, empty when absent
 * @param ranges            the ranges, empty when absent
 * @param versions          the enumerated affected versions, empty when absent
 * @param ecosystemSpecific the {@code ecosystem_specific} object, empty when absent
 * @param databaseSpecific  the {@code database_specific} object, empty when absent
 */
public record Affected(AffectedPackage pkg, List<Severity> severity, List<Range> ranges, List<String> versions,
        Map<String, Object> ecosystemSpecific, Map<String, Object> databaseSpecific) {
    public Affected {
        severity = List.copyOf(severity);
        ranges = List.copyOf(ranges);
        versions = List.copyOf(versions);
        ecosystemSpecific = Osv.frozen(ecosystemSpecific);
        databaseSpecific = Osv.frozen(databaseSpecific);
    }

    public static Affected of(AffectedPackage pkg, List<Range> ranges, List<String> versions) {
        return new Affected(pkg, List.of(), ranges, versions, Map.of(), Map.of());
    }
}
