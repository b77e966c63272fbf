package secplane.agent.core.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Recognises the application server a JVM runs from a class that each one loads when it starts,
 * and reads its version from the server's own version resource, else from the manifest of the
 * class's package, else from the coordinates of the jar it was loaded from. Full servers come
 * before the embeddable ones they contain (WildFly runs Undertow); Spring Boot is reported only
 * when no servlet container is recognised (its own version is in the jar list).
 */
final class AppServers {
    /** The server's name, a class it loads at start, and a resource that holds its version: path and key (or null). */
    private static final String[][] SERVERS = {
        {"WildFly", "org.jboss.as.server.Main", null, null},
        {"Oracle WebLogic Server", "weblogic.Server", null, null},
        {"IBM WebSphere Application Server", "com.ibm.ws.runtime.WsServer", null, null},
        {"IBM WebSphere Liberty", "com.ibm.ws.kernel.boot.Launcher", null, null},
        // server.info: "Apache Tomcat/9.0.60", or the name a distribution re-brands it with
        {"Apache Tomcat", "org.apache.catalina.util.ServerInfo", "/org/apache/catalina/util/ServerInfo.properties", "server.info"},
        {"Eclipse Jetty", "org.eclipse.jetty.util.Jetty", null, null},
        {"Undertow", "io.undertow.Undertow", "/io/undertow/version.properties", "undertow.version"},
        {"Spring Boot", "org.springframework.boot.SpringApplication", null, null},
    };

    /** The probe classes' internal names, for the weaver's per-class-load check. */
    static final Set<String> INTERNAL_NAMES;
    private static final Set<String> NAMES;

    static {
        Set<String> internal = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (String[] s : SERVERS) {
            names.add(s[1]);
            internal.add(s[1].replace('.', '/'));
        }
        INTERNAL_NAMES = Collections.unmodifiableSet(internal);
        NAMES = Collections.unmodifiableSet(names);
    }

    /** The version of the component a class was loaded from, from the jar list. */
    interface JarVersions {
        String of(Class<?> c);
    }

    private AppServers() {
    }

    static boolean isProbe(String className) {
        return NAMES.contains(className);
    }

    /**
     * @param probes the loaded probe classes by name (see {@link #isProbe})
     * @return {@code {"name", "version"}} or null if no server is recognised
     */
    static Map<String, Object> detect(Map<String, Class<?>> probes, JarVersions jars) {
        for (String[] s : SERVERS) {
            Class<?> c = probes.get(s[1]);
            if (c == null) {
                continue;
            }
            String name = s[0];
            String version = null;
            if (s[2] != null) {
                String value = property(c, s[2], s[3]);
                if (value != null && value.indexOf('/') > 0) {
                    name = value.substring(0, value.lastIndexOf('/')).trim();
                    version = value.substring(value.lastIndexOf('/') + 1).trim();
                } else {
                    version = value;
                }
            }
            if (version == null) {
                Package p = c.getPackage();
                version = p == null ? null : p.getImplementationVersion();
            }
            if (version == null) {
                version = jars.of(c);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("version", version);
            return m;
        }
        return null;
    }

    /** Read through the class's own loader, which is what the server itself does; no server code runs. */
    private static String property(Class<?> c, String resource, String key) {
        InputStream in = null;
        try {
            in = c.getResourceAsStream(resource);
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty(key);
            return v == null || v.trim().isEmpty() ? null : v.trim();
        } catch (IOException | RuntimeException e) {
            return null;
        } finally {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // read-only
                }
            }
        }
    }
}
