package secplane.agent.core.inventory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import secplane.protocol.Canonical;

/**
 * What runs in this JVM at one moment (docs/protocol.md, "Inventory"): the JDK, the application
 * server if one is recognised, and every jar and class directory in use. {@link #hash} is the
 * SHA-256 of the canonical JSON of the jar list, so two inventories with the same jars have the
 * same hash whatever order they were found in; {@link #version} grows by one with each change.
 */
public final class Inventory {
    final long version;
    final String collectedAt;
    final String hash;
    final Map<String, Object> jdk;
    final Map<String, Object> appServer;
    final List<Jar> jars;

    Inventory(long version, String collectedAt, Map<String, Object> jdk, Map<String, Object> appServer, List<Jar> jars) {
        this.version = version;
        this.collectedAt = collectedAt;
        this.jdk = jdk;
        this.appServer = appServer;
        List<Jar> sorted = new ArrayList<>(jars);
        Collections.sort(sorted);
        this.jars = Collections.unmodifiableList(sorted);
        this.hash = hash(this.jars);
    }

    private Inventory(Inventory content, long version, String collectedAt) {
        this.version = version;
        this.collectedAt = collectedAt;
        this.jdk = content.jdk;
        this.appServer = content.appServer;
        this.jars = content.jars;
        this.hash = content.hash;
    }

    Inventory withVersion(long v, String at) {
        return new Inventory(this, v, at);
    }

    public long version() {
        return version;
    }

    public String collectedAt() {
        return collectedAt;
    }

    public String hash() {
        return hash;
    }

    public Map<String, Object> jdk() {
        return jdk;
    }

    /** {@code {"name", "version"}}, or null. */
    public Map<String, Object> appServer() {
        return appServer;
    }

    public List<Jar> jars() {
        return jars;
    }

    /** @return the entry with this path, or null */
    public Jar jar(String path) {
        for (Jar j : jars) {
            if (j.path.equals(path)) {
                return j;
            }
        }
        return null;
    }

    /** Same jars and same application server; the version and time do not count. */
    boolean sameContent(Inventory o) {
        return o != null && hash.equals(o.hash) && (appServer == null ? o.appServer == null : appServer.equals(o.appServer));
    }

    /** The body of {@code PUT /v1/agents/{agentId}/inventory} and of {@code inventory.json}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inventoryVersion", version);
        m.put("collectedAt", collectedAt);
        m.put("hash", hash);
        m.put("jdk", jdk);
        m.put("appServer", appServer);
        m.put("jars", jarMaps(jars));
        return m;
    }

    private static List<Map<String, Object>> jarMaps(List<Jar> jars) {
        List<Map<String, Object>> list = new ArrayList<>(jars.size());
        for (Jar j : jars) {
            list.add(j.toMap());
        }
        return list;
    }

    private static String hash(List<Jar> jars) {
        try {
            return JarScanner.hex(MessageDigest.getInstance("SHA-256").digest(Canonical.bytes(jarMaps(jars))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
