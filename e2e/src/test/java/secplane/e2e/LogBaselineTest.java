package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import secplane.testbeds.attacks.Testbed;

/**
 * The log baseline on the real Spring MVC testbed (Tomcat 9, Spring 5.3): its customer endpoint logs a
 * resident ID, a bank card and a mobile number through Log4j 2.14.1, SLF4J on Logback 1.5 and
 * java.util.logging. Without the agent all three lines carry the values; with the baseline in
 * {@code observe} they still do and each line is reported with a masked example only; in {@code block}
 * every line is written masked, and a benign order line is written untouched.
 */
class LogBaselineTest {
    private static final String ID = "110101199003074477";
    private static final String CARD = "6222021234567890128";
    private static final String MOBILE = "13812345678";
    private static final String BENIGN = "order ORD-20240317-000123 placed at 2024-03-17T10:15:30Z for product SKU-AB12-3456 trace 731925846201937462";

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void withoutTheAgentEveryLibraryLogsThePersonalData(Path javaHome) throws Exception {
        try (Testbed app = Testbed.builder().javaHome(javaHome).workDir(Files.createDirectories(tmp.resolve("plain"))).start()) {
            assertThat(app.send(HttpRequest.newBuilder(app.uri("/customers/1"))).statusCode()).isEqualTo(200);
            Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> logs(app).contains("jul customer"));
            for (String lib : List.of("log4j", "logback", "jul")) {
                assertThat(line(logs(app), lib + " customer")).as(lib).contains(ID, CARD, MOBILE);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void observeReportsEachLibraryWithAMaskedExampleAndNeverTheValue(Path javaHome) throws Exception {
        Path data = tmp.resolve("data");
        Path policy = Files.writeString(tmp.resolve("policy.json"), "{\"version\": \"logs-observe\", \"aspects\": {\"data\": "
                + "{\"rules\": {\"data.log-baseline\": \"observe\"}, \"config\": {\"sample\": 1}}}}");
        try (Testbed app = Testbed.builder().javaHome(javaHome).workDir(Files.createDirectories(tmp.resolve("observed")))
                .jvmArgs(TestEnv.agentArg(data, "policy=" + policy, "service=customers")).start()) {
            assertThat(app.send(HttpRequest.newBuilder(app.uri("/customers/1"))).statusCode()).isEqualTo(200);
            for (String lib : List.of("log4j2", "logback", "jul")) {
                Map<String, Object> e = TestEnv.awaitEvent(data, TestEnv.verdict("data.log-baseline", "observe")
                        .and(ev -> lib.equals(TestEnv.evidence(ev).get("library"))));
                Map<String, Object> evidence = TestEnv.evidence(e);
                assertThat(evidence.get("types").toString()).contains("CN_RESIDENT_ID", "CN_MOBILE");
                assertThat(evidence.get("count")).isEqualTo("3");
                assertThat(evidence.get("logger").toString()).startsWith("customers.");
                assertThat(evidence.get("level").toString()).isIn("INFO");
                assertThat(evidence.get("example").toString()).matches("110\\*+4477");
                assertThat(evidence).doesNotContainKey("rewrite");
            }
            // observe changes nothing in the application's output
            Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> logs(app).contains("jul customer"));
            assertThat(line(logs(app), "log4j customer")).contains(ID, CARD, MOBILE);
        }
        String events = Files.readString(data.resolve("events.jsonl"));
        assertThat(events).as("events never carry the values").doesNotContain(ID, CARD, MOBILE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void blockMasksEveryLineInPlaceAndLeavesBenignLinesAlone(Path javaHome) throws Exception {
        Path data = tmp.resolve("data");
        // sample 0: block mode inspects every line whatever the sampling rate
        Path policy = Files.writeString(tmp.resolve("policy.json"), "{\"version\": \"logs-enforce\", \"aspects\": {\"data\": "
                + "{\"rules\": {\"data.log-baseline\": \"block\"}, \"config\": {\"sample\": 0}}}}");
        try (Testbed app = Testbed.builder().javaHome(javaHome).workDir(Files.createDirectories(tmp.resolve("enforced")))
                .jvmArgs(TestEnv.agentArg(data, "policy=" + policy)).start()) {
            for (int i = 0; i < 3; i++) {
                assertThat(app.send(HttpRequest.newBuilder(app.uri("/customers/1"))).statusCode()).isEqualTo(200);
            }
            assertThat(app.send(HttpRequest.newBuilder(app.uri("/customers/2"))).body()).contains("731925846201937462");
            Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> logs(app).contains("jul order"));
            String logs = logs(app);
            for (String lib : List.of("log4j", "logback", "jul")) {
                String line = line(logs, lib + " customer");
                assertThat(line).as(lib).doesNotContain(ID, CARD, MOBILE).contains("name=Zhang Wei");
                assertThat(line).as(lib).containsPattern("idCard=110\\*+4477").containsPattern("card=622202\\*+0128")
                        .containsPattern("mobile=138\\*+5678");
                assertThat(line(logs, lib + " order")).as(lib + ": the benign corpus is never masked").contains(BENIGN);
            }
            assertThat(logs).doesNotContain(ID, CARD, MOBILE);
            assertThat(app.healthy()).isTrue();
        }
        List<Map<String, Object>> rewrites = TestEnv.events(data).stream()
                .filter(TestEnv.verdict("data.log-baseline", "rewrite")).collect(Collectors.toList());
        assertThat(rewrites).extracting(e -> TestEnv.evidence(e).get("library")).contains("log4j2", "logback", "jul");
        assertThat(rewrites).hasSize(9);
        assertThat(Files.readString(data.resolve("events.jsonl"))).doesNotContain(ID, CARD, MOBILE, "731925846201937462");
    }

    private static String logs(Testbed app) {
        return app.stdout() + "\n" + app.stderr();
    }

    /** The first line that contains the marker. */
    private static String line(String logs, String marker) {
        return logs.lines().filter(l -> l.contains(marker)).findFirst()
                .orElseThrow(() -> new AssertionError("no log line with '" + marker + "' in:\n" + logs));
    }
}
