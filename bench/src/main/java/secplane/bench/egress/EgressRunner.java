package secplane.bench.egress;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
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
 * Runs {@link EgressBench#postCustomer} (a real HttpClient POST of a customer JSON over loopback) in three
 * configurations, interleaved round by round with the order reversed every other round: no agent; the agent
 * with the data aspect disabled (every other aspect as by default, so net.connect and the weaving are the
 * same); the agent observing {@code data.egress} at 1 %. "observe" against "nodata" is the cost of the
 * outbound body observation.
 *
 * <pre>java -cp bench/target/benchmarks.jar secplane.bench.egress.EgressRunner [--agent jar] [--out dir] [--rounds n]</pre>
 */
public final class EgressRunner {
    private EgressRunner() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        Path out = Path.of(opts.getOrDefault("out", "bench/target/egress"));
        Path data = out.resolve("agent-data");
        WorkDir.fresh(data);
        Path agent = AgentSetup.snapshotAgentJar(opts.get("agent"), data);
        Path nodataPolicy = Files.writeString(data.resolve("policy-nodata.json"),
                "{\"version\": \"bench-nodata\", \"aspects\": {\"data\": {\"enabled\": false}}}", StandardCharsets.UTF_8);
        Path observePolicy = Files.writeString(data.resolve("policy-observe.json"),
                "{\"version\": \"bench-egress\", \"aspects\": {\"data\": {\"rules\": {\"data.egress\": \"observe\"}, \"config\": {\"sample\": 0.01}}}}",
                StandardCharsets.UTF_8);
        List<AgentSetup> setups = List.of(AgentSetup.none(),
                new AgentSetup("nodata", "agent, data aspect disabled", List.of(AgentSetup.javaagent(agent,
                        "data=" + data.resolve("nodata").toAbsolutePath() + ",policy=" + nodataPolicy.toAbsolutePath()))),
                new AgentSetup("observe", "agent, data.egress observed at 1 %", List.of(AgentSetup.javaagent(agent,
                        "data=" + data.resolve("observe").toAbsolutePath() + ",policy=" + observePolicy.toAbsolutePath()))));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "3"));
        Map<String, List<Double>> iterations = new LinkedHashMap<>();
        setups.forEach(s -> iterations.put(s.id(), new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            List<AgentSetup> order = new ArrayList<>(setups);
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (AgentSetup setup : order) {
                ChainedOptionsBuilder b = new OptionsBuilder()
                        .include("^" + Pattern.quote(EgressBench.class.getName() + ".postCustomer") + "$")
                        .forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(2))
                        .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                        .shouldFailOnError(true).verbosity(VerboseMode.SILENT);
                if (!setup.jvmArgs().isEmpty()) {
                    b.jvmArgsAppend(setup.jvmArgs().toArray(new String[0]));
                }
                RunResult r = new Runner(b.build()).runSingle();
                r.getBenchmarkResults().forEach(x -> x.getIterationResults().forEach(it -> iterations.get(setup.id()).add(it.getPrimaryResult().getScore())));
                System.out.printf(Locale.ROOT, "round %d/%d %-8s %10.1f us/op%n", round + 1, rounds, setup.id(), r.getPrimaryResult().getScore());
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("java", System.getProperty("java.runtime.version"));
        summary.put("cpus", Runtime.getRuntime().availableProcessors());
        summary.put("agentJarSha256", AgentSetup.sha256(agent));
        Map<String, Double> medians = new LinkedHashMap<>();
        for (AgentSetup s : setups) {
            List<Double> its = new ArrayList<>(iterations.get(s.id()));
            Collections.sort(its);
            double median = its.size() % 2 == 1 ? its.get(its.size() / 2) : (its.get(its.size() / 2 - 1) + its.get(its.size() / 2)) / 2;
            medians.put(s.id(), median);
            summary.put(s.id(), Map.of("label", s.label(), "medianMicros", median, "min", its.get(0), "max", its.get(its.size() - 1), "n", its.size()));
        }
        double ratio = medians.get("nodata") / medians.get("observe");
        summary.put("throughputObserveVsNodata", ratio);
        summary.put("agentLogWarnings", AgentLogs.trouble(data));
        System.out.printf(Locale.ROOT, "%nmedian us/op: none %.1f, nodata %.1f, observe %.1f; observe throughput = %.3f of nodata%n",
                medians.get("none"), medians.get("nodata"), medians.get("observe"), ratio);
        Files.writeString(out.resolve("summary.json"), Json.write(summary), StandardCharsets.UTF_8);
    }
}
