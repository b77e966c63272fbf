package secplane.agent.core.inventory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of the inventory: a jar (on disk, or nested in another as
 * {@code /srv/app.jar!/BOOT-INF/lib/x.jar}) with its size, SHA-256 and components, or a directory
 * of classes ({@code kind: dir}, neither hashed nor looked into).
 */
public final class Jar implements Comparable<Jar> {
    public static final String JAR = "jar";
    public static final String DIR = "dir";

    final String path;
    final String kind;
    /** Bytes hashed; -1 for a directory or a jar that could not be read at all. */
    final long size;
    /** Hex, or null for a directory or a jar that could not be read at all. */
    final String sha256;
    final List<Component> components;
    /** Why the jar could not be read completely, or null. */
    final String error;

    Jar(String path, String kind, long size, String sha256, List<Component> components, String error) {
        this.path = path;
        this.kind = kind;
        this.size = size;
        this.sha256 = sha256;
        List<Component> sorted = new ArrayList<>(components);
        Collections.sort(sorted);
        this.components = Collections.unmodifiableList(sorted);
        this.error = error;
    }

    static Jar dir(String path) {
        return new Jar(path, DIR, -1, null, Collections.<Component>emptyList(), null);
    }

    static Jar unreadable(String path, String error) {
        return new Jar(path, JAR, -1, null, Collections.<Component>emptyList(), error);
    }

    public String path() {
        return path;
    }

    public String kind() {
        return kind;
    }

    public long size() {
        return size;
    }

    public String sha256() {
        return sha256;
    }

    public List<Component> components() {
        return components;
    }

    public String error() {
        return error;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("kind", kind);
        if (JAR.equals(kind)) {
            if (size >= 0) {
                m.put("size", size);
            }
            if (sha256 != null) {
                m.put("sha256", sha256);
            }
        }
        List<Map<String, Object>> list = new ArrayList<>(components.size());
        for (Component c : components) {
            list.add(c.toMap());
        }
        m.put("components", list);
        if (error != null) {
            m.put("error", error);
        }
        return m;
    }

    @Override
    public int compareTo(Jar o) {
        return path.compareTo(o.path);
    }

    @Override
    public String toString() {
        return path + (sha256 == null ? "" : " " + sha256) + " " + components + (error == null ? "" : " error: " + error);
    }
}
