package secplane.bench.patches;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import secplane.bench.AgentSetup;
import secplane.bench.Json;
import secplane.bench.WorkDir;

/**
 * The virtual-patch figures of docs/benchmarks.md:
 *
 * <ul>
 *   <li>{@code retransform}: {@link RetransformMain} in a child JVM of each JDK given, on log4j-core
 *       2.14.1: the time to retransform one loaded class with a patch woven in, against the same
 *       retransformation with no change;</li>
 *   <li>{@code calls}: {@link PatchCallBenchmarks} under JMH (forks of the JDK running this class)
 *       without the agent, with a patch's hook woven but its guard bit clear, and with the patch in
 *       force on an argument it does not match. The three configurations are interleaved by round,
 *       as in the join point runner.</li>
 * </ul>
 *
 * <pre>java -cp bench/target/benchmarks.jar secplane.bench.patches.PatchBench --agent agent/dist/target/secplane-agent.jar
 *     --libs bench/target/vuln-libs [--jdk /path/to/jdk ...] [--runs 50] [--rounds 2] [--out bench/target] [retransform] [calls]</pre>
 */
public final class PatchBench {
    static final String CALL_POLICY = """
            {"version": "bench-patch", "patches": [
              {"id": "bench-lookup", "class": "secplane.bench.patches.LookupTarget", "method": "lookup",
               "action": "block-if", "arg": 0, "matches": "(?i)\\\\$\\\\{jndi:"}]}
            """;

    private PatchBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        List<String> jdks = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--jdk")) {
                jdks.add(args[++i]);
            } else if (args[i].startsWith("--")) {
                opts.put(args[i].substring(2), args[++i]);
            } else {
                parts.add(args[i]);
            }
        }
        if (parts.isEmpty()) {
            parts = List.of("retransform", "calls");
        }
        if (jdks.isEmpty()) {
            jdks.add(System.getProperty("java.home"));
        }
        Path out = Path.of(opts.getOrDefault("out", "bench/target"));
        Path work = out.resolve("patches-work");
        WorkDir.fresh(work);
        Path agentJar = AgentSetup.snapshotAgentJar(opts.get("agent"), work);
        System.out.println("agent jar " + agentJar + " sha256 " + AgentSetup.sha256(agentJar));
        if (parts.contains("retransform")) {
            Path libs = Path.of(opts.getOrDefault("libs", "bench/target/vuln-libs"));
            for (String jdk : jdks) {
                retransform(Path.of(jdk), agentJar, libs, work, out, Integer.parseInt(opts.getOrDefault("runs", "50")));
            }
        }
        if (parts.contains("calls")) {
            calls(agentJar, work, out, Integer.parseInt(opts.getOrDefault("rounds", "2")));
        }
    }

    private static void retransform(Path jdk, Path agentJar, Path libs, Path work, Path out, int runs) throws Exception {
        Path holder = holderJar(work);
        String version = javaVersion(jdk);
        Path dir = Files.createDirectories(work.resolve("retransform-jdk" + version));
        Path data = dir.resolve("agent");
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, "{\"version\": \"none\"}");
        Path result = out.resolve("patches-retransform-jdk" + version + ".json");
        StringBuilder cp = new StringBuilder(benchJar());
        try (var files = Files.list(libs)) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                cp.append(java.io.File.pathSeparator).append(jar.toAbsolutePath());
            }
        }
        List<String> cmd = List.of(jdk.resolve("bin/java").toString(), "-javaagent:" + holder,
                AgentSetup.javaagent(agentJar, "data=" + data.toAbsolutePath() + ",policy=" + policy.toAbsolutePath() + ",poll.ms=50"),
                "-cp", cp.toString(), RetransformMain.class.getName(), data.toString(), policy.toString(), result.toString(),
                Integer.toString(runs));
        System.out.println("JDK " + version + ": " + String.join(" ", cmd));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("output.txt").toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("the retransform run on JDK " + version + " failed; see " + dir.resolve("output.txt"));
        }
        System.out.print(Files.readString(result));
    }

    private static void calls(Path agentJar, Path work, Path out, int rounds) throws Exception {
        Path policy = work.resolve("policy-call.json");
        Files.writeString(policy, CALL_POLICY);
        Map<String, List<String>> setups = new LinkedHashMap<>();
        setups.put("none", List.of());
        setups.put("inactive", List.of(AgentSetup.javaagent(agentJar, "data=" + work.resolve("calls-inactive").toAbsolutePath()
                + ",policy=" + policy.toAbsolutePath()), "-Dbench.patch.guard=off"));
        setups.put("active", List.of(AgentSetup.javaagent(agentJar, "data=" + work.resolve("calls-active").toAbsolutePath()
                + ",policy=" + policy.toAbsolutePath())));
        Map<String, List<Double>> iterations = new LinkedHashMap<>();
        setups.keySet().forEach(k -> iterations.put(k, new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(setups.keySet());
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (String id : order) {
                ChainedOptionsBuilder b = new OptionsBuilder()
                        .include("^" + Pattern.quote(PatchCallBenchmarks.class.getName() + ".lookup") + "$")
                        .forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1))
                        .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                        .shouldFailOnError(true).verbosity(VerboseMode.SILENT);
                if (!setups.get(id).isEmpty()) {
                    b.jvmArgsAppend(setups.get(id).toArray(new String[0]));
                }
                RunResult r = new Runner(b.build()).runSingle();
                r.getBenchmarkResults().forEach(br -> br.getIterationResults().forEach(it -> iterations.get(id).add(it.getPrimaryResult().getScore())));
                System.out.printf(Locale.ROOT, "round %d/%d %-9s %8.2f ns/op%n", round + 1, rounds, id, r.getPrimaryResult().getScore());
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("java", System.getProperty("java.version"));
        Map<String, Double> medians = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : iterations.entrySet()) {
            RetransformMain.Stats s = RetransformMain.Stats.of(e.getValue());
            summary.put(e.getKey(), s.map());
            medians.put(e.getKey(), s.median());
        }
        summary.put("inactiveMinusNone", medians.get("inactive") - medians.get("none"));
        summary.put("activeMinusNone", medians.get("active") - medians.get("none"));
        for (String id : List.of("inactive", "active")) {
            Path status = work.resolve("calls-" + id).resolve("status.json");
            summary.put(id + "AgentStatusPatches", Files.exists(status)
                    ? ((Map<?, ?>) secplane.protocol.json.Json.parse(Files.readString(status))).get("patches") : null);
        }
        Files.writeString(out.resolve("patches-calls-jdk" + Runtime.version().feature() + ".json"), Json.write(summary),
                StandardCharsets.UTF_8);
        System.out.print(Json.write(summary));
    }

    /** A jar with only a manifest naming {@link InstrumentationHolder}, found on the class path. */
    private static Path holderJar(Path work) throws Exception {
        Path jar = work.resolve("instrumentation-holder.jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Premain-Class", InstrumentationHolder.class.getName());
        m.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os, m)) {
            j.flush();
        }
        return jar.toAbsolutePath();
    }

    private static String benchJar() throws Exception {
        return Path.of(PatchBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().toString();
    }

    private static String javaVersion(Path jdk) throws Exception {
        Process p = new ProcessBuilder(jdk.resolve("bin/java").toString(), "-XshowSettings:properties", "-version")
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        java.util.regex.Matcher m = Pattern.compile("java\\.specification\\.version = (\\d+)").matcher(text);
        return m.find() ? m.group(1) : "unknown";
    }
}
