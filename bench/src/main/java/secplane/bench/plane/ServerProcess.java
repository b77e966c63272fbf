package secplane.bench.plane;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A control-plane replica in a child JVM of the same JDK ({@code secplane.server.ServerMain} from
 * this jar), on loopback, with its stdout and stderr (the JSON log) kept in its work directory.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total (\\d+)K, used (\\d+)K");

    final Process process;
    final int port;
    final Path dir;
    final String adminToken;
    final Api api;

    private ServerProcess(Process process, int port, Path dir, String adminToken) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.adminToken = adminToken;
        this.api = new Api("http://127.0.0.1:" + port, adminToken);
    }

    /** Starts the server with a fresh data directory under {@code dir}; {@code db} is null for H2 or a PostgreSQL JDBC URL. */
    static ServerProcess start(Path dir, String db, List<String> jvmArgs) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", classpath(), "secplane.server.ServerMain", "--data", dir.resolve("data").toString(), "--port", Integer.toString(port), "--console-port", "-1"));
        if (db != null) {
            cmd.addAll(List.of("--db", db, "--db-user", "postgres"));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(dir.resolve("server.out").toFile())
                .redirectError(dir.resolve("server.log").toFile());
        pb.environment().put("SECPLANE_DB_PASSWORD", "postgres");
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String token = null;
        while (token == null) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the server exited with " + p.exitValue() + "; see " + dir.resolve("server.log"));
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("the server printed no admin token within 60 s; see " + dir);
            }
            for (String line : Files.readAllLines(dir.resolve("server.out"), StandardCharsets.UTF_8)) {
                if (line.startsWith("admin token: ")) {
                    token = line.substring("admin token: ".length()).trim();
                }
            }
            Thread.sleep(50);
        }
        ServerProcess sp = new ServerProcess(p, port, dir, token);
        while (true) {
            try {
                if (sp.api.get("/health").statusCode() == 200) {
                    return sp;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                sp.close();
                throw new IllegalStateException("the server did not answer /health within 60 s; see " + dir);
            }
            Thread.sleep(50);
        }
    }

    static String classpath() {
        try {
            return Path.of(ServerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Heap used after a full collection ({@code jcmd GC.run}, then {@code GC.heap_info}), the least of
     * three, with the process's resident set and thread count from /proc.
     */
    Map<String, Object> memory() throws IOException, InterruptedException {
        long usedK = Long.MAX_VALUE;
        long totalK = 0;
        for (int i = 0; i < 3; i++) {
            jcmd("GC.run");
            String info = jcmd("GC.heap_info");
            Matcher m = HEAP_USED.matcher(info);
            if (!m.find()) {
                throw new IllegalStateException("cannot read GC.heap_info: " + info);
            }
            if (Long.parseLong(m.group(2)) < usedK) {
                usedK = Long.parseLong(m.group(2));
                totalK = Long.parseLong(m.group(1));
            }
            Thread.sleep(200);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("heapUsedAfterGcMiB", usedK / 1024.0);
        out.put("heapCommittedMiB", totalK / 1024.0);
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                out.put("rssMiB", Long.parseLong(line.replaceAll("\\D", "")) / 1024.0);
            } else if (line.startsWith("Threads:")) {
                out.put("threads", Long.parseLong(line.replaceAll("\\D", "")));
            }
        }
        return out;
    }

    /** CPU time (user + system) the server process has used so far, in ms, from /proc. */
    double cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields 14 and 15 of proc(5) (utime, stime) are 12 and 13 after the command; clock ticks of 10 ms
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
    }

    String jcmd(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(process.pid())));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("`" + String.join(" ", cmd) + "` failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The server log's lines at WARN or ERROR (the first {@code max}) and how many there were. */
    Map<String, Object> logProblems(int max) throws IOException {
        List<String> lines = new ArrayList<>();
        int count = 0;
        int requests = 0;
        Map<String, Integer> statuses = new LinkedHashMap<>();
        Pattern status = Pattern.compile("\"status\":(\\d+)");
        for (String line : Files.readAllLines(dir.resolve("server.log"), StandardCharsets.UTF_8)) {
            if (line.contains("\"level\":\"warn\"") || line.contains("\"level\":\"error\"") || !line.startsWith("{")) {
                count++;
                if (lines.size() < max) {
                    lines.add(line.length() > 600 ? line.substring(0, 600) + "..." : line);
                }
            }
            if (line.contains("\"msg\":\"request\"")) {
                requests++;
                Matcher m = status.matcher(line);
                if (m.find()) {
                    statuses.merge(m.group(1), 1, Integer::sum);
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("warnOrErrorLines", count);
        out.put("first", lines);
        out.put("requestsLogged", requests);
        out.put("statuses", statuses);
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
