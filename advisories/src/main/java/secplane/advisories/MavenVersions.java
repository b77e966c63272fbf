package secplane.advisories;

import java.util.Comparator;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * The order of Maven versions, for OSV {@code ECOSYSTEM} ranges of Maven packages. OSV defines it as
 * Maven's own {@code ComparableVersion} ordering, so this delegates to Maven's implementation
 * (maven-artifact, version pinned in the parent POM) instead of re-implementing it: qualifiers
 * order as alpha &lt; beta &lt; milestone &lt; rc &lt; snapshot &lt; release &lt; sp, unknown
 * qualifiers after those, {@code .Final}/{@code .RELEASE}/{@code .GA} equal the bare release, and
 * trailing zeroes do not count ({@code 2.4} equals {@code 2.4.0}).
 */
public final class MavenVersions {
    /** Orders version strings as Maven does; every string is a valid Maven version. */
    public static final Comparator<String> ORDER = MavenVersions::compare;

    private MavenVersions() {
    }

    public static int compare(String a, String b) {
        return new ComparableVersion(a).compareTo(new ComparableVersion(b));
    }
}
