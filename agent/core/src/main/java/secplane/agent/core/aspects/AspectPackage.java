package secplane.agent.core.aspects;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/**
 * An aspect jar read into memory. Its manifest names it:
 * {@code Secplane-Aspect-Id}, {@code Secplane-Aspect-Version}, {@code Secplane-Aspect-Class}.
 * Built-in and third-party aspects are the same kind of jar and load the same way.
 */
public final class AspectPackage {
    public static final long MAX_SIZE = 16L * 1024 * 1024;
    static final String ID = "Secplane-Aspect-Id";
    static final String VERSION = "Secplane-Aspect-Version";
    static final String CLASS = "Secplane-Aspect-Class";

    private final String id;
    private final String version;
    private final String className;
    private final String origin;
    private final String sha256;
    private final Map<String, byte[]> entries;

    private AspectPackage(String id, String version, String className, String origin, String sha256,
            Map<String, byte[]> entries) {
        this.id = id;
        this.version = version;
        this.className = className;
        this.origin = origin;
        this.sha256 = sha256;
        this.entries = entries;
    }

    /** @param origin where the jar came from, for messages ("built-in", a file path) */
    public static AspectPackage read(byte[] jar, String origin) throws IOException {
        if (jar.length > MAX_SIZE) {
            throw new IOException(origin + ": aspect jar is larger than " + MAX_SIZE + " bytes");
        }
        Map<String, byte[]> entries = new HashMap<>();
        Manifest manifest;
        JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar), false);
        try {
            manifest = in.getManifest();
            JarEntry entry;
            byte[] buf = new byte[8192];
            while ((entry = in.getNextJarEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                }
                entries.put(entry.getName(), out.toByteArray());
            }
        } finally {
            in.close();
        }
        if (manifest == null) {
            throw new IOException(origin + ": not an aspect jar (no META-INF/MANIFEST.MF)");
        }
        Attributes a = manifest.getMainAttributes();
        String id = require(a, ID, origin);
        String version = require(a, VERSION, origin);
        String className = require(a, CLASS, origin);
        if (!id.matches("[a-z][a-z0-9.-]{0,63}")) {
            throw new IOException(origin + ": aspect id '" + id + "' must be lower case letters, digits, '.' or '-'");
        }
        if (!entries.containsKey(className.replace('.', '/') + ".class")) {
            throw new IOException(origin + ": " + CLASS + " " + className + " is not in the jar");
        }
        return new AspectPackage(id, version, className, origin, sha256(jar), Collections.unmodifiableMap(entries));
    }

    private static String require(Attributes a, String name, String origin) throws IOException {
        String v = a.getValue(name);
        if (v == null || v.trim().isEmpty()) {
            throw new IOException(origin + ": manifest lacks " + name);
        }
        return v.trim();
    }

    static String sha256(byte[] data) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(data);
            StringBuilder sb = new StringBuilder();
            for (byte b : d) {
                sb.append(String.format("%02x", b));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String id() {
        return id;
    }

    public String version() {
        return version;
    }

    public String className() {
        return className;
    }

    public String origin() {
        return origin;
    }

    public String sha256() {
        return sha256;
    }

    byte[] entry(String name) {
        return entries.get(name);
    }

    /**
     * Compares versions as SemVer orders them: dotted numeric parts numerically ("1.2.10" >
     * "1.2.9", "2.0" == "2.0.0"), and a pre-release below its release ("1.0.0-rc1" < "1.0.0");
     * pre-release tags compare part by part, numerically where both parts are numbers.
     */
    public static int compareVersions(String a, String b) {
        int dashA = a.indexOf('-');
        int dashB = b.indexOf('-');
        int c = compareParts(dashA < 0 ? a : a.substring(0, dashA), dashB < 0 ? b : b.substring(0, dashB), "0");
        if (c != 0) {
            return c;
        }
        if (dashA < 0 || dashB < 0) {
            return dashA < 0 ? (dashB < 0 ? 0 : 1) : -1;
        }
        return compareParts(a.substring(dashA + 1), b.substring(dashB + 1), "");
    }

    private static int compareParts(String a, String b, String missing) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : missing;
            String q = i < y.length ? y[i] : missing;
            int c;
            try {
                c = Long.compare(Long.parseLong(p), Long.parseLong(q));
            } catch (NumberFormatException e) {
                c = p.compareTo(q);
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
