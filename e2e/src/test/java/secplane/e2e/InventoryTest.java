package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import secplane.protocol.Signatures;
import secplane.protocol.json.Json;

/**
 * The real agent jar in a child JVM that has log4j-core 2.14.1 on its class path reports it, with
 * the SHA-256 Maven Central publishes, to a control plane (a minimal one in this test, speaking
 * docs/protocol.md for enrolment, heartbeat, poll and inventory); a jar the application loads
 * later through its own class loader arrives as the next inventory version.
 */
class InventoryTest {
    private static final String LOG4J_SHA256 = "ade7402a70667a727635d5c4c29495f4ff96f061f12539763f6f123973b465b0";
    private static final String COMMONS_TEXT_SHA256 = "770cd903fa7b604d1f7ef7ba17f84108667294b2b478be8ed1af3bffb4ae0018";

    @TempDir
    Path tmp;

    /** The control plane's side of enrolment, heartbeat, snapshot poll (always 204), events and inventory. */
    private static final class Plane implements AutoCloseable {
        final HttpServer server;
        final BlockingQueue<Map<String, Object>> inventories = new LinkedBlockingQueue<>();
        final BlockingQueue<Map<String, String>> inventoryHeaders = new LinkedBlockingQueue<>();
        final BlockingQueue<Map<String, Object>> heartbeats = new LinkedBlockingQueue<>();
        volatile long stored;

        Plane() throws IOException {
            server = Loopback.start("inventory-test-plane", this::handle);
        }

        String url() {
            return Loopback.url(server);
        }

        @SuppressWarnings("unchecked")
        private void handle(HttpExchange x) throws IOException {
            try (x) {
                byte[] body = x.getRequestBody().readAllBytes();
                String path = x.getRequestURI().getPath();
                if (path.equals("/v1/agents/enroll")) {
                    Loopback.json(x, 200, "{\"agentId\":\"ag-inv\",\"agentToken\":\"sp_ag_inventory-test\",\"heartbeatSeconds\":1,\"pollSeconds\":1}");
                } else if (!"Bearer sp_ag_inventory-test".equals(x.getRequestHeaders().getFirst("Authorization"))) {
                    Loopback.json(x, 401, "{\"error\":\"unauthorized\",\"message\":\"unknown agent token\"}");
                } else if (path.equals("/v1/agents/ag-inv/heartbeat")) {
                    heartbeats.add((Map<String, Object>) Json.parse(new String(body, StandardCharsets.UTF_8)));
                    Loopback.json(x, 200, "{\"serverTime\":\"2026-11-29T20:00:00.000Z\",\"inventoryVersion\":" + stored + "}");
                } else if (path.equals("/v1/agents/ag-inv/snapshot")) {
                    Thread.sleep(500);
                    x.sendResponseHeaders(204, -1);
                } else if (path.equals("/v1/agents/ag-inv/events")) {
                    Loopback.json(x, 200, "{\"accepted\":1,\"duplicate\":false}");
                } else if (path.equals("/v1/agents/ag-inv/inventory") && x.getRequestMethod().equals("PUT")) {
                    inventoryHeaders.add(Map.of("Content-Encoding", String.valueOf(x.getRequestHeaders().getFirst("Content-Encoding")),
                            "Content-Type", String.valueOf(x.getRequestHeaders().getFirst("Content-Type"))));
                    String json;
                    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                        json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                    Map<String, Object> inv = (Map<String, Object>) Json.parse(json);
                    stored = (Long) inv.get("inventoryVersion");
                    inventories.add(inv);
                    Loopback.json(x, 200, "{\"inventoryVersion\":" + stored + "}");
                } else {
                    Loopback.json(x, 404, "{\"error\":\"not-found\",\"message\":\"no such endpoint: " + path + "\"}");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }


        Map<String, Object> nextInventory() throws InterruptedException {
            Map<String, Object> inv = inventories.poll(60, TimeUnit.SECONDS);
            assertThat(inv).as("an inventory upload within 60 s").isNotNull();
            return inv;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static Path testJar(String name) {
        Path p = Paths.get(System.getProperty("secplane.inventory.jars", "target/inventory-jars"), name).toAbsolutePath();
        assertThat(p).as("copied by the build").isRegularFile();
        return p;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jar(Map<String, Object> inventory, Path path) {
        for (Map<String, Object> j : (List<Map<String, Object>>) inventory.get("jars")) {
            if (j.get("path").equals(path.toString())) {
                return j;
            }
        }
        throw new AssertionError(path + " is not in the inventory: " + inventory.get("jars"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void aRealAgentReportsLog4jCoreWithItsSha256AndAJarLoadedLater(Path javaHome) throws Exception {
        Path log4j = testJar("log4j-core-2.14.1.jar");
        Path text = Files.copy(testJar("commons-text-1.10.0.jar"), tmp.resolve("commons-text-1.10.0.jar"));
        Path data = tmp.resolve("agent");
        String key = Signatures.rawPublic(Signatures.generate().getPublic());
        try (Plane plane = new Plane();
                Probe p = Probe.start(javaHome, tmp, List.of(log4j), TestEnv.agentArg(data, "server=" + plane.url(), "server.key=" + key,
                        "enrol.token=sp_en_inventory-test", "instance=inventory-1", "service=orders"))) {
            Map<String, Object> first = plane.nextInventory();
            assertThat(plane.inventoryHeaders.poll()).containsEntry("Content-Encoding", "gzip").containsEntry("Content-Type", "application/json");
            assertThat(first).containsEntry("inventoryVersion", 1L).containsKeys("collectedAt", "hash", "appServer");
            assertThat((String) first.get("hash")).matches("[0-9a-f]{64}");
            @SuppressWarnings("unchecked")
            Map<String, Object> jdk = (Map<String, Object>) first.get("jdk");
            assertThat(jdk).containsEntry("version", p.javaVersion()).containsEntry("home", javaHome.toRealPath().toString());

            Map<String, Object> l = jar(first, log4j);
            assertThat(l).containsEntry("kind", "jar").containsEntry("sha256", LOG4J_SHA256).containsEntry("size", Files.size(log4j));
            assertThat(l.get("components")).isEqualTo(List.of(Map.of("group", "org.apache.logging.log4j", "artifact", "log4j-core",
                    "version", "2.14.1", "source", "pom.properties")));
            assertThat(Files.readString(data.resolve("inventory.json"))).as("the local copy").contains(LOG4J_SHA256)
                    .contains("\"inventoryVersion\":1");

            assertThat(p.send("load " + text + " org.apache.commons.text.StringSubstitutor")).isEqualTo("ok loaded "
                    + "org.apache.commons.text.StringSubstitutor");
            Map<String, Object> second = plane.nextInventory();
            assertThat(second).containsEntry("inventoryVersion", 2L);
            assertThat(second.get("hash")).isNotEqualTo(first.get("hash"));
            assertThat(jar(second, text)).containsEntry("sha256", COMMONS_TEXT_SHA256);
            assertThat(jar(second, log4j)).containsEntry("sha256", LOG4J_SHA256);

            plane.heartbeats.clear();
            Map<String, Object> beat = plane.heartbeats.poll(10, TimeUnit.SECONDS);
            assertThat(beat).containsEntry("inventoryVersion", 2L);
            assertThat(plane.inventories.poll(3, TimeUnit.SECONDS)).as("the server holds v2: no further upload").isNull();
        }
    }
}
