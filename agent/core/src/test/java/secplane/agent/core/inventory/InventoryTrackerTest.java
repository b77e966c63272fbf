package secplane.agent.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.agent.core.AgentLog;
import secplane.agent.core.weaving.Weaver;
import secplane.protocol.json.Json;

/**
 * The change path: a class the JVM defines from a jar the inventory does not cover yet reaches the
 * weaver's transformer, which tells the tracker; after the debounce a new inventory version holds
 * the jar, is written to inventory.json and handed to the listener.
 */
class InventoryTrackerTest {
    private static final long DEBOUNCE = 300;

    @TempDir
    Path dir;

    private final List<Class<?>> loaded = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Inventory> published = new LinkedBlockingQueue<>();
    private InventoryTracker tracker;
    private Weaver weaver;

    private void start(Path... classPath) {
        List<String> cp = java.util.Arrays.stream(classPath).map(Path::toString).toList();
        Collector collector = new Collector(() -> loaded.toArray(new Class<?>[0]), cp, null, "/nonexistent-jdk-home");
        tracker = new InventoryTracker(collector, dir.resolve("inventory.json").toFile(), AgentLog.discard(), DEBOUNCE);
        tracker.listener(published::add);
        // the agent's own transformer, driven as the JVM drives it; it weaves nothing here
        weaver = new Weaver(null, AgentLog.discard());
        weaver.classLoads(tracker::loaded);
        tracker.start();
    }

    @AfterEach
    void stop() {
        if (tracker != null) {
            tracker.stop();
        }
    }

    private Inventory next() throws InterruptedException {
        Inventory inv = published.poll(15, TimeUnit.SECONDS);
        assertThat(inv).as("a new inventory version within 15 s").isNotNull();
        return inv;
    }

    /** What the JVM does for a class defined through a class loader while the agent's transformer is installed. */
    private Class<?> defineThroughTheWeaver(URLClassLoader loader, String name) throws Exception {
        Class<?> c = loader.loadClass(name);
        byte[] bytes;
        try (InputStream in = loader.getResourceAsStream(name.replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        loaded.add(c);
        weaver.transform(loader, name.replace('.', '/'), null, c.getProtectionDomain(), bytes);
        return c;
    }

    @Test
    void aJarLoadedAtRuntimeThroughAUrlClassLoaderMakesANewInventoryVersion() throws Exception {
        Path log4j = TestJars.log4jCore();
        start(log4j);
        Inventory first = next();
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.jars()).extracting(Jar::path).containsExactly(log4j.toString());

        Path text = Files.copy(TestJars.commonsText(), dir.resolve("commons-text-1.10.0.jar"));
        try (URLClassLoader l = new URLClassLoader(new URL[] {text.toUri().toURL()}, null)) {
            defineThroughTheWeaver(l, "org.apache.commons.text.StringSubstitutor");
            defineThroughTheWeaver(l, "org.apache.commons.text.StrBuilder");

            Inventory second = next();
            assertThat(second.version()).isEqualTo(2);
            assertThat(second.hash()).isNotEqualTo(first.hash());
            Jar t = second.jar(text.toString());
            assertThat(t).as(second.jars().toString()).isNotNull();
            assertThat(t.sha256()).isEqualTo(TestJars.COMMONS_TEXT_SHA256);
            assertThat(t.components()).extracting(Component::artifact, Component::version).containsExactly(
                    org.assertj.core.api.Assertions.tuple("commons-text", "1.10.0"));

            @SuppressWarnings("unchecked")
            Map<String, Object> file = (Map<String, Object>) Json.parse(
                    new String(Files.readAllBytes(dir.resolve("inventory.json")), StandardCharsets.UTF_8));
            assertThat(file).containsEntry("inventoryVersion", 2L).containsEntry("hash", second.hash());

            // more classes from a jar already covered: no collection at all
            long collections = tracker.collections();
            defineThroughTheWeaver(l, "org.apache.commons.text.WordUtils");
            Thread.sleep(3 * DEBOUNCE);
            assertThat(tracker.collections()).isEqualTo(collections);
            assertThat(published).isEmpty();
        }
    }

    @Test
    void aBurstOfNewJarsIsCollectedOnceAfterItSettles() throws Exception {
        start();
        assertThat(next().jars()).isEmpty();
        long collections = tracker.collections();
        Path beans = Files.copy(TestJars.springBeans(), dir.resolve("spring-beans-5.3.17.jar"));
        Path text = Files.copy(TestJars.commonsText(), dir.resolve("commons-text-1.10.0.jar"));
        try (URLClassLoader a = new URLClassLoader(new URL[] {beans.toUri().toURL()}, null);
                URLClassLoader b = new URLClassLoader(new URL[] {text.toUri().toURL()}, null)) {
            defineThroughTheWeaver(a, "org.springframework.beans.BeanUtils");
            Thread.sleep(DEBOUNCE / 3);
            defineThroughTheWeaver(b, "org.apache.commons.text.WordUtils");
            Inventory inv = next();
            assertThat(inv.jars()).extracting(Jar::path).containsExactlyInAnyOrder(beans.toString(), text.toString());
            assertThat(tracker.collections()).as("one collection for the burst").isEqualTo(collections + 1);
        }
    }

    @Test
    void anApplicationServerStartingOnJarsAlreadyCoveredIsStillRecognised() throws Exception {
        Path tomcat = TestJars.tomcatEmbedCore();
        start(tomcat);
        assertThat(next().appServer()).isNull();
        try (URLClassLoader l = new URLClassLoader(new URL[] {tomcat.toUri().toURL()}, null)) {
            defineThroughTheWeaver(l, "org.apache.catalina.util.ServerInfo");
            Inventory inv = next();
            assertThat(inv.version()).isEqualTo(2);
            assertThat(inv.appServer()).containsEntry("name", "Apache Tomcat").containsEntry("version", "9.0.60");
            assertThat(inv.hash()).as("same jars").isEqualTo(tracker.current().hash());
        }
    }

    @Test
    void versionsContinueFromTheInventoryFileOfAnEarlierRun() throws Exception {
        Files.writeString(dir.resolve("inventory.json"), "{\"inventoryVersion\": 41, \"jars\": []}");
        start();
        Inventory inv = next();
        assertThat(inv.version()).isEqualTo(42);
        assertThat(Files.readString(dir.resolve("inventory.json"))).contains("\"inventoryVersion\":42");
    }
}
