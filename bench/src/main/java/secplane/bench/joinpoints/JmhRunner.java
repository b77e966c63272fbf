package secplane.bench.joinpoints;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import secplane.bench.AgentLogs;
import secplane.bench.AgentSetup;
import secplane.bench.Json;
import secplane.bench.WorkDir;

/**
 * Runs {@link JoinPointBenchmarks} once per {@link AgentSetup} in the same invocation, so every
 * figure is reported beside its no-agent baseline measured minutes apart on the same (shared,
 * noisy) machine. Writes each configuration's raw JMH JSON and a summary into the output directory.
 *
 * <pre>java -cp bench/target/benchmarks.jar secplane.bench.joinpoints.JmhRunner [--agent jar] [--out dir]
 *     [--forks n] [--warmup n] [--measure n] [--include regex]</pre>
 */
public final class JmhRunner {

    /** Score and 99.9% error half-width of one benchmark in one configuration, in ns/op. */
    record Score(double ns, double error) {
    }

    private JmhRunner() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        Path out = Path.of(opts.getOrDefault("out", "bench/target"));
        Path agentData = out.resolve("jmh-agent-data");
        WorkDir.fresh(agentData); // agent.log is appended to; a previous run's warnings must not be reported again
        Path agentJar = AgentSetup.snapshotAgentJar(opts.get("agent"), agentData);

        List<AgentSetup> setups = List.of(AgentSetup.none(), AgentSetup.aspectsOff(agentJar, agentData.resolve("idle")),
                AgentSetup.defaults(agentJar, agentData.resolve("active")));
        Map<String, Map<String, Score>> scores = new LinkedHashMap<>();
        for (AgentSetup setup : setups) {
            Path json = out.resolve("jmh-" + setup.id() + ".json");
            ChainedOptionsBuilder builder = new OptionsBuilder()
                    .include(JoinPointBenchmarks.class.getName() + "." + opts.getOrDefault("include", ".*"))
                    .forks(Integer.parseInt(opts.getOrDefault("forks", "1")))
                    .warmupIterations(Integer.parseInt(opts.getOrDefault("warmup", "3")))
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(Integer.parseInt(opts.getOrDefault("measure", "5")))
                    .measurementTime(TimeValue.seconds(1))
                    .resultFormat(ResultFormatType.JSON)
                    .result(json.toString());
            if (!setup.jvmArgs().isEmpty()) {
                builder.jvmArgsAppend(setup.jvmArgs().toArray(new String[0]));
            }
            System.out.println("\n=== " + setup.label() + " " + setup.jvmArgs());
            Map<String, Score> perBenchmark = new LinkedHashMap<>();
            for (RunResult r : new Runner(builder.build()).run()) {
                String name = r.getParams().getBenchmark();
                perBenchmark.put(name.substring(name.lastIndexOf('.') + 1),
                        new Score(r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()));
            }
            scores.put(setup.id(), perBenchmark);
        }

        List<Map<String, Object>> rows = table(scores);
        List<String> trouble = AgentLogs.trouble(agentData);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("date", Instant.now().toString());
        summary.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        summary.put("cpus", Runtime.getRuntime().availableProcessors());
        summary.put("agentJar", agentJar.toAbsolutePath().toString());
        summary.put("agentJarSha256", AgentSetup.sha256(agentJar));
        List<Map<String, Object>> configs = new ArrayList<>();
        for (AgentSetup s : setups) {
            configs.add(Map.of("id", s.id(), "label", s.label(), "jvmArgs", s.jvmArgs()));
        }
        summary.put("configurations", configs);
        summary.put("descriptorsPerDeserialize", JoinPointBenchmarks.DESCRIPTORS);
        summary.put("rows", rows);
        summary.put("agentLogWarnings", trouble);
        Files.writeString(out.resolve("jmh-summary.json"), Json.write(summary), StandardCharsets.UTF_8);

        System.out.println("\nns/op (± 99.9% CI); idle = agent with every aspect off, active = default policy");
        System.out.printf("%-16s %16s %16s %16s %10s %10s%n", "benchmark", "none", "idle", "active", "idle-none",
                "active-none");
        for (Map<String, Object> row : rows) {
            System.out.printf("%-16s %16s %16s %16s %10.1f %10.1f%n", row.get("benchmark"), row.get("none"), row.get("idle"),
                    row.get("active"), (Double) row.get("idleMinusNone"), (Double) row.get("activeMinusNone"));
        }
        Map<String, Score> none = scores.get("none");
        Map<String, Score> active = scores.get("active");
        if (none.containsKey("deserialize") && active.containsKey("deserialize")) {
            System.out.printf("deserialize.class per descriptor, active-none: %.1f ns (%d descriptors per readObject)%n",
                    (active.get("deserialize").ns() - none.get("deserialize").ns()) / JoinPointBenchmarks.DESCRIPTORS,
                    JoinPointBenchmarks.DESCRIPTORS);
        }
        if (!trouble.isEmpty()) {
            System.out.println("\nagent.log WARN/ERROR lines:");
            trouble.forEach(t -> System.out.println("  " + t));
        }
        System.out.println("\nraw results: " + out.resolve("jmh-{none,idle,active}.json") + ", summary: "
                + out.resolve("jmh-summary.json"));
    }

    private static List<Map<String, Object>> table(Map<String, Map<String, Score>> scores) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Score> none = scores.get("none");
        for (String benchmark : none.keySet()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("benchmark", benchmark);
            Map<String, Object> raw = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, Score>> e : scores.entrySet()) {
                Score s = e.getValue().get(benchmark);
                row.put(e.getKey(), s == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f±%.1f", s.ns(), s.error()));
                raw.put(e.getKey(), s == null ? null : Map.of("ns", s.ns(), "error", s.error()));
            }
            row.put("idleMinusNone", minus(scores.get("idle").get(benchmark), none.get(benchmark)));
            row.put("activeMinusNone", minus(scores.get("active").get(benchmark), none.get(benchmark)));
            row.put("activeOverNone", ratio(scores.get("active").get(benchmark), none.get(benchmark)));
            row.put("scores", raw);
            rows.add(row);
        }
        return rows;
    }

    private static double minus(Score a, Score b) {
        return a == null || b == null ? Double.NaN : a.ns() - b.ns();
    }

    private static double ratio(Score a, Score b) {
        return a == null || b == null ? Double.NaN : a.ns() / b.ns();
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i]
                        + "'; options: --agent --out --forks --warmup --measure --include");
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }
}
