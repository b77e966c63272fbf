package secplane.bench.joinpoints;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
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
 *     [--rounds n] [--warmup n] [--measure n] [--include regex]</pre>
 */
public final class JmhRunner {

    /**
     * One benchmark in one configuration, in ns/op, over all measurement iterations of all rounds.
     * Differences are taken between medians, because on a shared machine a burst of foreign load
     * inflates single iterations (and with them the mean) many times over; the raw iterations stay
     * in the JMH JSON.
     */
    record Score(double median, double mean, double min, double max, int n) {
        static Score of(List<Double> iterations) {
            List<Double> sorted = new ArrayList<>(iterations);
            java.util.Collections.sort(sorted);
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            return new Score(median, sorted.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                    sorted.get(0), sorted.get(n - 1), n);
        }
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
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "2"));
        Pattern include = Pattern.compile(opts.getOrDefault("include", ".*"));
        List<String> benchmarks = new ArrayList<>();
        for (Method m : JoinPointBenchmarks.class.getMethods()) {
            if (m.isAnnotationPresent(Benchmark.class) && include.matcher(m.getName()).matches()) {
                benchmarks.add(m.getName());
            }
        }
        java.util.Collections.sort(benchmarks);

        // Interleaved: round -> benchmark -> configuration, one fork each, the order of the
        // configurations reversed every other round. On a shared machine foreign load comes in bursts
        // of minutes; interleaving spreads a burst over all three configurations instead of letting it
        // land on one of them.
        Map<String, List<RunResult>> results = new LinkedHashMap<>();
        Map<String, Map<String, List<Double>>> iterations = new LinkedHashMap<>();
        setups.forEach(s -> {
            results.put(s.id(), new ArrayList<>());
            iterations.put(s.id(), new LinkedHashMap<>());
        });
        for (int round = 0; round < rounds; round++) {
            List<AgentSetup> order = new ArrayList<>(setups);
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (String benchmark : benchmarks) {
                for (AgentSetup setup : order) {
                    ChainedOptionsBuilder builder = new OptionsBuilder()
                            .include("^" + Pattern.quote(JoinPointBenchmarks.class.getName() + "." + benchmark) + "$")
                            .forks(1)
                            .warmupIterations(Integer.parseInt(opts.getOrDefault("warmup", "3")))
                            .warmupTime(TimeValue.seconds(1))
                            .measurementIterations(Integer.parseInt(opts.getOrDefault("measure", "5")))
                            .measurementTime(TimeValue.seconds(1))
                            .shouldFailOnError(true)
                            .verbosity(VerboseMode.SILENT);
                    if (!setup.jvmArgs().isEmpty()) {
                        builder.jvmArgsAppend(setup.jvmArgs().toArray(new String[0]));
                    }
                    RunResult r = new Runner(builder.build()).runSingle();
                    results.get(setup.id()).add(r);
                    List<Double> its = iterations.get(setup.id()).computeIfAbsent(benchmark, k -> new ArrayList<>());
                    r.getBenchmarkResults().forEach(b -> b.getIterationResults().forEach(it -> its.add(it.getPrimaryResult().getScore())));
                    System.out.printf(java.util.Locale.ROOT, "round %d/%d %-16s %-7s %12.1f ns/op%n", round + 1, rounds, benchmark,
                            setup.id(), r.getPrimaryResult().getScore());
                }
            }
        }
        Map<String, Map<String, Score>> scores = new LinkedHashMap<>();
        for (AgentSetup setup : setups) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, out.resolve("jmh-" + setup.id() + ".json").toString())
                    .writeOut(results.get(setup.id()));
            Map<String, Score> perBenchmark = new LinkedHashMap<>();
            iterations.get(setup.id()).forEach((b, its) -> perBenchmark.put(b, Score.of(its)));
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

        System.out.println("\nns/op: median of all iterations [min-max]; idle = agent with every aspect off, active = default policy;"
                + " differences between medians");
        System.out.printf("%-16s %26s %26s %26s %10s %11s%n", "benchmark", "none", "idle", "active", "idle-none",
                "active-none");
        for (Map<String, Object> row : rows) {
            System.out.printf("%-16s %26s %26s %26s %10.1f %11.1f%n", row.get("benchmark"), row.get("none"), row.get("idle"),
                    row.get("active"), (Double) row.get("idleMinusNone"), (Double) row.get("activeMinusNone"));
        }
        Map<String, Score> none = scores.get("none");
        Map<String, Score> active = scores.get("active");
        if (none.containsKey("deserialize") && active.containsKey("deserialize")) {
            System.out.printf("deserialize.class per descriptor, active-none: %.1f ns (%d descriptors per readObject)%n",
                    (active.get("deserialize").median() - none.get("deserialize").median()) / JoinPointBenchmarks.DESCRIPTORS,
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
                row.put(e.getKey(), s == null ? "-"
                        : String.format(java.util.Locale.ROOT, "%.1f [%.1f-%.1f]", s.median(), s.min(), s.max()));
                raw.put(e.getKey(), s == null ? null
                        : Map.of("median", s.median(), "mean", s.mean(), "min", s.min(), "max", s.max(), "iterations", s.n()));
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
        return a == null || b == null ? Double.NaN : a.median() - b.median();
    }

    private static double ratio(Score a, Score b) {
        return a == null || b == null ? Double.NaN : a.median() / b.median();
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i]
                        + "'; options: --agent --out --rounds --warmup --measure --include");
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }
}
