package secplane.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import secplane.protocol.json.Json;
import secplane.server.ControlPlane;
import secplane.server.ServerConfig;
import secplane.testbeds.attacks.Attack;
import secplane.testbeds.attacks.AttackResult;
import secplane.testbeds.attacks.Attacks;
import secplane.testbeds.attacks.Testbed;

/**
 * Starts the vulnerable testbed (Tomcat 9.0.60, Spring MVC 5.3.17, log4j-core 2.14.1,
 * commons-collections 3.1) twice, first without the agent and then with it, fires the same real
 * exploits at both, and prints attack by attack what happened and which rule stopped it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Fire real Log4Shell, Spring4Shell and deserialization exploits at a vulnerable app, without and with the agent.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--agent", paramLabel = "<jar>", description = "path to secplane-agent.jar (default: the build beside this command)")
    Path agent;

    @Option(names = "--java-home", paramLabel = "<dir>", description = "JDK that runs the testbed (default: this one)")
    Path javaHome;

    @Option(names = "--mode", paramLabel = "block|observe", description = "policy mode of the protected run (default: ${DEFAULT-VALUE})")
    String mode = "block";

    @Option(names = "--work", paramLabel = "<dir>", description = "where the testbeds and the agent's data go (default: a new temp dir)")
    Path work;

    @Override
    public Integer call() throws Exception {
        if (!mode.equals("block") && !mode.equals("observe")) {
            throw new IllegalArgumentException("--mode must be block or observe, not '" + mode + "'");
        }
        Path jar = AgentJar.locate(agent);
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("secplane-demo-");
        List<Attack> attacks = Attacks.all();
        Progress progress = new Progress("demo", 2 * (attacks.size() + 1));
        // the control plane's own request log goes to stderr as JSON lines; the demo keeps its output readable
        System.setProperty("secplane.log.level", "warn");

        progress.step("starting the testbed without the agent");
        Map<String, AttackResult> unprotected = new LinkedHashMap<>();
        try (Testbed app = start(dir.resolve("unprotected"))) {
            for (Attack a : attacks) {
                progress.step("without agent: " + a.name());
                unprotected.put(a.name(), a.fire(app));
            }
        }

        progress.step("starting the control plane, and the testbed with the agent (" + mode + " mode)");
        Path data = dir.resolve("agent-data");
        Files.createDirectories(data);
        Map<String, AttackResult> protectedRun = new LinkedHashMap<>();
        boolean healthy;
        List<Map<String, Object>> planeEvents;
        try (ControlPlane plane = ControlPlane.start(ServerConfig.defaults(dir.resolve("server")).withPort(0))) {
            ApiClient api = new ApiClient("http://127.0.0.1:" + plane.port(), plane.bootstrapToken().orElseThrow());
            String enrol = (String) ((Map<?, ?>) api.post("/v1/tokens", Map.of("kind", "enrol", "service", "vulnapp"))).get("token");
            Map<?, ?> pushed = (Map<?, ?>) api.post("/v1/policies", Map.of("service", "vulnapp",
                    "policy", Map.of("version", "demo-" + mode, "mode", mode), "target", Map.of()));
            long version = ((Number) pushed.get("version")).longValue();
            Testbed.Builder b = Testbed.builder().workDir(Files.createDirectories(dir.resolve("protected")))
                    .env("SECPLANE_ENROL_TOKEN", enrol)
                    .jvmArgs("-javaagent:" + jar + "=data=" + data + ",service=vulnapp,instance=vulnapp-1,server=http://127.0.0.1:"
                            + plane.port() + ",server.key=" + plane.publicKey());
            if (javaHome != null) {
                b.javaHome(javaHome);
            }
            try (Testbed app = b.start()) {
                awaitApplied(api, version);
                for (Attack a : attacks) {
                    progress.step("with agent: " + a.name());
                    protectedRun.put(a.name(), a.fire(app));
                }
                healthy = app.healthy();
                planeEvents = awaitVerdicts(api);
            }
        }
        progress.done();

        List<Map<String, Object>> events = readEvents(data.resolve("events.jsonl"));
        Table t = new Table("ATTACK", "REFERENCE", "WITHOUT AGENT", "WITH AGENT (" + mode + ")", "RULES THAT FIRED");
        boolean asExpected = healthy;
        for (Attack a : attacks) {
            AttackResult before = unprotected.get(a.name());
            AttackResult after = protectedRun.get(a.name());
            List<String> rules = rulesFor(events, a.name());
            t.row(a.name(), a.reference(), before.exploited() ? "EXPLOITED" : "not exploited",
                    after.exploited() ? "EXPLOITED" : "stopped", String.join(", ", rules));
            boolean expected = mode.equals("block") ? before.exploited() && !after.exploited()
                    : before.exploited() && !rules.isEmpty();
            asExpected &= expected;
        }
        System.out.println();
        System.out.print(t);
        System.out.println();
        System.out.printf("The protected app %s serving after the attacks.%n", healthy ? "kept" : "STOPPED");
        System.out.printf("Agent events: %s (%d verdicts); agent log: %s%n", data.resolve("events.jsonl"),
                events.stream().filter(e -> "verdict".equals(e.get("type"))).count(), data.resolve("agent.log"));
        System.out.println();
        System.out.println("Verdicts as the control plane received them (secplane events --service vulnapp):");
        Table received = new Table("TIME", "INSTANCE", "JOIN POINT", "RULE", "VERDICT");
        for (Map<String, Object> e : planeEvents) {
            received.row(e.get("time"), e.get("instanceId"), e.get("joinPoint"), e.get("rule"), e.get("verdict"));
        }
        System.out.print(received);
        System.out.println();
        asExpected &= !planeEvents.isEmpty();
        System.out.println(asExpected ? "Result: every exploit worked without the agent and was "
                + (mode.equals("block") ? "stopped" : "reported") + " with it."
                : "Result: NOT as expected; see the table above and the agent log.");
        return asExpected ? 0 : 1;
    }

    /** Waits until the protected app's agent has enrolled and acknowledged the pushed policy. */
    @SuppressWarnings("unchecked")
    private static void awaitApplied(ApiClient api, long version) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (Map<String, Object> a : (List<Map<String, Object>>) ((Map<String, Object>) api.get("/v1/agents")).get("agents")) {
                if ("applied".equals(a.get("state")) && ((Number) a.get("appliedVersion")).longValue() == version) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the agent did not apply the demo policy within 60 s; see its agent.log");
    }

    /** The verdict events the agent uploaded, once their number has stopped growing. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> awaitVerdicts(ApiClient api) throws Exception {
        List<Map<String, Object>> last = List.of();
        for (int i = 0; i < 40; i++) {
            List<Map<String, Object>> now = (List<Map<String, Object>>) ((Map<String, Object>) api.get("/v1/events",
                    Map.of("service", "vulnapp", "type", "verdict", "limit", "100"))).get("events");
            if (!now.isEmpty() && now.size() == last.size()) {
                List<Map<String, Object>> sorted = new ArrayList<>(now);
                sorted.sort((x, y) -> String.valueOf(x.get("time")).compareTo(String.valueOf(y.get("time"))));
                return sorted;
            }
            last = now;
            Thread.sleep(500);
        }
        return last;
    }

    private Testbed start(Path workDir, String... jvmArgs) throws Exception {
        Files.createDirectories(workDir);
        Testbed.Builder b = Testbed.builder().workDir(workDir).jvmArgs(jvmArgs);
        if (javaHome != null) {
            b.javaHome(javaHome);
        }
        return b.start();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> readEvents(Path file) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        // the agent writes events from a background thread; give the last ones a moment
        for (int i = 0; i < 20 && !Files.exists(file); i++) {
            Thread.sleep(100);
        }
        Thread.sleep(400);
        if (Files.exists(file)) {
            for (Object o : Json.parseLines(Files.readString(file))) {
                out.add((Map<String, Object>) o);
            }
        }
        return out;
    }

    /** The rules whose verdicts belong to one attack, by the join points that attack reaches. */
    private static List<String> rulesFor(List<Map<String, Object>> events, String attack) {
        List<String> joinPoints = switch (attack) {
            case "log4shell" -> List.of("jndi.lookup");
            case "spring4shell" -> List.of("spring.bind", "file.write");
            case "deserialization" -> List.of("deserialize.class", "process.start");
            default -> List.of();
        };
        List<String> rules = new ArrayList<>();
        for (Map<String, Object> e : events) {
            if ("verdict".equals(e.get("type")) && joinPoints.contains(e.get("joinPoint"))) {
                String r = e.get("rule") + " (" + e.get("verdict") + ")";
                if (!rules.contains(r)) {
                    rules.add(r);
                }
            }
        }
        return rules;
    }
}
