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

        progress.step("starting the testbed without the agent");
        Map<String, AttackResult> unprotected = new LinkedHashMap<>();
        try (Testbed app = start(dir.resolve("unprotected"))) {
            for (Attack a : attacks) {
                progress.step("without agent: " + a.name());
                unprotected.put(a.name(), a.fire(app));
            }
        }

        progress.step("starting the testbed with the agent (" + mode + " mode)");
        Path data = dir.resolve("agent-data");
        Files.createDirectories(data);
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, "{\"version\": \"demo-" + mode + "\", \"mode\": \"" + mode + "\"}\n");
        Map<String, AttackResult> protectedRun = new LinkedHashMap<>();
        boolean healthy;
        try (Testbed app = start(dir.resolve("protected"),
                "-javaagent:" + jar + "=data=" + data + ",policy=" + policy + ",service=vulnapp")) {
            for (Attack a : attacks) {
                progress.step("with agent: " + a.name());
                protectedRun.put(a.name(), a.fire(app));
            }
            healthy = app.healthy();
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
        System.out.println(asExpected ? "Result: every exploit worked without the agent and was "
                + (mode.equals("block") ? "stopped" : "reported") + " with it."
                : "Result: NOT as expected; see the table above and the agent log.");
        return asExpected ? 0 : 1;
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
