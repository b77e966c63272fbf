package secplane.advisories;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Constants and small rules of the OSV schema shared by the parser, the matcher and the writer. */
final class Osv {
    static final String MAVEN = "Maven";

    /**
     * {@code <DB>-<ENTRYID>} (OSV schema, "id, modified fields"): a database prefix starting with a
     * letter, then one or more hyphen-separated parts. Prefixes such as {@code ASB-A},
     * {@code SUSE-SU} and {@code openSUSE-SU} contain hyphens themselves and entry ids such as
     * {@code RHSA-2023:1234} contain colons, so the rule is about shape, not a closed prefix list:
     * the list of home databases grows, and private databases (our own {@code SECPLANE-} entries)
     * need their own prefix.
     */
    static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9._:]+)+");
    static final int MAX_ID = 200;

    /** RFC 3339 in UTC, ending in "Z", as the schema requires for modified, published and withdrawn. */
    static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?Z");

    private Osv() {
    }

    static boolean isMaven(String ecosystem) {
        return ecosystem.equals(MAVEN) || ecosystem.startsWith(MAVEN + ":");
    }

    static Map<String, Object> frozen(Map<String, Object> map) {
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
