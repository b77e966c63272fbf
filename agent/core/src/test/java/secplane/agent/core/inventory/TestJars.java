package secplane.agent.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The real jars the inventory tests read (copied from the local Maven repository by the build,
 * see the module's pom; else looked up in {@code ~/.m2/repository}), their SHA-256 as published
 * on Maven Central, and builders for the jars a test makes of them: fat jars, shaded jars, broken ones.
 */
final class TestJars {
    /** {@code sha256sum log4j-core-2.14.1.jar}: the bytes Maven Central serves. */
    static final String LOG4J_SHA256 = "ade7402a70667a727635d5c4c29495f4ff96f061f12539763f6f123973b465b0";
    static final String SPRING_BEANS_SHA256 = "23ba3216644c33f10716dc158d33080a5e3f7457e660ec72bdccb26e777f2c74";
    static final String COMMONS_TEXT_SHA256 = "770cd903fa7b604d1f7ef7ba17f84108667294b2b478be8ed1af3bffb4ae0018";

    private TestJars() {
    }

    static Path log4jCore() {
        return jar("org/apache/logging/log4j/log4j-core/2.14.1/log4j-core-2.14.1.jar");
    }

    static Path springBeans() {
        return jar("org/springframework/spring-beans/5.3.17/spring-beans-5.3.17.jar");
    }

    static Path commonsText() {
        return jar("org/apache/commons/commons-text/1.10.0/commons-text-1.10.0.jar");
    }

    static Path tomcatEmbedCore() {
        return jar("org/apache/tomcat/embed/tomcat-embed-core/9.0.60/tomcat-embed-core-9.0.60.jar");
    }

    static Path commonsCollections() {
        return jar("commons-collections/commons-collections/3.1/commons-collections-3.1.jar");
    }

    private static Path jar(String repositoryPath) {
        String name = repositoryPath.substring(repositoryPath.lastIndexOf('/') + 1);
        String copied = System.getProperty("secplane.inventory.jars");
        Path p = copied != null ? Paths.get(copied, name)
                : Paths.get(System.getProperty("user.home"), ".m2", "repository").resolve(repositoryPath);
        assertThat(p).as("test jar " + name + " (the build copies it to target/inventory-jars)").isRegularFile();
        return p.toAbsolutePath();
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** A zip of these entries (name -> bytes; a name ending in '/' is a directory), each stored or deflated. */
    static void zip(Path target, Map<String, byte[]> entries, boolean stored) throws IOException {
        try (OutputStream file = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                byte[] data = e.getValue();
                if (stored) {
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    z.setMethod(ZipEntry.STORED);
                    z.setSize(data.length);
                    z.setCompressedSize(data.length);
                    z.setCrc(crc.getValue());
                }
                zip.putNextEntry(z);
                zip.write(data);
                zip.closeEntry();
            }
        }
    }

    static byte[] manifest(String... keyValues) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.getMainAttributes().putValue(keyValues[i], keyValues[i + 1]);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        m.write(out);
        return out.toByteArray();
    }

    /**
     * A Spring Boot style fat jar: its manifest (with {@code Start-Class} when asked), the
     * launcher's and application's classes, and the given jars under {@code BOOT-INF/lib/}.
     */
    static Path fatJar(Path target, boolean stored, boolean startClass, Map<String, byte[]> libs) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", startClass
                ? manifest("Main-Class", "org.springframework.boot.loader.JarLauncher", "Start-Class", "com.acme.App")
                : manifest("Main-Class", "com.acme.App"));
        entries.put("org/springframework/boot/loader/JarLauncher.class", new byte[] {(byte) 0xCA, (byte) 0xFE});
        entries.put("BOOT-INF/classes/", new byte[0]);
        entries.put("BOOT-INF/classes/com/acme/App.class", new byte[] {(byte) 0xCA, (byte) 0xFE, 1});
        entries.put("BOOT-INF/lib/", new byte[0]);
        for (Map.Entry<String, byte[]> lib : libs.entrySet()) {
            entries.put("BOOT-INF/lib/" + lib.getKey(), lib.getValue());
        }
        zip(target, entries, stored);
        return target;
    }

    /**
     * A copy of {@code source} whose entries are renamed (null drops one), as the shade plugin's
     * relocation does; the order of entries is kept.
     */
    static Path rewrite(Path source, Path target, Function<String, String> rename) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(source); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = rename.apply(e.getName());
                if (name != null) {
                    entries.put(name, zip.readAllBytes());
                }
            }
        }
        zip(target, entries, false);
        return target;
    }
}
