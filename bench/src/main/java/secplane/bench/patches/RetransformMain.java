package secplane.bench.patches;

import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import secplane.bench.Json;

/**
 * Runs in a child JVM with secplane's agent (watching a policy file) and {@link InstrumentationHolder},
 * on a class path holding log4j-core 2.14.1 (a 1.7 MB jar), and measures for two loaded classes of
 * it, the small {@code JndiLookup} (the Log4Shell patch's target) and the large
 * {@code AbstractConfiguration}:
 *
 * <ul>
 *   <li><b>unchanged</b>: {@code retransformClasses} of the class with no patch: the JVM's own cost
 *       with secplane's transformer installed and returning "no change" — the baseline;</li>
 *   <li><b>patched</b>: the same call while a patch on the class is in force: secplane's transformer
 *       weaves the hook into the original class file each time, and the JVM redefines the class;</li>
 *   <li><b>apply</b> and <b>remove</b>: what the agent itself logs for each retransformation when a
 *       policy file adding or removing the patch is applied ("retransformed ... in n ms"), and the
 *       agent's own {@code retransformMillis} of the apply.</li>
 * </ul>
 *
 * <pre>java -javaagent:holder.jar -javaagent:secplane-agent.jar=data=DIR,policy=FILE,poll.ms=50
 *     -cp benchmarks.jar:log4j-api.jar:log4j-core.jar secplane.bench.patches.RetransformMain DIR FILE OUT.json RUNS</pre>
 */
public final class RetransformMain {
    static final String SMALL = "org.apache.logging.log4j.core.lookup.JndiLookup";
    static final String LARGE = "org.apache.logging.log4j.core.config.AbstractConfiguration";
    private static final String PATCHES = """
            {"version": "%s", "patches": [
              {"id": "log4shell-jndi-lookup", "class": "org.apache.logging.log4j.core.lookup.JndiLookup", "method": "lookup",
               "descriptor": "(Lorg/apache/logging/log4j/core/LogEvent;Ljava/lang/String;)Ljava/lang/String;",
               "action": "return", "value": null},
              {"id": "large-class", "class": "org.apache.logging.log4j.core.config.AbstractConfiguration", "method": "getAppender",
               "action": "block-if", "arg": 0, "matches": "\\\\$\\\\{"}]}
            """;

    private RetransformMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path policy = Path.of(args[1]);
        Path out = Path.of(args[2]);
        int runs = Integer.parseInt(args[3]);
        Instrumentation inst = InstrumentationHolder.get();
        ClassLoader cl = RetransformMain.class.getClassLoader();
        Class<?> small = Class.forName(SMALL, true, cl);
        Class<?> large = Class.forName(LARGE, true, cl);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("java", System.getProperty("java.version"));
        result.put("loadedClasses", inst.getAllLoadedClasses().length);
        result.put("classFileBytes", Map.of(SMALL, size(cl, SMALL), LARGE, size(cl, LARGE)));

        write(policy, "{\"version\": \"none\"}");
        awaitPatches(data, 0);
        Map<String, Object> unchanged = new LinkedHashMap<>();
        unchanged.put(SMALL, time(inst, small, runs));
        unchanged.put(LARGE, time(inst, large, runs));
        result.put("unchangedMillis", unchanged);

        List<Double> applySmall = new ArrayList<>();
        List<Double> applyLarge = new ArrayList<>();
        List<Double> removeSmall = new ArrayList<>();
        List<Double> removeLarge = new ArrayList<>();
        List<Double> agentRetransformMillis = new ArrayList<>();
        int cycles = Math.max(5, runs / 5);
        for (int i = 0; i < cycles; i++) {
            int seen = logLines(data).size();
            write(policy, PATCHES.formatted("patched-" + i));
            Map<String, Object> status = awaitPatches(data, 2);
            for (Map<String, Object> p : patchList(status)) {
                if ("log4shell-jndi-lookup".equals(p.get("id"))) {
                    agentRetransformMillis.add(((Number) p.get("retransformMillis")).doubleValue());
                }
            }
            collect(data, seen, applySmall, applyLarge);
            seen = logLines(data).size();
            if (i < cycles - 1) {
                write(policy, "{\"version\": \"removed-" + i + "\"}");
                awaitPatches(data, 0);
                collect(data, seen, removeSmall, removeLarge);
            }
        }
        Map<String, Object> patched = new LinkedHashMap<>();
        patched.put(SMALL, time(inst, small, runs));
        patched.put(LARGE, time(inst, large, runs));
        result.put("patchedMillis", patched);
        result.put("applyMillis", Map.of(SMALL, Stats.of(applySmall).map(), LARGE, Stats.of(applyLarge).map()));
        result.put("removeMillis", Map.of(SMALL, Stats.of(removeSmall).map(), LARGE, Stats.of(removeLarge).map()));
        result.put("agentRetransformMillis", Stats.of(agentRetransformMillis).map());
        Files.writeString(out, Json.write(result), StandardCharsets.UTF_8);
        System.out.println(Json.write(result));
    }

    /** {@code retransformClasses} of one class, {@code runs} times after 10 unmeasured ones. */
    private static Map<String, Object> time(Instrumentation inst, Class<?> c, int runs) throws Exception {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs + 10; i++) {
            long t0 = System.nanoTime();
            inst.retransformClasses(c);
            long t1 = System.nanoTime();
            if (i >= 10) {
                millis.add((t1 - t0) / 1e6);
            }
        }
        return Stats.of(millis).map();
    }

    private static final Pattern RETRANSFORMED = Pattern.compile("retransformed (\\S+) \\(loader: [^)]*\\) in ([0-9.]+) ms");

    private static void collect(Path data, int from, List<Double> small, List<Double> large) throws Exception {
        List<String> lines = logLines(data);
        for (String line : lines.subList(from, lines.size())) {
            Matcher m = RETRANSFORMED.matcher(line);
            if (m.find()) {
                double ms = Double.parseDouble(m.group(2));
                if (m.group(1).equals(SMALL)) {
                    small.add(ms);
                } else if (m.group(1).equals(LARGE)) {
                    large.add(ms);
                }
            }
        }
    }

    private static List<String> logLines(Path data) throws Exception {
        Path log = data.resolve("agent.log");
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> patchList(Map<String, Object> status) {
        Object p = status.get("patches");
        return p == null ? List.of() : (List<Map<String, Object>>) p;
    }

    /** Waits until status.json lists {@code count} active patches (0: none). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> awaitPatches(Path data, int count) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            Path f = data.resolve("status.json");
            if (Files.exists(f)) {
                try {
                    Map<String, Object> status = (Map<String, Object>) secplane.protocol.json.Json.parse(Files.readString(f));
                    List<Map<String, Object>> patches = patchList(status);
                    if (patches.size() == count && patches.stream().allMatch(p -> "active".equals(p.get("state")))) {
                        return status;
                    }
                } catch (RuntimeException e) {
                    // replaced while read: look again
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("status.json did not show " + count + " active patches within 30 s");
    }

    private static void write(Path file, String text) throws Exception {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static long size(ClassLoader cl, String name) throws Exception {
        try (var in = cl.getResourceAsStream(name.replace('.', '/') + ".class")) {
            return in.readAllBytes().length;
        }
    }

    /** Median, 90th percentile and extremes of a list of milliseconds. */
    record Stats(int n, double median, double p90, double min, double max) {
        static Stats of(List<Double> values) {
            if (values.isEmpty()) {
                return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            List<Double> s = new ArrayList<>(values);
            java.util.Collections.sort(s);
            int n = s.size();
            double median = n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
            return new Stats(n, round(median), round(s.get(Math.min(n - 1, (int) Math.ceil(n * 0.9) - 1))), round(s.get(0)), round(s.get(n - 1)));
        }

        Map<String, Object> map() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("n", n);
            m.put("median", median);
            m.put("p90", p90);
            m.put("min", min);
            m.put("max", max);
            return m;
        }

        private static double round(double v) {
            return Double.parseDouble(String.format(Locale.ROOT, "%.3f", v));
        }
    }
}
