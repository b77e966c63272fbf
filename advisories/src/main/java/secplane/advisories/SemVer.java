package secplane.advisories;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Semantic Versioning 2.0.0 version and its precedence, for OSV {@code SEMVER} ranges (OSV schema,
 * "affected[].ranges[].type field": "The relation u &lt; v denotes the precedence order defined in
 * section 11 of SemVer 2.0").
 *
 * <p>Parsing follows the SemVer 2.0.0 grammar (section 2: non-negative integers without leading
 * zeroes; section 9: pre-release identifiers of [0-9A-Za-z-], numeric ones without leading zeroes;
 * section 10: build metadata). One leading {@code v} is tolerated: OSV asks for none, but tags and
 * some databases carry it. Numbers may exceed {@code long}.
 *
 * <p>{@link #compareTo} implements section 11 and ignores build metadata, so it is not consistent
 * with {@link #equals} for versions that differ only in build metadata.
 *
 * @param major      MAJOR
 * @param minor      MINOR
 * @param patch      PATCH
 * @param preRelease the dot-separated pre-release identifiers, empty for a normal version
 * @param build      the dot-separated build metadata identifiers, empty when absent
 */
public record SemVer(BigInteger major, BigInteger minor, BigInteger patch, List<String> preRelease, List<String> build)
        implements Comparable<SemVer> {

    private static final String NUMBER = "0|[1-9][0-9]*";
    private static final String PRE_ID = "0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*";
    private static final String BUILD_ID = "[0-9A-Za-z-]+";
    private static final Pattern SYNTAX = Pattern.compile(
            "v?(" + NUMBER + ")\\.(" + NUMBER + ")\\.(" + NUMBER + ")"
                    + "(?:-((?:" + PRE_ID + ")(?:\\.(?:" + PRE_ID + "))*))?"
                    + "(?:\\+(" + BUILD_ID + "(?:\\." + BUILD_ID + ")*))?");
    private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

    public SemVer {
        preRelease = List.copyOf(preRelease);
        build = List.copyOf(build);
    }

    /**
     * @throws IllegalArgumentException with the reason when {@code text} is not a SemVer 2.0.0 version
     */
    public static SemVer parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a SemVer 2.0.0 version (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], no leading zeroes)");
        }
        return new SemVer(new BigInteger(m.group(1)), new BigInteger(m.group(2)), new BigInteger(m.group(3)),
                m.group(4) == null ? List.of() : Arrays.asList(m.group(4).split("\\.")),
                m.group(5) == null ? List.of() : Arrays.asList(m.group(5).split("\\.")));
    }

    public static boolean isValid(String text) {
        return SYNTAX.matcher(text).matches();
    }

    /** SemVer 2.0.0 section 11, steps 1 to 4. */
    @Override
    public int compareTo(SemVer o) {
        // 11.2: major, minor, patch compared numerically
        int c = major.compareTo(o.major);
        if (c == 0) {
            c = minor.compareTo(o.minor);
        }
        if (c == 0) {
            c = patch.compareTo(o.patch);
        }
        if (c != 0) {
            return c;
        }
        // 11.3: a pre-release version has lower precedence than the normal version
        if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());
        }
        // 11.4: identifier by identifier
        int n = Math.min(preRelease.size(), o.preRelease.size());
        for (int i = 0; i < n; i++) {
            c = compareIdentifiers(preRelease.get(i), o.preRelease.get(i));
            if (c != 0) {
                return c;
            }
        }
        // 11.4.4: a larger set of pre-release fields has higher precedence
        return Integer.compare(preRelease.size(), o.preRelease.size());
    }

    private static int compareIdentifiers(String a, String b) {
        boolean an = NUMERIC.matcher(a).matches();
        boolean bn = NUMERIC.matcher(b).matches();
        if (an && bn) {
            return new BigInteger(a).compareTo(new BigInteger(b)); // 11.4.1
        }
        if (an != bn) {
            return an ? -1 : 1; // 11.4.3: numeric identifiers have lower precedence
        }
        return a.compareTo(b); // 11.4.2: ASCII order (identifiers are ASCII by grammar)
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(major).append('.').append(minor).append('.').append(patch);
        if (!preRelease.isEmpty()) {
            sb.append('-').append(String.join(".", preRelease));
        }
        if (!build.isEmpty()) {
            sb.append('+').append(String.join(".", build));
        }
        return sb.toString();
    }
}
