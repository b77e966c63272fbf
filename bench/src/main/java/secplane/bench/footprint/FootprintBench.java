package secplane.bench.footprint;

import com.sun.tools.attach.VirtualMachine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import secplane.bench.AgentLogs;
import secplane.bench.AgentSetup;
import secplane.bench.Json;
import secplane.bench.WorkDir;

/**
 * What the agent costs a JVM outside the join points: start-up time added by {@code -javaagent},
 * the time to attach it to a running JVM, and the heap, metaspace and classes it keeps. Every
 * figure is measured beside a JVM without the agent in the same run, on fresh child JVMs of the
 * JDK the harness itself runs on; results go to {@code <out>/footprint-jdk<N>.json}.
 *
 * <pre>java -cp bench/target/benchmarks.jar secplane.bench.footprint.FootprintBench [--agent jar]
 *     [--runs 10] [--out bench/target] [startup] [attach] [heap]</pre>
 */
public final class FootprintBench {
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");
    private static final Pattern KEY_VALUE = Pattern.compile("(\\w+)=(\\S+)");

    private final Path agentJar;
    private final Path work;
    private final int runs;
    /** Distinct lines that child JVMs wrote to stderr, per measurement: the application's stderr is not the agent's to use. */
    private final Map<String, Set<String>> childStderr = new LinkedHashMap<>();

    private FootprintBench(Path agentJar, Path work, int runs) {
        this.agentJar = agentJar;
        this.work = work;
        this.runs = runs;
    }

    public static void main(String[] args) throws Exception {
        Path agentJar = null;
        Path out = Path.of("bench/target");
        int runs = 10;
        List<String> what = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--agent" -> agentJar = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "startup", "attach", "heap" -> what.add(args[i]);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; usage: [--agent jar] [--runs n] [--out dir] [startup] [attach] [heap]");
            }
        }
        if (what.isEmpty()) {
            what = List.of("startup", "attach", "heap");
        }
        Path work = WorkDir.fresh(out.resolve("footprint-work-jdk" + Jvm.feature()).toAbsolutePath());
        agentJar = AgentSetup.snapshotAgentJar(agentJar == null ? null : agentJar.toString(), work);

        FootprintBench bench = new FootprintBench(agentJar, work, runs);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("date", Instant.now().toString());
        report.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        report.put("cpus", Runtime.getRuntime().availableProcessors());
        report.put("agentJar", agentJar.toString());
        report.put("agentJarBytes", Files.size(agentJar));
        report.put("agentJarSha256", AgentSetup.sha256(agentJar));
        System.out.println("JDK " + System.getProperty("java.runtime.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " cpus, agent " + agentJar + " (" + Files.size(agentJar) / 1024 + " KiB)");
        for (String w : what) {
            switch (w) {
                case "startup" -> report.put("startup", bench.startup());
                case "attach" -> report.put("attach", bench.attach());
                case "heap" -> report.put("heap", bench.heap());
                default -> throw new AssertionError(w);
            }
        }
        List<String> trouble = AgentLogs.trouble(work);
        report.put("agentLogWarnings", trouble);
        Map<String, Object> stderr = new LinkedHashMap<>();
        bench.childStderr.forEach((k, v) -> stderr.put(k, new ArrayList<>(v)));
        report.put("childStderr", stderr);
        Path json = out.resolve("footprint-jdk" + Jvm.feature() + ".json");
        Files.writeString(json, Json.write(report), StandardCharsets.UTF_8);

        bench.childStderr.forEach((k, v) -> {
            if (!v.isEmpty()) {
                System.out.println("\nstderr of the " + k + " child JVMs:");
                v.forEach(l -> System.out.println("  " + l));
            }
        });
        if (!trouble.isEmpty()) {
            System.out.println("\nagent.log WARN/ERROR lines:");
            trouble.forEach(t -> System.out.println("  " + t));
        }
        System.out.println("\nresults: " + json);
    }

    // ------------------------------------------------------------------ start-up

    /**
     * Wall time from process start to exit of {@link HelloMain}, alternating with and without the
     * agent so that drift on the machine hits both alike; one discarded pair first warms the page cache.
     */
    private Map<String, Object> startup() throws Exception {
        List<Double> none = new ArrayList<>();
        List<Double> agent = new ArrayList<>();
        List<Long> agentOwn = new ArrayList<>();
        List<Long> weaving = new ArrayList<>();
        for (int i = -1; i < runs; i++) {
            boolean agentFirst = i % 2 != 0;
            for (int k = 0; k < 2; k++) {
                boolean withAgent = (k == 0) == agentFirst;
                Path dir = work.resolve("startup").resolve((withAgent ? "agent-" : "none-") + (i + 1));
                Files.createDirectories(dir);
                List<String> jvmArgs = withAgent ? List.of(AgentSetup.javaagent(agentJar, "data=" + dir)) : List.of();
                double ms = runHello(jvmArgs, dir, withAgent ? "startup (agent)" : "startup (none)");
                if (i < 0) {
                    continue;
                }
                (withAgent ? agent : none).add(ms);
                if (withAgent) {
                    AgentLogs.startMillis(dir).ifPresent(agentOwn::add);
                    AgentLogs.weavingMillis(dir).ifPresent(weaving::add);
                }
            }
        }
        Stats n = Stats.of(none);
        Stats a = Stats.of(agent);
        Stats own = Stats.of(agentOwn);
        Stats weave = Stats.of(weaving);
        double added = a.median() - n.median();
        System.out.printf("%nstart-up, HelloMain wall time to exit, ms (median of %d, alternating)%n", runs);
        System.out.printf("  no agent        %s%n  -javaagent      %s%n  added           %.1f ms (ratio %.2f; target <= 500 ms)%n",
                n, a, added, a.median() / n.median());
        System.out.printf("  agent's own log \"agent started in N ms\": %s%n  of which installing the weaving: %s%n", own, weave);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("noAgentMs", n.toMap());
        m.put("agentMs", a.toMap());
        m.put("addedMedianMs", added);
        m.put("ratio", a.median() / n.median());
        m.put("agentReportedStartMs", own.toMap());
        m.put("weavingInstallMs", weave.toMap());
        m.put("targetMs", 500);
        return m;
    }

    private double runHello(List<String> jvmArgs, Path dir, String what) throws Exception {
        ProcessBuilder pb = Jvm.command(jvmArgs, HelloMain.class)
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(what + ": HelloMain did not exit within 60 s; see " + dir);
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        if (p.exitValue() != 0 || !Files.readString(dir.resolve("stdout.txt")).strip().equals("hello")) {
            throw new IllegalStateException(what + ": HelloMain failed (exit " + p.exitValue() + "); see " + dir);
        }
        childStderr.computeIfAbsent(what, k -> new LinkedHashSet<>()).addAll(Jvm.lines(dir.resolve("stderr.txt")));
        return ms;
    }

    // ------------------------------------------------------------------ attach

    /**
     * Attach to a fresh idle JVM each time: {@code VirtualMachine.attach} (which makes the target start
     * its attach listener), {@code loadAgent} (returns once {@code agentmain} has returned) and
     * {@code detach} of the attach connection (the agent stays); then the time until the agent's
     * status.json says running.
     */
    private Map<String, Object> attach() throws Exception {
        List<Double> connect = new ArrayList<>();
        List<Double> load = new ArrayList<>();
        List<Double> total = new ArrayList<>();
        List<Double> running = new ArrayList<>();
        List<Long> agentOwn = new ArrayList<>();
        List<Long> weaving = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Path dir = work.resolve("attach").resolve("run-" + i);
            Files.createDirectories(dir);
            try (Target target = Target.start(List.of(), dir)) {
                long t0 = System.nanoTime();
                VirtualMachine vm = VirtualMachine.attach(Long.toString(target.pid()));
                long t1 = System.nanoTime();
                try {
                    vm.loadAgent(agentJar.toString(), "data=" + dir);
                } finally {
                    vm.detach();
                }
                long t2 = System.nanoTime();
                long deadline = t0 + TimeUnit.SECONDS.toNanos(30);
                while (!"running".equals(AgentLogs.state(dir))) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("attach: status.json did not say running within 30 s; see " + dir);
                    }
                    Thread.sleep(1);
                }
                long t3 = System.nanoTime();
                connect.add((t1 - t0) / 1e6);
                load.add((t2 - t1) / 1e6);
                total.add((t2 - t0) / 1e6);
                running.add((t3 - t0) / 1e6);
                OptionalLong own = AgentLogs.startMillis(dir);
                own.ifPresent(agentOwn::add);
                AgentLogs.weavingMillis(dir).ifPresent(weaving::add);
                target.close();
                childStderr.computeIfAbsent("attach target", k -> new LinkedHashSet<>()).addAll(target.stderr());
            }
        }
        Stats c = Stats.of(connect);
        Stats l = Stats.of(load);
        Stats t = Stats.of(total);
        Stats r = Stats.of(running);
        Stats own = Stats.of(agentOwn);
        Stats weave = Stats.of(weaving);
        System.out.printf("%nattach to a running JVM, ms (median of %d fresh targets)%n", runs);
        System.out.printf("  VirtualMachine.attach    %s%n  loadAgent + detach       %s%n  total                    %s (target <= 2000 ms)%n"
                + "  until status.json running %s%n  agent's own log           %s%n  of which weaving          %s%n", c, l, t, r, own, weave);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attachMs", c.toMap());
        m.put("loadAgentMs", l.toMap());
        m.put("totalMs", t.toMap());
        m.put("untilRunningMs", r.toMap());
        m.put("agentReportedStartMs", own.toMap());
        m.put("weavingInstallMs", weave.toMap());
        m.put("targetMs", 2000);
        return m;
    }

    // ------------------------------------------------------------------ heap

    /**
     * Live heap, metaspace and classes of an idle JVM with and without the agent, after the agent
     * has settled (one policy poll) and several full collections. Heap is read two ways: the
     * MemoryMXBean after {@code System.gc()}, and {@code jcmd GC.class_histogram} (itself a full
     * GC), whose rows of {@code secplane.*} classes are the objects typed by the agent's own classes.
     */
    private Map<String, Object> heap() throws Exception {
        int heapRuns = Math.max(3, runs / 3);
        Map<String, List<Double>> none = new LinkedHashMap<>();
        Map<String, List<Double>> agent = new LinkedHashMap<>();
        String gc = "?";
        for (int i = 0; i < heapRuns; i++) {
            for (boolean withAgent : new boolean[] {false, true}) {
                Path dir = work.resolve("heap").resolve((withAgent ? "agent-" : "none-") + i);
                Files.createDirectories(dir);
                List<String> jvmArgs = withAgent ? List.of(AgentSetup.javaagent(agentJar, "data=" + dir)) : List.of();
                Map<String, List<Double>> into = withAgent ? agent : none;
                try (Target target = Target.start(jvmArgs, dir)) {
                    Thread.sleep(2000); // the agent's first policy poll and event flush happen in the first second
                    Map<String, String> memory = target.ask("gc");
                    gc = memory.getOrDefault("gc", gc);
                    for (String key : List.of("heapUsed", "metaspaceUsed", "classSpaceUsed", "nonHeapUsed", "loadedClasses", "threads")) {
                        add(into, key, Double.parseDouble(memory.get(key)));
                    }
                    String histogram = Jvm.jcmd(target.pid(), "GC.class_histogram");
                    Files.writeString(dir.resolve("class_histogram.txt"), histogram);
                    double[] h = histogram(histogram);
                    add(into, "histogramTotalBytes", h[0]);
                    add(into, "histogramSecplaneBytes", h[1]);
                    add(into, "histogramSecplaneInstances", h[2]);
                    String loaders = Jvm.jcmd(target.pid(), "VM.classloader_stats");
                    Files.writeString(dir.resolve("classloader_stats.txt"), loaders);
                    add(into, "agentLoaderClasses", agentLoaderClasses(loaders));
                    Files.writeString(dir.resolve("metaspace.txt"), Jvm.jcmd(target.pid(), "VM.metaspace"));
                    target.close();
                    childStderr.computeIfAbsent(withAgent ? "heap (agent)" : "heap (none)", k -> new LinkedHashSet<>())
                            .addAll(target.stderr());
                }
            }
        }
        System.out.printf("%nidle JVM footprint (median of %d each, GC %s)%n", heapRuns, gc);
        System.out.printf("  %-28s %14s %14s %14s%n", "", "no agent", "agent", "difference");
        Map<String, Object> m = new LinkedHashMap<>();
        for (String key : none.keySet()) {
            Stats n = Stats.of(none.get(key));
            Stats a = Stats.of(agent.get(key));
            boolean bytes = key.endsWith("Used") || key.endsWith("Bytes");
            double scale = bytes ? 1024 * 1024 : 1;
            System.out.printf("  %-28s %14.2f %14.2f %14.2f%s%n", key, n.median() / scale, a.median() / scale,
                    (a.median() - n.median()) / scale, bytes ? " MiB" : "");
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("noAgent", n.toMap());
            row.put("agent", a.toMap());
            row.put("differenceMedian", a.median() - n.median());
            m.put(key, row);
        }
        m.put("gc", gc);
        m.put("targetHeapMiB", 30);
        return m;
    }

    private static void add(Map<String, List<Double>> into, String key, double value) {
        into.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    /** @return {total bytes, bytes of secplane.* instances, count of secplane.* instances} */
    static double[] histogram(String text) {
        double[] out = new double[3];
        for (String line : text.split("\n")) {
            Matcher row = HISTOGRAM_ROW.matcher(line);
            if (row.find()) {
                if (row.group(3).startsWith("secplane.")) {
                    out[1] += Double.parseDouble(row.group(2));
                    out[2] += Double.parseDouble(row.group(1));
                }
                continue;
            }
            Matcher total = HISTOGRAM_TOTAL.matcher(line);
            if (total.find()) {
                out[0] = Double.parseDouble(total.group(2));
            }
        }
        return out;
    }

    /**
     * Classes defined by the agent's loaders (the isolated loader, one per aspect, ByteBuddy's), from
     * {@code VM.classloader_stats} rows: loader, parent, CLD, classes, chunk size, block size, type.
     * Metaspace is taken from the MemoryPoolMXBean instead, as the per-loader chunk sizes leave out
     * the class space.
     */
    static double agentLoaderClasses(String text) {
        double classes = 0;
        for (String line : text.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 7 && cols[cols.length - 1].startsWith("secplane.") && cols[3].matches("\\d+")) {
                classes += Double.parseDouble(cols[3]);
            }
        }
        return classes;
    }

    /** An {@link IdleMain} child: started, ready, asked, and always ended. */
    private static final class Target implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final Writer in;
        private final Path dir;
        private final long pid;

        private Target(Process process, Path dir) throws IOException {
            this.process = process;
            this.dir = dir;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            String ready = out.readLine();
            if (ready == null || !ready.startsWith("ready ")) {
                process.destroyForcibly();
                throw new IllegalStateException("target JVM did not start (said " + ready + "); see " + dir.resolve("stderr.txt"));
            }
            this.pid = Long.parseLong(ready.substring("ready ".length()).trim());
        }

        static Target start(List<String> jvmArgs, Path dir) throws IOException {
            return new Target(Jvm.command(jvmArgs, IdleMain.class).redirectError(dir.resolve("stderr.txt").toFile()).start(), dir);
        }

        long pid() {
            return pid;
        }

        Map<String, String> ask(String command) throws IOException {
            in.write(command + "\n");
            in.flush();
            String answer = out.readLine();
            if (answer == null) {
                throw new IllegalStateException("target JVM ended while answering '" + command + "'; see " + dir);
            }
            Map<String, String> values = new LinkedHashMap<>();
            Matcher m = KEY_VALUE.matcher(answer);
            while (m.find()) {
                values.put(m.group(1), m.group(2));
            }
            return values;
        }

        List<String> stderr() throws IOException {
            return Jvm.lines(dir.resolve("stderr.txt"));
        }

        @Override
        public void close() throws IOException {
            if (!process.isAlive()) {
                return;
            }
            try {
                in.write("exit\n");
                in.flush();
                in.close();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }
}
