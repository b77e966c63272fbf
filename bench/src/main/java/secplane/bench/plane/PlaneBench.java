package secplane.bench.plane;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import secplane.bench.Json;
import secplane.bench.WorkDir;

/**
 * The control-plane measurements of docs/benchmarks.md ("Control plane"): every server is a child
 * JVM on loopback with a fresh data directory; everything started here is stopped at the end, and
 * the whole run is cut off after {@code --max-minutes}.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar secplane.bench.plane.PlaneBench --agent agent/dist/target/secplane-agent.jar \
 *     --out bench/target [--agents 1000] [--pushes 3] [--seconds 20] [--uploaders 4] [--batch 500] [--warmup 5] [--agent-pushes 10] \
 *     [--operator-poll-ms 250] [--verify-once] [--max-minutes 9] [--server-jvm OPTION]... [push] [events] [agent] [patch]
 * </pre>
 */
public final class PlaneBench {
    private static final List<Object> CHILDREN = new CopyOnWriteArrayList<>();

    private PlaneBench() {
    }

    static <T> T track(T child) {
        CHILDREN.add(child);
        return child;
    }

    /** Extra JVM options for the servers the parts start ({@code --server-jvm -XX:StartFlightRecording=...}, repeatable). */
    static final List<String> SERVER_JVM = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Path agent = Path.of("agent/dist/target/secplane-agent.jar");
        Path outDir = Path.of("bench/target");
        int agents = 1000;
        int pushes = 3;
        int seconds = 20;
        int uploaders = 4;
        int batch = 500;
        int agentPushes = 10;
        long operatorPoll = 250;
        double maxMinutes = 9;
        boolean verifyOnce = false;
        int warmup = 5;
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--agent" -> agent = Path.of(args[++i]);
                case "--out" -> outDir = Path.of(args[++i]);
                case "--agents" -> agents = Integer.parseInt(args[++i]);
                case "--pushes" -> pushes = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--uploaders" -> uploaders = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--agent-pushes" -> agentPushes = Integer.parseInt(args[++i]);
                case "--operator-poll-ms" -> operatorPoll = Long.parseLong(args[++i]);
                case "--verify-once" -> verifyOnce = true;
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--max-minutes" -> maxMinutes = Double.parseDouble(args[++i]);
                case "--server-jvm" -> SERVER_JVM.add(args[++i]);
                case "push", "events", "agent", "patch" -> parts.add(args[i]);
                default -> {
                    System.err.println("unknown argument " + args[i] + "; see the class comment of " + PlaneBench.class.getName());
                    System.exit(2);
                }
            }
        }
        if (parts.isEmpty()) {
            parts = List.of("push", "events", "agent");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(PlaneBench::stopChildren, "plane-bench-stop"));
        long limitMillis = (long) (maxMinutes * 60_000);
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(limitMillis);
                System.err.printf("plane bench: time limit of %.1f min reached; stopping%n", limitMillis / 60_000.0);
                stopChildren();
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                // finished in time
            }
        }, "plane-bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        Files.createDirectories(outDir);
        Path work = WorkDir.fresh(outDir.resolve("plane-work"));
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("started", Instant.now().toString());
        env.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("loadAverageAtStart", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("plane bench: " + env);
        for (String part : parts) {
            Map<String, Object> result = new LinkedHashMap<>(env);
            result.put("part", part);
            result.put("partStarted", Instant.now().toString());
            switch (part) {
                case "push" -> result.put("result", PushLatency.run(work.resolve("push"), agents, pushes, operatorPoll, verifyOnce));
                case "patch" -> result.put("result", PatchLatency.run(work.resolve("patch"), agents == 1000 ? 100 : agents, pushes));
                case "events" -> {
                    result.put("h2", EventIngest.run(work.resolve("events-h2"), "h2", uploaders, seconds, batch, warmup));
                    result.put("postgresql", EventIngest.run(work.resolve("events-pg"), "postgresql", uploaders, seconds, batch, warmup));
                }
                case "agent" -> {
                    Path copy = Files.createDirectories(work.resolve("agent")).resolve("secplane-agent.jar");
                    Files.copy(agent, copy, StandardCopyOption.REPLACE_EXISTING);
                    result.put("agentJar", agent.toString());
                    result.put("result", AgentApply.run(work.resolve("agent"), copy, agentPushes));
                }
                default -> throw new IllegalStateException(part);
            }
            result.put("loadAverageAtEnd", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            result.put("partEnded", Instant.now().toString());
            Path file = outDir.resolve("plane-" + part + (part.equals("push") && verifyOnce ? "-verify-once" : "") + ".json");
            Files.writeString(file, Json.write(result));
            System.out.println("wrote " + file);
        }
        watchdog.interrupt();
        stopChildren();
        System.exit(0);
    }

    private static boolean stopChildren() {
        for (Object c : CHILDREN) {
            try {
                if (c instanceof ServerProcess s) {
                    s.process.destroyForcibly();
                } else if (c instanceof Process p) {
                    p.destroyForcibly();
                } else if (c instanceof AutoCloseable a) {
                    a.close();
                }
            } catch (Exception ignored) {
                // best effort at exit
            }
        }
        return true;
    }
}
