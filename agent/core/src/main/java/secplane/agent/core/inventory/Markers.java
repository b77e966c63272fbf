package secplane.agent.core.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import secplane.agent.core.Files2;

/**
 * The catalogue of marker classes ({@code markers.txt} beside this class): for each component the
 * control plane has advisories for, one class file whose presence in a jar, at its own path or
 * below a relocation prefix, proves that the jar holds a copy of the component.
 */
final class Markers {
    static final String RESOURCE = "markers.txt";

    /** One component and the class file that gives it away. */
    static final class Marker {
        final String group;
        final String artifact;
        /** {@code org/apache/logging/log4j/core/lookup/JndiLookup.class} */
        final String classFile;
        /** Manifest identities of the component besides its artifact id. */
        final String[] names;

        Marker(String group, String artifact, String classFile, String[] names) {
            this.group = group;
            this.artifact = artifact;
            this.classFile = classFile;
            this.names = names;
        }

        /** @return true if the coordinates name this component (the group may be unknown, as from a file name) */
        boolean identifies(Component c) {
            if (c.group != null && !c.group.equals(group)) {
                return false;
            }
            if (artifact.equals(c.artifact)) {
                return true;
            }
            for (String n : names) {
                if (n.equals(c.artifact)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return group + ":" + artifact;
        }
    }

    private final Marker[] markers;

    private Markers(List<Marker> markers) {
        this.markers = markers.toArray(new Marker[0]);
    }

    static Markers builtIn() {
        InputStream in = Markers.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("the marker catalogue " + RESOURCE + " is missing from the agent");
        }
        try {
            return parse(new String(Files2.readAll(in, 1024 * 1024, RESOURCE), StandardCharsets.UTF_8), RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("the marker catalogue " + RESOURCE + " cannot be read: " + e, e);
        }
    }

    /** @throws IllegalArgumentException naming the line that is not {@code group:artifact class-file [names...]} */
    static Markers parse(String text, String origin) {
        List<Marker> out = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            int colon = f[0].indexOf(':');
            if (f.length < 2 || colon <= 0 || colon == f[0].length() - 1 || !f[1].endsWith(".class") || f[1].startsWith("/")) {
                throw new IllegalArgumentException(origin + ":" + (i + 1) + ": expected 'group:artifact path/of/Marker.class [names...]', got '"
                        + line + "'");
            }
            String[] names = new String[f.length - 2];
            System.arraycopy(f, 2, names, 0, names.length);
            out.add(new Marker(f[0].substring(0, colon), f[0].substring(colon + 1), f[1], names));
        }
        return new Markers(out);
    }

    int size() {
        return markers.length;
    }

    Marker get(int i) {
        return markers[i];
    }

    /**
     * @return the index of the marker that {@code entry} (a class file's path in a jar) is, at its own
     *         path or below a prefix; -1 if none
     */
    int match(String entry) {
        for (int i = 0; i < markers.length; i++) {
            String m = markers[i].classFile;
            int cut = entry.length() - m.length();
            if (cut >= 0 && entry.endsWith(m) && (cut == 0 || entry.charAt(cut - 1) == '/')) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The package prefix an entry matched by {@link #match} was moved to, dotted
     * ({@code com.acme.shaded}), or "" if it is at its own path. The roots that class loaders strip
     * (multi-release {@code META-INF/versions/N/}, {@code BOOT-INF/classes/}, {@code WEB-INF/classes/})
     * are not relocations.
     */
    static String prefix(String entry, Marker marker) {
        int cut = entry.length() - marker.classFile.length();
        if (cut == 0) {
            return "";
        }
        String p = entry.substring(0, cut - 1);
        if (p.startsWith("META-INF/versions/")) {
            int slash = p.indexOf('/', "META-INF/versions/".length());
            p = slash < 0 ? "" : p.substring(slash + 1);
        }
        for (String root : new String[] {"BOOT-INF/classes", "WEB-INF/classes"}) {
            if (p.equals(root)) {
                p = "";
            } else if (p.startsWith(root + "/")) {
                p = p.substring(root.length() + 1);
            }
        }
        return p.replace('/', '.');
    }
}
