package secplane.e2e;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Packs a test aspect (and its nested classes) from the test classes into an aspect jar, like a third party would. */
final class AspectJars {
    private AspectJars() {
    }

    static Path build(Path dir, Class<?> aspect, String id, String version) throws Exception {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir.getParent(), id, ".tmp");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Secplane-Aspect-Id", id);
        m.getMainAttributes().putValue("Secplane-Aspect-Version", version);
        m.getMainAttributes().putValue("Secplane-Aspect-Class", aspect.getName());
        Path classes = Paths.get(System.getProperty("secplane.test.classes"));
        String base = aspect.getName().replace('.', '/');
        Path pkg = classes.resolve(base).getParent();
        String simple = aspect.getSimpleName();
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jar = new JarOutputStream(out, m);
                Stream<Path> files = Files.list(pkg)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.equals(simple + ".class") || name.startsWith(simple + "$")) {
                    jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    jar.write(Files.readAllBytes(f));
                    jar.closeEntry();
                }
            }
        }
        // the agent must never see a half-written jar: write aside, then move into place
        Path target = dir.resolve(id + ".jar");
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
