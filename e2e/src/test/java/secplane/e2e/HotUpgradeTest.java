package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.e2e.aspects.CanaryAspect;

/** Aspects are added, upgraded and removed while the application serves traffic, without a restart. */
class HotUpgradeTest {
    @TempDir
    Path tmp;

    @Test
    void anApplicationUnderLoadKeepsServingWhileAnAspectIsAddedUpgradedAndRemoved() throws Exception {
        Path aspects = Files.createDirectories(tmp.resolve("aspects"));
        Path data = tmp.resolve("data");
        try (Probe p = Probe.start(TestEnv.currentJavaHome(), tmp,
                TestEnv.agentArg(data, "aspects.dir=" + aspects, "poll.ms=100"))) {
            URI uri = URI.create("http://127.0.0.1:" + p.send("http").replace("ok port ", "") + "/work");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            Thread[] load = new Thread[3];
            for (int i = 0; i < load.length; i++) {
                load[i] = new Thread(() -> {
                    while (running.get()) {
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            (r.statusCode() == 200 ? ok : failed).incrementAndGet();
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                });
                load[i].start();
            }
            try {
                awaitServed(ok, 200);
                AspectJars.build(aspects, CanaryAspect.class, "canary", "1.0.0");
                Map<String, Object> v1 = TestEnv.awaitEvent(data, e -> "aspect.deployed".equals(e.get("type")) && "canary".equals(e.get("aspect")));
                assertThat(v1.get("aspectVersion")).isEqualTo("1.0.0");
                TestEnv.awaitEvent(data, e -> "canary.seen".equals(e.get("rule")) && "1.0.0".equals(e.get("aspectVersion")));
                awaitServed(ok, ok.get() + 200);

                AspectJars.build(aspects, CanaryAspect.class, "canary", "2.0.0");
                Map<String, Object> v2 = TestEnv.awaitEvent(data, e -> "aspect.deployed".equals(e.get("type"))
                        && "2.0.0".equals(e.get("aspectVersion")));
                assertThat(v2.get("previousVersion")).isEqualTo("1.0.0");
                TestEnv.awaitEvent(data, e -> "canary.seen".equals(e.get("rule")) && "2.0.0".equals(e.get("aspectVersion")));
                awaitServed(ok, ok.get() + 200);

                Files.delete(aspects.resolve("canary.jar"));
                TestEnv.awaitEvent(data, e -> "aspect.removed".equals(e.get("type")) && "canary".equals(e.get("aspect")));
                awaitServed(ok, ok.get() + 200);
            } finally {
                running.set(false);
                for (Thread t : load) {
                    t.join(20_000);
                }
            }
            assertThat(failed.get()).as("failed requests during add, upgrade and remove").isZero();
            assertThat(p.send("stats")).isEqualTo("ok served " + ok.get() + " failed 0");
            assertThat(ReliabilityTest.aspect(data, "jndi")).containsEntry("state", "active");
        }
    }

    private static void awaitServed(AtomicInteger ok, int atLeast) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ok.get() >= atLeast);
    }
}
