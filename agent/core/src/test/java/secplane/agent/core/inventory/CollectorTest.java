package secplane.agent.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import secplane.protocol.json.Json;

/**
 * The collector on real jars from Maven Central (log4j-core 2.14.1, spring-beans 5.3.17,
 * commons-text 1.10.0, tomcat-embed-core 9.0.60) and on fat, shaded and broken jars made of them.
 */
class CollectorTest {
    private static final String JDK_HOME = "/nonexistent-jdk-home";

    @TempDir
    Path dir;

    private final List<Class<?>> loaded = new ArrayList<>();

    private Collector collector(String launched, Path... classPath) {
        List<String> cp = new ArrayList<>();
        for (Path p : classPath) {
            cp.add(p.toString());
        }
        return new Collector(() -> loaded.toArray(new Class<?>[0]), cp, launched, JDK_HOME);
    }

    private static Component only(Jar jar) {
        assertThat(jar.components()).as(jar.path() + " components").hasSize(1);
        return jar.components().get(0);
    }

    @Test
    void realJarsOnTheClassPathHaveTheirPublishedSha256AndCoordinates() throws Exception {
        Path log4j = TestJars.log4jCore();
        Path text = TestJars.commonsText();
        Path beans = TestJars.springBeans();
        Inventory inv = collector(null, log4j, text, beans).collect();

        Jar l = inv.jar(log4j.toString());
        assertThat(l.kind()).isEqualTo("jar");
        assertThat(l.sha256()).isEqualTo(TestJars.LOG4J_SHA256).isEqualTo(TestJars.sha256(log4j));
        assertThat(l.size()).isEqualTo(Files.size(log4j));
        assertThat(l.error()).isNull();
        assertThat(only(l)).extracting(Component::group, Component::artifact, Component::version, Component::source)
                .containsExactly("org.apache.logging.log4j", "log4j-core", "2.14.1", "pom.properties");

        Jar t = inv.jar(text.toString());
        assertThat(t.sha256()).isEqualTo(TestJars.COMMONS_TEXT_SHA256);
        assertThat(only(t)).extracting(Component::group, Component::artifact, Component::version, Component::source)
                .containsExactly("org.apache.commons", "commons-text", "1.10.0", "pom.properties");

        // spring-beans 5.3.17 ships neither pom.properties nor a vendor id or bundle name in its manifest
        Jar b = inv.jar(beans.toString());
        assertThat(b.sha256()).isEqualTo(TestJars.SPRING_BEANS_SHA256);
        assertThat(only(b)).extracting(Component::group, Component::artifact, Component::version, Component::source)
                .as("the file name gives artifact and version, its marker class the group")
                .containsExactly("org.springframework", "spring-beans", "5.3.17", "filename");
    }

    @Test
    void aManifestWithoutPomPropertiesGivesTheCoordinates() throws Exception {
        // log4j-core with its pom.properties dropped: Implementation-Vendor-Id + Implementation-Version remain
        Path stripped = TestJars.rewrite(TestJars.log4jCore(), dir.resolve("log4j-core-2.14.1.jar"),
                n -> n.startsWith("META-INF/maven/") ? null : n);
        Jar j = collector(null, stripped).collect().jar(stripped.toString());
        assertThat(only(j)).extracting(Component::group, Component::artifact, Component::version, Component::source)
                .containsExactly("org.apache.logging.log4j", "log4j-core", "2.14.1", "manifest");

        Path renamed = Files.copy(stripped, dir.resolve("logging.jar"));
        assertThat(only(collector(null, renamed).collect().jar(renamed.toString())))
                .extracting(Component::group, Component::artifact, Component::version, Component::source)
                .as("no versioned file name: the Bundle-SymbolicName is the artifact")
                .containsExactly("org.apache.logging.log4j", "org.apache.logging.log4j.core", "2.14.1", "manifest");
    }

    @ParameterizedTest(name = "nested jar stored={0}")
    @ValueSource(booleans = {true, false})
    void aFatJarsNestedJarIsReadFromItsSpringBoot2CodeSourceWithoutExtracting(boolean stored) throws Exception {
        byte[] log4j = Files.readAllBytes(TestJars.log4jCore());
        Path fat = TestJars.fatJar(dir.resolve("app.jar"), stored, false, Map.of("log4j-core-2.14.1.jar", log4j));
        String nested = "jar:" + fat.toUri() + "!/BOOT-INF/lib/log4j-core-2.14.1.jar!/";
        loaded.add(Fixture.definedAt(new URL(nested)));
        loaded.add(Fixture.definedAt(new URL("jar:" + fat.toUri() + "!/BOOT-INF/classes!/")));
        List<String> before = Arrays.asList(dir.toFile().list());

        Inventory inv = collector(null).collect();

        Jar n = inv.jar(fat + "!/BOOT-INF/lib/log4j-core-2.14.1.jar");
        assertThat(n).as(inv.jars().toString()).isNotNull();
        assertThat(n.sha256()).isEqualTo(TestJars.LOG4J_SHA256);
        assertThat(n.size()).isEqualTo(log4j.length);
        assertThat(n.error()).isNull();
        assertThat(only(n)).extracting(Component::group, Component::artifact, Component::version, Component::source)
                .containsExactly("org.apache.logging.log4j", "log4j-core", "2.14.1", "pom.properties");
        assertThat(inv.jar(fat + "!/BOOT-INF/classes").kind()).isEqualTo("dir");
        assertThat(inv.jar(fat.toString()).sha256()).isEqualTo(TestJars.sha256(fat));
        assertThat(dir.toFile().list()).as("nothing extracted").containsExactlyInAnyOrderElementsOf(before);
    }

    @ParameterizedTest(name = "nested jar stored={0}")
    @ValueSource(booleans = {true, false})
    void theFatJarTheJvmRunsHasAllItsNestedJarsRead(boolean stored) throws Exception {
        byte[] log4j = Files.readAllBytes(TestJars.log4jCore());
        byte[] text = Files.readAllBytes(TestJars.commonsText());
        Map<String, byte[]> libs = new LinkedHashMap<>();
        libs.put("log4j-core-2.14.1.jar", log4j);
        libs.put("commons-text-1.10.0.jar", text);
        Path fat = TestJars.fatJar(dir.resolve("app.jar"), stored, false, libs);

        Inventory inv = collector(fat.toString(), fat).collect();

        assertThat(inv.jars()).extracting(Jar::path, Jar::kind).containsExactly(
                tuple(fat.toString(), "jar"),
                tuple(fat + "!/BOOT-INF/classes", "dir"),
                tuple(fat + "!/BOOT-INF/lib/commons-text-1.10.0.jar", "jar"),
                tuple(fat + "!/BOOT-INF/lib/log4j-core-2.14.1.jar", "jar"));
        assertThat(inv.jar(fat + "!/BOOT-INF/lib/log4j-core-2.14.1.jar").sha256()).isEqualTo(TestJars.LOG4J_SHA256);
        assertThat(inv.jar(fat + "!/BOOT-INF/lib/commons-text-1.10.0.jar").sha256()).isEqualTo(TestJars.COMMONS_TEXT_SHA256);

        // not run by this JVM and no launcher's Start-Class: only the jar itself
        assertThat(collector(null, fat).collect().jars()).extracting(Jar::path).containsExactly(fat.toString());
        // a Spring Boot launcher's manifest says it runs
        Path boot = TestJars.fatJar(dir.resolve("boot.jar"), stored, true, libs);
        assertThat(collector(null, boot).collect().jar(boot + "!/BOOT-INF/lib/log4j-core-2.14.1.jar").sha256())
                .isEqualTo(TestJars.LOG4J_SHA256);
    }

    @Test
    void springBoot32NestedCodeSourcesAreReadToo() throws Exception {
        Path fat = TestJars.fatJar(dir.resolve("app.jar"), true, false,
                Map.of("log4j-core-2.14.1.jar", Files.readAllBytes(TestJars.log4jCore())));
        // the JDK has no handler for nested:, as Spring Boot's launcher registers its own
        URLStreamHandler none = new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL u) {
                throw new UnsupportedOperationException();
            }
        };
        loaded.add(Fixture.definedAt(new URL("jar", "", -1, "nested:" + fat + "/!BOOT-INF/lib/log4j-core-2.14.1.jar!/", none)));
        Jar n = collector(null).collect().jar(fat + "!/BOOT-INF/lib/log4j-core-2.14.1.jar");
        assertThat(n).isNotNull();
        assertThat(n.sha256()).isEqualTo(TestJars.LOG4J_SHA256);
    }

    @Test
    void nestedJarsWrittenWithDataDescriptorsOrAfterALauncherScriptAreReadFromTheirCentralDirectory() throws Exception {
        // ZipOutputStream writes deflated entries with data descriptors: sizes only in the central directory
        Path shaded = TestJars.rewrite(TestJars.log4jCore(), dir.resolve("app-all-1.0.jar"), n -> relocate(n, true));
        byte[] log4j = Files.readAllBytes(TestJars.log4jCore());
        byte[] script = "#!/bin/sh\nexec java -jar \"$0\" \"$@\"\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] prefixed = new byte[script.length + log4j.length];
        System.arraycopy(script, 0, prefixed, 0, script.length);
        System.arraycopy(log4j, 0, prefixed, script.length, log4j.length);
        Map<String, byte[]> libs = new LinkedHashMap<>();
        libs.put("app-all-1.0.jar", Files.readAllBytes(shaded));
        libs.put("log4j-core-launchable-2.14.1.jar", prefixed);
        Path fat = TestJars.fatJar(dir.resolve("app.jar"), true, true, libs);

        Inventory inv = collector(null, fat).collect();

        Jar a = inv.jar(fat + "!/BOOT-INF/lib/app-all-1.0.jar");
        assertThat(a.error()).isNull();
        assertThat(a.sha256()).isEqualTo(TestJars.sha256(shaded));
        assertThat(a.components()).extracting(Component::artifact, Component::version, Component::source, Component::relocatedTo)
                .containsExactly(tuple("log4j-core", "2.14.1", "shaded", "com.acme.shaded"));
        Jar p = inv.jar(fat + "!/BOOT-INF/lib/log4j-core-launchable-2.14.1.jar");
        assertThat(p.error()).isNull();
        assertThat(p.sha256()).isEqualTo(TestJars.sha256(prefixed));
        assertThat(only(p)).extracting(Component::artifact, Component::version, Component::source)
                .containsExactly("log4j-core", "2.14.1", "pom.properties");
    }

    @ParameterizedTest(name = "fat jar stored={0}")
    @ValueSource(booleans = {true, false})
    void aNestedJarWhoseCentralDirectoryDoesNotFitTheTailIsReadAsAStreamWithTheSameResult(boolean stored) throws Exception {
        byte[] log4j = Files.readAllBytes(TestJars.log4jCore());
        Path fat = TestJars.fatJar(dir.resolve("app.jar"), stored, true, Map.of("log4j-core-2.14.1.jar", log4j));
        String path = fat.toString();
        JarScanner small = new JarScanner(Markers.builtIn(), 4096);
        JarScanner usual = new JarScanner(Markers.builtIn());
        try {
            Jar streamed = small.scanFile(fat.toFile(), path, java.util.Set.of(), true).inside.get(path + "!/BOOT-INF/lib/log4j-core-2.14.1.jar");
            Jar direct = usual.scanFile(fat.toFile(), path, java.util.Set.of(), true).inside.get(path + "!/BOOT-INF/lib/log4j-core-2.14.1.jar");
            assertThat(streamed.error()).isNull();
            assertThat(streamed.sha256()).isEqualTo(TestJars.LOG4J_SHA256);
            assertThat(streamed.toMap()).isEqualTo(direct.toMap());
        } finally {
            small.close();
            usual.close();
        }
    }

    @Test
    void aShadedCopyWithoutItsPomPropertiesIsFoundByItsMarkerClassWithoutAVersion() throws Exception {
        Path shaded = TestJars.rewrite(TestJars.log4jCore(), dir.resolve("app-all.jar"), n -> relocate(n, false));
        Jar j = collector(null, shaded).collect().jar(shaded.toString());
        assertThat(j.components()).extracting(Component::group, Component::artifact, Component::version, Component::source,
                Component::relocatedTo).containsExactly(tuple("org.apache.logging.log4j", "log4j-core", null, "shaded", "com.acme.shaded"));
        @SuppressWarnings("unchecked")
        Map<String, Object> c = ((List<Map<String, Object>>) j.toMap().get("components")).get(0);
        assertThat(Json.write(c)).isEqualTo("{\"group\":\"org.apache.logging.log4j\",\"artifact\":\"log4j-core\",\"version\":null,"
                + "\"source\":\"shaded\",\"relocatedTo\":\"com.acme.shaded\"}");
    }

    @Test
    void aShadedCopyThatKeptItsPomPropertiesHasItsVersion() throws Exception {
        Path shaded = TestJars.rewrite(TestJars.log4jCore(), dir.resolve("app-all.jar"), n -> relocate(n, true));
        Jar j = collector(null, shaded).collect().jar(shaded.toString());
        assertThat(j.components()).extracting(Component::group, Component::artifact, Component::version, Component::source,
                Component::relocatedTo)
                .as("the pom.properties describes the relocated copy: one component, not two")
                .containsExactly(tuple("org.apache.logging.log4j", "log4j-core", "2.14.1", "shaded", "com.acme.shaded"));
    }

    @Test
    void aCopyMergedWithoutRelocationAndWithoutCoordinatesIsShadedWithoutAPrefix() throws Exception {
        Path merged = TestJars.rewrite(TestJars.commonsCollections(), dir.resolve("uber.jar"), n -> n.startsWith("META-INF/") ? null : n);
        Jar j = collector(null, merged).collect().jar(merged.toString());
        assertThat(j.components()).extracting(Component::group, Component::artifact, Component::version, Component::source,
                Component::relocatedTo).containsExactly(tuple("commons-collections", "commons-collections", null, "shaded", null));
    }

    /** The shade plugin's relocation of log4j-core's classes to com.acme.shaded, keeping or dropping META-INF/maven. */
    private static String relocate(String name, boolean keepPom) {
        if (name.startsWith("org/apache/logging/log4j/")) {
            return "com/acme/shaded/" + name;
        }
        if (name.startsWith("META-INF/maven/")) {
            return keepPom ? name : null;
        }
        return name.startsWith("META-INF/MANIFEST.MF") ? null : name;
    }

    @Test
    void aTruncatedJarIsReportedWithAnErrorAndTheRestIsStillCollected() throws Exception {
        byte[] log4j = Files.readAllBytes(TestJars.log4jCore());
        byte[] half = Arrays.copyOf(log4j, log4j.length / 2);
        Path truncated = Files.write(dir.resolve("log4j-core-2.14.1.jar"), half);
        Path garbage = Files.write(dir.resolve("garbage.jar"), new byte[] {'n', 'o', 't', ' ', 'a', ' ', 'z', 'i', 'p'});
        Path good = TestJars.commonsText();

        Inventory inv = collector(null, truncated, garbage, good).collect();

        Jar t = inv.jar(truncated.toString());
        assertThat(t.error()).startsWith("not a readable jar");
        assertThat(t.sha256()).as("the bytes that are there are hashed").isEqualTo(TestJars.sha256(half));
        assertThat(t.toMap()).containsKey("error");
        assertThat(inv.jar(garbage.toString()).error()).startsWith("not a readable jar");
        assertThat(inv.jar(good.toString()).error()).isNull();
    }

    @Test
    void brokenNestedJarsAreReportedWithAnErrorWhateverBreaksThem() throws Exception {
        byte[] log4j = Files.readAllBytes(TestJars.log4jCore());
        byte[] random = new byte[4096];
        ThreadLocalRandom.current().nextBytes(random);
        Map<String, byte[]> libs = new LinkedHashMap<>();
        libs.put("a-truncated-1.0.jar", Arrays.copyOf(log4j, log4j.length / 2));
        libs.put("b-cut-at-an-entry-1.0.jar", cutAfterFirstEntries(log4j));
        libs.put("c-random-1.0.jar", random);
        libs.put("log4j-core-2.14.1.jar", log4j);
        Path fat = TestJars.fatJar(dir.resolve("app.jar"), false, true, libs);

        Inventory inv = collector(null, fat).collect();

        for (String broken : List.of("a-truncated-1.0.jar", "b-cut-at-an-entry-1.0.jar", "c-random-1.0.jar")) {
            Jar j = inv.jar(fat + "!/BOOT-INF/lib/" + broken);
            assertThat(j.error()).as(broken).isNotNull();
            assertThat(j.sha256()).as(broken).isEqualTo(TestJars.sha256(libs.get(broken)));
        }
        assertThat(inv.jar(fat + "!/BOOT-INF/lib/log4j-core-2.14.1.jar").error()).isNull();
    }

    /** The jar up to the end of its first few entries' data: a stream reader sees a shorter but valid-looking jar. */
    private static byte[] cutAfterFirstEntries(byte[] jar) {
        // local file headers start with PK\3\4; cut right before the 4th one
        int found = 0;
        for (int i = 0; i < jar.length - 4; i++) {
            if (jar[i] == 'P' && jar[i + 1] == 'K' && jar[i + 2] == 3 && jar[i + 3] == 4 && ++found == 4) {
                return Arrays.copyOf(jar, i);
            }
        }
        throw new AssertionError("fewer than 4 entries");
    }

    @Test
    void aDirectoryOfClassesIsADirEntryWithoutHash() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.write(classes.resolve("App.class"), new byte[] {(byte) 0xCA, (byte) 0xFE});
        Inventory inv = collector(null, classes, dir.resolve("no-such-dir")).collect();
        assertThat(inv.jars()).hasSize(1);
        assertThat(inv.jar(classes.toString()).toMap()).containsOnlyKeys("path", "kind", "components")
                .containsEntry("kind", "dir").containsEntry("components", List.of());
    }

    @Test
    void codeSourcesOfLoadedClassesAreFoundAndTheJdksOwnAreLeftOut() throws Exception {
        Path text = Files.copy(TestJars.commonsText(), dir.resolve("commons-text-1.10.0.jar"));
        try (URLClassLoader l = new URLClassLoader(new URL[] {text.toUri().toURL()}, null)) {
            loaded.add(l.loadClass("org.apache.commons.text.StringSubstitutor"));
            loaded.add(String.class);
            Path jdk = Files.createDirectories(dir.resolve("jdk/lib"));
            Path jdkJar = Files.copy(TestJars.springBeans(), jdk.resolve("tools.jar"));
            List<String> cp = List.of(jdkJar.toString());
            Inventory inv = new Collector(() -> loaded.toArray(new Class<?>[0]), cp, null, dir.resolve("jdk").toString()).collect();
            assertThat(inv.jars()).extracting(Jar::path).containsExactly(text.toString());
        }
    }

    @Test
    void eachFileIsReadOnceUntilItChanges() throws Exception {
        Path text = Files.copy(TestJars.commonsText(), dir.resolve("commons-text-1.10.0.jar"));
        Path beans = Files.copy(TestJars.springBeans(), dir.resolve("spring-beans-5.3.17.jar"));
        Collector c = collector(null, text, beans);
        Inventory first = c.collect();
        assertThat(c.filesRead()).isEqualTo(2);
        Inventory second = c.collect();
        assertThat(c.filesRead()).as("nothing changed, nothing read").isEqualTo(2);
        assertThat(second.hash()).isEqualTo(first.hash());

        Files.copy(TestJars.log4jCore(), beans, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(beans, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Inventory third = c.collect();
        assertThat(c.filesRead()).isEqualTo(3);
        assertThat(third.hash()).isNotEqualTo(first.hash());
        assertThat(third.jar(beans.toString()).sha256()).isEqualTo(TestJars.LOG4J_SHA256);
    }

    @Test
    void tomcatIsRecognisedFromItsLoadedServerInfoWithItsVersion() throws Exception {
        Path tomcat = TestJars.tomcatEmbedCore();
        try (URLClassLoader l = new URLClassLoader(new URL[] {tomcat.toUri().toURL()}, null)) {
            Inventory none = collector(null, tomcat).collect();
            assertThat(none.appServer()).as("on the class path but not started").isNull();

            loaded.add(l.loadClass("org.apache.catalina.util.ServerInfo"));
            Inventory inv = collector(null, tomcat).collect();
            assertThat(inv.appServer()).containsExactly(Map.entry("name", "Apache Tomcat"), Map.entry("version", "9.0.60"));
            assertThat(inv.jar(tomcat.toString()).components()).extracting(Component::artifact, Component::version, Component::source)
                    .containsExactly(tuple("tomcat-embed-core", "9.0.60", "manifest"));
        }
    }

    @Test
    void theDocumentHasTheContractsFieldsAndAHashOfTheJarListAlone() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Inventory a = collector(null, TestJars.log4jCore(), classes).collect().withVersion(3, "2026-11-29T20:00:00.000Z");
        Inventory b = collector(null, classes, TestJars.log4jCore()).collect().withVersion(4, "2026-11-29T20:00:02.000Z");
        assertThat(b.hash()).as("same jars, other order, other version").isEqualTo(a.hash()).matches("[0-9a-f]{64}");

        Map<String, Object> m = a.toMap();
        assertThat(m).containsOnlyKeys("inventoryVersion", "collectedAt", "hash", "jdk", "appServer", "jars")
                .containsEntry("inventoryVersion", 3L).containsEntry("collectedAt", "2026-11-29T20:00:00.000Z")
                .containsEntry("appServer", null);
        @SuppressWarnings("unchecked")
        Map<String, Object> jdk = (Map<String, Object>) m.get("jdk");
        assertThat(jdk).containsOnlyKeys("vendor", "version", "runtime", "home")
                .containsEntry("version", System.getProperty("java.version")).containsEntry("home", System.getProperty("java.home"));
        assertThat(a.jar(TestJars.log4jCore().toString()).toMap()).containsOnlyKeys("path", "kind", "size", "sha256", "components");
        assertThat((List<?>) m.get("jars")).hasSize(2);
    }
}
