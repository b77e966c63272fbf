package secplane.agent.core.aspects;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Builds aspect jars in memory, the way the aspects module's jar plugin does. */
public final class AspectJars {
    private AspectJars() {
    }

    /** @param manifest main attributes, or null for a jar without a manifest */
    public static byte[] jar(Map<String, String> manifest, Map<String, byte[]> entries) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            JarOutputStream out;
            if (manifest == null) {
                out = new JarOutputStream(bytes);
            } else {
                Manifest m = new Manifest();
                m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
                manifest.forEach((k, v) -> m.getMainAttributes().putValue(k, v));
                out = new JarOutputStream(bytes, m);
            }
            try (out) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    out.putNextEntry(new JarEntry(e.getKey()));
                    out.write(e.getValue());
                    out.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, String> manifest(String id, String version, String className) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Secplane-Aspect-Id", id);
        m.put("Secplane-Aspect-Version", version);
        m.put("Secplane-Aspect-Class", className);
        return m;
    }

    /** Every compiled test class below a package, e.g. {@code secplane/testaspects}, by jar entry name. */
    public static Map<String, byte[]> testClasses(String packageDir) {
        try {
            Path root = Paths.get(AspectJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Map<String, byte[]> out = new LinkedHashMap<>();
            try (Stream<Path> files = Files.walk(root.resolve(packageDir))) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    out.put(root.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                }
            }
            if (out.isEmpty()) {
                throw new IllegalStateException("no test classes below " + packageDir);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An aspect package of the test aspects in {@code secplane.testaspects}. */
    public static AspectPackage testAspect(String id, String version, Class<?> aspectClass) throws IOException {
        byte[] jar = jar(manifest(id, version, aspectClass.getName()), testClasses("secplane/testaspects"));
        return AspectPackage.read(jar, "test " + id + " " + version);
    }
}
