package secplane.bench.inventory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The jars the inventory benchmarks read: the first {@code n} real jars of a local Maven repository,
 * in path order (sources, javadoc and test jars left out), so that two runs on one repository
 * read the same files; and a Spring Boot style fat jar holding them under {@code BOOT-INF/lib/}.
 */
final class JarSet {
    private JarSet() {
    }

    static Path defaultRepository() {
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    static List<Path> pick(Path repository, int n) throws IOException {
        List<Path> jars;
        try (Stream<Path> all = Files.walk(repository)) {
            jars = all.filter(p -> {
                String name = p.getFileName().toString();
                return name.endsWith(".jar") && !name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar")
                        && !name.endsWith("-tests.jar") && Files.isRegularFile(p);
            }).sorted().limit(n).toList();
        }
        if (jars.size() < n) {
            throw new IllegalStateException(repository + " has only " + jars.size() + " jars; the benchmark needs " + n
                    + " (pass another repository)");
        }
        return jars;
    }

    static long bytes(List<Path> jars) throws IOException {
        long total = 0;
        for (Path p : jars) {
            total += Files.size(p);
        }
        return total;
    }

    /** {@code BOOT-INF/lib/<name>} for each jar, stored as Spring Boot's build stores them, with a launcher's manifest. */
    static Path fatJar(List<Path> jars, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (OutputStream file = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write(("Manifest-Version: 1.0\r\nMain-Class: org.springframework.boot.loader.JarLauncher\r\n"
                    + "Start-Class: com.acme.App\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
            java.util.Set<String> names = new java.util.HashSet<>();
            for (Path p : jars) {
                String name = p.getFileName().toString();
                if (!names.add(name)) {
                    continue;
                }
                CRC32 crc = new CRC32();
                try (CheckedInputStream in = new CheckedInputStream(Files.newInputStream(p), crc)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                ZipEntry e = new ZipEntry("BOOT-INF/lib/" + name);
                e.setMethod(ZipEntry.STORED);
                e.setSize(Files.size(p));
                e.setCompressedSize(Files.size(p));
                e.setCrc(crc.getValue());
                zip.putNextEntry(e);
                Files.copy(p, zip);
                zip.closeEntry();
            }
        }
        return target;
    }
}
