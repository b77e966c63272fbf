package secplane.bench.inventory;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import secplane.agent.core.inventory.Collector;
import secplane.agent.core.inventory.Inventory;
import secplane.agent.core.inventory.Jar;
import secplane.bench.Json;
import secplane.bench.WorkDir;

/**
 * The inventory's budget on real jars (target: 300 jars in at most 1 s, at most 5 MB of agent heap
 * kept):
 *
 * <ol>
 *   <li>in this JVM: a first collection's wall time, the bytes it allocates
 *       ({@code ThreadMXBean#getThreadAllocatedBytes}) and the heap it keeps (used heap after
 *       repeated GCs with the collector and its inventory reachable, minus before), and the size of
 *       the upload;</li>
 *   <li>in child JVMs running the real agent jar with the same jars on their class path: the time
 *       the agent reports for its first collection ({@code agent.log}, with its loaded classes), and
 *       the heap of the idle JVM after GC with {@code inventory=true} minus {@code inventory=false}.</li>
 * </ol>
 *
 * <pre>java -cp bench/target/benchmarks.jar secplane.bench.inventory.InventoryFootprint --agent agent/dist/target/secplane-agent.jar
 *     [--repository ~/.m2/repository] [--jars 300] [--runs 5] [--out bench/target]</pre>
 */
public final class InventoryFootprint {
    private static final Collector.LoadedClasses NONE = () -> new Class<?>[0];
    private static final Pattern COLLECTED = Pattern.compile("inventory v1: (\\d+) jars.*collected in (\\d+) ms");

    private InventoryFootprint() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path repo = opts.containsKey("repository") ? Path.of(opts.get("repository")) : JarSet.defaultRepository();
        int n = Integer.parseInt(opts.getOrDefault("jars", "300"));
        int runs = Integer.parseInt(opts.getOrDefault("runs", "5"));
        Path out = Path.of(opts.getOrDefault("out", "bench/target"));
        Path agent = Path.of(opts.getOrDefault("agent", "agent/dist/target/secplane-agent.jar")).toAbsolutePath();
        Path work = WorkDir.fresh(out.resolve("inventory-work"));

        List<Path> jars = JarSet.pick(repo, n);
        List<String> classPath = new ArrayList<>();
        jars.forEach(p -> classPath.add(p.toString()));
        String home = System.getProperty("java.home");
        System.out.printf("%d jars from %s, %.1f MiB%n", jars.size(), repo, JarSet.bytes(jars) / 1048576.0);

        // ---- in this JVM
        new Collector(NONE, classPath, null, home).collect(); // the files into the page cache, the code warmed once
        List<Double> millis = new ArrayList<>();
        List<Double> allocated = new ArrayList<>();
        List<Double> retained = new ArrayList<>();
        Inventory inv = null;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int r = 0; r < runs; r++) {
            long before = settledHeap();
            long a0 = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            long t0 = System.nanoTime();
            Collector c = new Collector(NONE, classPath, null, home);
            inv = c.collect();
            millis.add((System.nanoTime() - t0) / 1e6);
            allocated.add((double) (threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - a0));
            retained.add((double) (settledHeap() - before));
            Reference.reachabilityFence(c);
        }
        byte[] json = secplane.protocol.json.Json.write(inv.toMap()).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write(json);
        }
        int withComponents = 0;
        int errors = 0;
        for (Jar j : inv.jars()) {
            withComponents += j.components().isEmpty() ? 0 : 1;
            errors += j.error() == null ? 0 : 1;
        }
        Map<String, Object> inProcess = new LinkedHashMap<>();
        inProcess.put("firstCollectionMillis", stats(millis));
        inProcess.put("allocatedBytes", stats(allocated));
        inProcess.put("retainedBytes", stats(retained));
        inProcess.put("entries", inv.jars().size());
        inProcess.put("entriesWithComponents", withComponents);
        inProcess.put("entriesWithError", errors);
        inProcess.put("jsonBytes", json.length);
        inProcess.put("gzipBytes", gz.size());
        System.out.printf("in-process first collection: %s ms; allocated %s bytes; kept %s bytes; upload %d bytes JSON, %d gzip%n",
                stats(millis).get("median"), stats(allocated).get("median"), stats(retained).get("median"), json.length, gz.size());

        // ---- the real agent in child JVMs
        Path classes = idleMainClasses(work.resolve("classes"));
        List<Double> agentMillis = new ArrayList<>();
        List<Double> heapWith = new ArrayList<>();
        List<Double> heapWithout = new ArrayList<>();
        int agentJars = -1;
        for (int r = 0; r < runs; r++) {
            for (boolean on : new boolean[] {true, false}) {
                Path data = work.resolve("agent-" + r + (on ? "-on" : "-off"));
                Map<String, Object> child = child(agent, data, on, classes, classPath);
                (on ? heapWith : heapWithout).add(((Number) child.get("heapUsed")).doubleValue());
                if (on) {
                    agentMillis.add(((Number) child.get("collectedMillis")).doubleValue());
                    agentJars = (Integer) child.get("entries");
                }
            }
        }
        List<Double> added = new ArrayList<>();
        for (int i = 0; i < heapWith.size(); i++) {
            added.add(heapWith.get(i) - heapWithout.get(i));
        }
        Map<String, Object> inAgent = new LinkedHashMap<>();
        inAgent.put("firstCollectionMillis", stats(agentMillis));
        inAgent.put("entries", agentJars);
        inAgent.put("heapUsedInventoryOn", stats(heapWith));
        inAgent.put("heapUsedInventoryOff", stats(heapWithout));
        inAgent.put("heapAddedByInventory", stats(added));
        System.out.printf("real agent, first collection: %s ms for %d entries; heap kept by the inventory (on - off, after GC): %s bytes%n",
                stats(agentMillis).get("median"), agentJars, stats(added).get("median"));

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("date", Instant.now().toString());
        summary.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        summary.put("cpus", Runtime.getRuntime().availableProcessors());
        summary.put("repository", repo.toString());
        summary.put("jars", jars.size());
        summary.put("jarBytes", JarSet.bytes(jars));
        summary.put("inProcess", inProcess);
        summary.put("agent", inAgent);
        Files.writeString(out.resolve("inventory-bench.json"), Json.write(summary), StandardCharsets.UTF_8);
        System.out.println("results: " + out.resolve("inventory-bench.json"));
    }

    /** Used heap once it stops shrinking under repeated full collections. */
    private static long settledHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** The child's class path is IdleMain alone, so that the jars read are exactly the chosen ones. */
    private static Path idleMainClasses(Path dir) throws Exception {
        String resource = "secplane/bench/footprint/IdleMain.class";
        Path target = dir.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = InventoryFootprint.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
        return dir;
    }

    /** One JVM with the agent: waits for its first inventory (when on) and reads its settled heap. */
    private static Map<String, Object> child(Path agent, Path data, boolean inventory, Path classes, List<String> jars) throws Exception {
        Files.createDirectories(data);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-javaagent:" + agent + "=data=" + data + ",inventory=" + inventory);
        cmd.add("-cp");
        cmd.add(classes + File.pathSeparator + String.join(File.pathSeparator, jars));
        cmd.add("secplane.bench.footprint.IdleMain");
        Process p = new ProcessBuilder(cmd).redirectError(data.resolve("stderr.txt").toFile()).start();
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Writer stdin = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
            String ready = in.readLine();
            if (ready == null || !ready.startsWith("ready")) {
                throw new IllegalStateException("child did not start: " + ready + "; see " + data.resolve("stderr.txt"));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Path log = data.resolve("agent.log");
            Matcher found = null;
            // the first collection comes after the agent's 2 s debounce; the off run waits as long
            while (System.nanoTime() < deadline) {
                Thread.sleep(200);
                Matcher mt = COLLECTED.matcher(Files.exists(log) ? Files.readString(log) : "");
                if (mt.find()) {
                    found = mt;
                    break;
                }
                if (!inventory && System.nanoTime() > deadline - TimeUnit.SECONDS.toNanos(55)) {
                    break;
                }
            }
            if (inventory) {
                if (found == null) {
                    throw new IllegalStateException("no inventory in 60 s; see " + log);
                }
                m.put("entries", Integer.parseInt(found.group(1)));
                m.put("collectedMillis", Long.parseLong(found.group(2)));
            }
            stdin.write("gc\n");
            stdin.flush();
            String memory = in.readLine();
            for (String kv : memory.split(" ")) {
                String[] pair = kv.split("=", 2);
                if (pair[0].equals("heapUsed")) {
                    m.put("heapUsed", Long.parseLong(pair[1]));
                }
            }
            stdin.write("exit\n");
            stdin.flush();
            return m;
        } finally {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static Map<String, Object> stats(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int k = s.size();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median", k == 0 ? Double.NaN : k % 2 == 1 ? s.get(k / 2) : (s.get(k / 2 - 1) + s.get(k / 2)) / 2);
        m.put("min", k == 0 ? Double.NaN : s.get(0));
        m.put("max", k == 0 ? Double.NaN : s.get(k - 1));
        m.put("samples", s);
        return m;
    }
}
