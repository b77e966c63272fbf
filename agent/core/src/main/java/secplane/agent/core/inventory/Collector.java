package secplane.agent.core.inventory;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds every jar and class directory in use in this JVM and reads each one once: the code
 * sources of all loaded classes, the class path, and the boot class path additions; a fat jar the
 * JVM runs is read with all of its nested libraries. The JDK's own files are left out (the JDK is
 * reported as {@code jdk}).
 *
 * <p>A file is read again only when its size or modification time changes; between collections
 * only the results are kept (a few hundred bytes per jar), never contents. Not thread-safe: one
 * thread collects.
 */
public final class Collector {
    /** Every class the JVM has loaded: {@link Instrumentation#getAllLoadedClasses()} in the agent. */
    public interface LoadedClasses {
        Class<?>[] get();
    }

    /** One file's last reading. */
    private static final class Cached {
        final String stamp;
        final Set<String> wanted;
        final JarScanner.FileScan scan;

        Cached(String stamp, Set<String> wanted, JarScanner.FileScan scan) {
            this.stamp = stamp;
            this.wanted = wanted;
            this.scan = scan;
        }
    }

    private final LoadedClasses loaded;
    private final List<String> classPath;
    private final String launchedJar;
    private final List<String> jdkHomes = new ArrayList<>();
    private final Markers markers;
    private final Map<String, Cached> cache = new HashMap<>();
    private Set<String> covered = Collections.emptySet();
    private int filesRead;

    /**
     * @param classPath   class path entries as the JVM was given them
     * @param launchedJar the jar the JVM runs ({@code java -jar}), whose nested libraries are all in use, or null
     * @param javaHome    {@code java.home}: files below it are the JDK's
     */
    public Collector(LoadedClasses loaded, List<String> classPath, String launchedJar, String javaHome) {
        this(loaded, classPath, launchedJar, javaHome, Markers.builtIn());
    }

    Collector(LoadedClasses loaded, List<String> classPath, String launchedJar, String javaHome, Markers markers) {
        this.loaded = loaded;
        this.classPath = new ArrayList<>(classPath);
        this.launchedJar = launchedJar == null ? null : Location.normalise(launchedJar);
        if (javaHome != null && !javaHome.isEmpty()) {
            String home = Location.normalise(javaHome);
            jdkHomes.add(home);
            File f = new File(home);
            if (f.getName().equals("jre") && f.getParent() != null) {
                // Java 8: java.home is the JDK's jre/, and lib/tools.jar sits beside it
                jdkHomes.add(f.getParent());
            }
        }
        this.markers = markers;
    }

    /** This JVM: its loaded classes, {@code java.class.path}, and the boot class path's additions. */
    public static Collector forThisJvm(final Instrumentation instrumentation) {
        List<String> appPath = split(System.getProperty("java.class.path"));
        List<String> all = new ArrayList<>(appPath);
        all.addAll(split(System.getProperty("jdk.boot.class.path.append")));
        all.addAll(split(System.getProperty("sun.boot.class.path")));
        // java -jar app.jar (or a class path of one jar): that jar is the application
        String launched = appPath.size() == 1 && new File(appPath.get(0)).isFile() ? appPath.get(0) : null;
        return new Collector(new LoadedClasses() {
            @Override
            public Class<?>[] get() {
                return instrumentation.getAllLoadedClasses();
            }
        }, all, launched, System.getProperty("java.home"));
    }

    static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        if (path != null) {
            for (String p : path.split(File.pathSeparator)) {
                if (!p.trim().isEmpty()) {
                    out.add(p.trim());
                }
            }
        }
        return out;
    }

    /** @return true if the last collection included this inventory path ({@link Location#key()}) */
    boolean covers(String key) {
        return covered.contains(key);
    }

    /** @return true if classes from this code source would change the inventory: it is not the JDK's, and not covered yet */
    boolean isNew(Location l) {
        return l != null && !isJdk(l.file) && !covered.contains(l.key());
    }

    /** Files read (hashed) since this collector was made: a file read again only when it changed. */
    int filesRead() {
        return filesRead;
    }

    /** @return the inventory as it is now, with version 0 and no time; the caller numbers it */
    public Inventory collect() {
        Map<String, Class<?>> probes = new HashMap<>();
        Map<String, Set<String>> files = new TreeMap<>();
        Set<String> loadedFrom = new HashSet<>();
        Map<ProtectionDomain, Boolean> domains = new IdentityHashMap<>();
        for (Class<?> c : loaded.get()) {
            String name = c.getName();
            if (AppServers.isProbe(name)) {
                probes.put(name, c);
            }
            ProtectionDomain pd;
            try {
                pd = c.getProtectionDomain();
            } catch (SecurityException e) {
                continue;
            }
            if (pd == null || domains.put(pd, Boolean.TRUE) != null) {
                continue;
            }
            Location l = location(pd);
            if (l != null && !isJdk(l.file)) {
                want(files, l);
                loadedFrom.add(l.file);
            }
        }
        for (String entry : classPath) {
            Location l = Location.ofPath(entry);
            if (l != null && !isJdk(l.file)) {
                want(files, l);
            }
        }

        List<Jar> jars = new ArrayList<>();
        Set<String> nowCovered = new HashSet<>();
        Map<String, Cached> next = new HashMap<>();
        // its buffers live for this collection only: between collections only results are kept
        JarScanner scanner = new JarScanner(markers);
        try {
            read(files, loadedFrom, scanner, jars, nowCovered, next);
        } finally {
            scanner.close();
        }
        // what is no longer in use is forgotten
        cache.clear();
        cache.putAll(next);
        covered = nowCovered;

        final Map<String, Jar> byPath = new HashMap<>();
        for (Jar j : jars) {
            byPath.put(j.path, j);
        }
        Map<String, Object> server = AppServers.detect(probes, new AppServers.JarVersions() {
            @Override
            public String of(Class<?> c) {
                Location l = location(c.getProtectionDomain());
                Jar j = l == null ? null : byPath.get(l.key());
                if (j != null) {
                    for (Component comp : j.components) {
                        if (comp.version != null && !Component.SHADED.equals(comp.source)) {
                            return comp.version;
                        }
                    }
                }
                return null;
            }
        });
        return new Inventory(0, null, jdk(), server, jars);
    }

    /** Reads each file, or takes its last reading if it has not changed. */
    private void read(Map<String, Set<String>> files, Set<String> loadedFrom, JarScanner scanner, List<Jar> jars,
            Set<String> nowCovered, Map<String, Cached> next) {
        for (Map.Entry<String, Set<String>> f : files.entrySet()) {
            String path = f.getKey();
            File file = new File(path);
            nowCovered.add(path);
            if (file.isDirectory()) {
                jars.add(Jar.dir(path));
                continue;
            }
            if (!file.isFile()) {
                // a class path entry that does not exist is not in use; a jar classes came from is
                if (loadedFrom.contains(path)) {
                    jars.add(Jar.unreadable(path, "no such file (removed after classes were loaded from it)"));
                }
                continue;
            }
            String stamp = file.length() + "@" + file.lastModified();
            Cached c = cache.get(path);
            if (c == null || !c.stamp.equals(stamp) || !c.wanted.containsAll(f.getValue())) {
                Set<String> wanted = new TreeSet<>(f.getValue());
                if (c != null && c.stamp.equals(stamp)) {
                    wanted.addAll(c.wanted);
                }
                c = new Cached(stamp, wanted, scanner.scanFile(file, path, wanted, path.equals(launchedJar)));
                filesRead++;
            }
            next.put(path, c);
            jars.add(c.scan.jar);
            jars.addAll(c.scan.inside.values());
            nowCovered.addAll(c.scan.inside.keySet());
        }
    }

    private static void want(Map<String, Set<String>> files, Location l) {
        Set<String> entries = files.get(l.file);
        if (entries == null) {
            entries = new TreeSet<>();
            files.put(l.file, entries);
        }
        if (l.entry != null) {
            entries.add(l.entry);
        }
    }

    /** The string form of the code source's URL only: {@code URL.equals/hashCode} would resolve host names. */
    static Location location(ProtectionDomain pd) {
        CodeSource cs = pd == null ? null : pd.getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            return null;
        }
        return Location.ofUrl(cs.getLocation().toString());
    }

    private boolean isJdk(String file) {
        for (String home : jdkHomes) {
            if (file.equals(home) || file.startsWith(home + File.separator)) {
                return true;
            }
        }
        return false;
    }

    static Map<String, Object> jdk() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vendor", System.getProperty("java.vendor"));
        m.put("version", System.getProperty("java.version"));
        m.put("runtime", System.getProperty("java.runtime.name"));
        m.put("home", System.getProperty("java.home"));
        return m;
    }
}
