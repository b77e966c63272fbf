package secplane.bench.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import secplane.bench.AgentSetup;
import secplane.bench.WorkDir;

/**
 * Runs {@link ResultSetBench} without the agent, with the agent and the data aspect disabled by policy (the
 * getters are woven, the join point idle), and with the agent's default policy (the data aspect observing,
 * sampling 1 %), interleaved round by round so that foreign load on a shared machine spreads over all three;
 * prints the medians of all iterations and the cost per {@code getString}.
 *
 * <pre>java -cp bench/target/benchmarks.jar secplane.bench.data.ResultSetRunner [--agent jar] [--rounds n] [--warmup n] [--out dir]</pre>
 */
public final class ResultSetRunner {
    private ResultSetRunner() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path out = Path.of(opts.getOrDefault("out", "bench/target"));
        Path data = out.resolve("jdbc-agent-data");
        WorkDir.fresh(data);
        Path agent = AgentSetup.snapshotAgentJar(opts.get("agent"), data);
        Path off = Files.createDirectories(data.resolve("off")).resolve("policy-data-off.json");
        Files.writeString(off, "{\"version\": \"bench-data-off\", \"aspects\": {\"data\": {\"enabled\": false}}}", StandardCharsets.UTF_8);
        Map<String, List<String>> setups = new LinkedHashMap<>();
        setups.put("none", List.of());
        setups.put("idle", List.of(AgentSetup.javaagent(agent, "data=" + data.resolve("off").toAbsolutePath() + ",policy=" + off.toAbsolutePath())));
        setups.put("active", List.of(AgentSetup.javaagent(agent, "data=" + data.resolve("active").toAbsolutePath())));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "2"));
        String[] benchmarks = {"nextRow", "nextRowTwoStrings"};
        Map<String, List<Double>> its = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(setups.keySet());
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (String b : benchmarks) {
                for (String setup : order) {
                    ChainedOptionsBuilder o = new OptionsBuilder().include("^" + ResultSetBench.class.getName().replace(".", "\\.") + "\\." + b + "$")
                            .forks(1).warmupIterations(Integer.parseInt(opts.getOrDefault("warmup", "8"))).warmupTime(TimeValue.seconds(1)).measurementIterations(5)
                            .measurementTime(TimeValue.seconds(1)).jvmArgsAppend("-Xmx512m").shouldFailOnError(true).verbosity(VerboseMode.SILENT);
                    if (!setups.get(setup).isEmpty()) {
                        o.jvmArgsAppend(setups.get(setup).toArray(new String[0]));
                    }
                    RunResult r = new Runner(o.build()).runSingle();
                    List<Double> list = its.computeIfAbsent(b + " " + setup, k -> new ArrayList<>());
                    r.getBenchmarkResults().forEach(br -> br.getIterationResults().forEach(it -> list.add(it.getPrimaryResult().getScore())));
                    System.out.printf(Locale.ROOT, "round %d/%d %-18s %-7s %9.1f ns/op%n", round + 1, rounds, b, setup, r.getPrimaryResult().getScore());
                }
            }
        }
        System.out.println("\nns/op, median of all iterations [min-max]");
        Map<String, Double> median = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : its.entrySet()) {
            List<Double> s = new ArrayList<>(e.getValue());
            Collections.sort(s);
            double m = s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
            median.put(e.getKey(), m);
            System.out.printf(Locale.ROOT, "%-26s %9.1f [%.1f-%.1f] n=%d%n", e.getKey(), m, s.get(0), s.get(s.size() - 1), s.size());
        }
        for (String setup : List.of("idle", "active")) {
            double strings = median.get("nextRowTwoStrings " + setup) - median.get("nextRowTwoStrings none");
            double rows = median.get("nextRow " + setup) - median.get("nextRow none");
            System.out.printf(Locale.ROOT, "%-6s vs none: per getString %+.1f ns (two getString per op, less the row move's own difference %+.1f ns); "
                    + "next+2x getString %.2fx%n", setup, (strings - rows) / 2, rows,
                    median.get("nextRowTwoStrings " + setup) / median.get("nextRowTwoStrings none"));
        }
    }
}
