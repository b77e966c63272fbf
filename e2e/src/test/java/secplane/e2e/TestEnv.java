package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import secplane.protocol.json.Json;

/** Paths of the built artifacts and the JDKs the agent is tested on. */
public final class TestEnv {
    private TestEnv() {
    }

    public static Path agentJar() {
        Path p = Paths.get(System.getProperty("secplane.agent.jar", "../agent/dist/target/secplane-agent.jar")).toAbsolutePath();
        assertThat(p).as("the agent jar must be built before the end-to-end tests").isRegularFile();
        return p;
    }

    static String probeClasspath() throws Exception {
        String deps = Files.readString(Paths.get(System.getProperty("secplane.probe.classpath.file"))).trim();
        return System.getProperty("secplane.test.classes") + File.pathSeparator + deps;
    }

    public static Path currentJavaHome() {
        return Paths.get(System.getProperty("java.home"));
    }

    /** JDK 17 (the one running the tests) and, when installed, JDK 25. */
    static Stream<Path> javaHomes() {
        List<Path> homes = new ArrayList<>();
        homes.add(currentJavaHome());
        String jdk25 = System.getProperty("secplane.jdk25.home", "");
        if (!jdk25.isBlank() && Files.isExecutable(Paths.get(jdk25, "bin", "java"))) {
            homes.add(Paths.get(jdk25));
        }
        return homes.stream();
    }

    public static String agentArg(Path data, String... options) {
        StringBuilder sb = new StringBuilder("-javaagent:").append(agentJar()).append("=data=").append(data);
        for (String o : options) {
            sb.append(',').append(o);
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> events(Path data) throws Exception {
        Path file = data.resolve("events.jsonl");
        List<Map<String, Object>> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (Object o : Json.parseLines(Files.readString(file))) {
                out.add((Map<String, Object>) o);
            }
        }
        return out;
    }

    /** Waits until an event matching the predicate has been written, and returns it. */
    static Map<String, Object> awaitEvent(Path data, Predicate<Map<String, Object>> match) {
        Object[] found = new Object[1];
        Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> {
                    for (Map<String, Object> e : events(data)) {
                        if (match.test(e)) {
                            found[0] = e;
                            return true;
                        }
                    }
                    return false;
                });
        @SuppressWarnings("unchecked")
        Map<String, Object> e = (Map<String, Object>) found[0];
        return e;
    }

    static Predicate<Map<String, Object>> verdict(String rule, String verdict) {
        return e -> "verdict".equals(e.get("type")) && rule.equals(e.get("rule")) && verdict.equals(e.get("verdict"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> evidence(Map<String, Object> event) {
        return (Map<String, Object>) event.get("evidence");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> status(Path data) throws Exception {
        return (Map<String, Object>) Json.parse(Files.readString(data.resolve("status.json")));
    }
}
