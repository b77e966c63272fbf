package secplane.agent.core.inventory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One library found in a jar: Maven coordinates and where they were read from. A jar may hold
 * several (a shaded jar keeps the {@code pom.properties} of what it merged).
 */
public final class Component implements Comparable<Component> {
    /** Where the coordinates come from, most to least reliable; {@code shaded} is a marker class. */
    public static final String POM = "pom.properties";
    public static final String MANIFEST = "manifest";
    public static final String FILENAME = "filename";
    public static final String SHADED = "shaded";

    final String group;
    final String artifact;
    final String version;
    final String source;
    /** Shaded copies only: the package prefix the component's classes were moved to, or null if they were not moved. */
    final String relocatedTo;

    Component(String group, String artifact, String version, String source, String relocatedTo) {
        this.group = group;
        this.artifact = artifact;
        this.version = version;
        this.source = source;
        this.relocatedTo = relocatedTo;
    }

    public String group() {
        return group;
    }

    public String artifact() {
        return artifact;
    }

    public String version() {
        return version;
    }

    public String source() {
        return source;
    }

    public String relocatedTo() {
        return relocatedTo;
    }

    Component withGroup(String g) {
        return new Component(g, artifact, version, source, relocatedTo);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group", group);
        m.put("artifact", artifact);
        m.put("version", version);
        m.put("source", source);
        if (SHADED.equals(source)) {
            m.put("relocatedTo", relocatedTo);
        }
        return m;
    }

    @Override
    public int compareTo(Component o) {
        int c = compare(group, o.group);
        if (c == 0) {
            c = compare(artifact, o.artifact);
        }
        if (c == 0) {
            c = compare(relocatedTo, o.relocatedTo);
        }
        if (c == 0) {
            c = compare(version, o.version);
        }
        return c != 0 ? c : compare(source, o.source);
    }

    private static int compare(String a, String b) {
        if (a == null) {
            return b == null ? 0 : -1;
        }
        return b == null ? 1 : a.compareTo(b);
    }

    @Override
    public String toString() {
        return (group == null ? "?" : group) + ":" + artifact + ":" + version + " (" + source
                + (relocatedTo == null ? "" : " as " + relocatedTo) + ")";
    }
}
