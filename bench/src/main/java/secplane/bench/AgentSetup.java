package secplane.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The three ways every benchmark runs a JVM, so that each figure has its baseline from the same
 * run: without the agent; with the agent but every aspect disabled by policy (the join points are
 * woven, but no bit of {@code Dispatcher.active} is set: "no aspect interested"); and with the
 * agent's default policy (every built-in aspect active).
 *
 * @param id      short name used in file names and tables
 * @param label   what the configuration is, for reports
 * @param jvmArgs the arguments that select it
 */
public record AgentSetup(String id, String label, List<String> jvmArgs) {

    /** Every built-in aspect, disabled: the policy of the "no aspect interested" configuration. */
    static final String ALL_ASPECTS_OFF = """
            {"version": "bench-all-off", "aspects": {
              "jndi": {"enabled": false}, "deserialization": {"enabled": false}, "process": {"enabled": false},
              "spring": {"enabled": false}, "webshell": {"enabled": false}, "script": {"enabled": false}}}
            """;

    public static AgentSetup none() {
        return new AgentSetup("none", "no agent", List.of());
    }

    /** @param dataDir the agent's data directory; the all-off policy file is written into it */
    public static AgentSetup aspectsOff(Path agentJar, Path dataDir) {
        Path policy = dataDir.resolve("policy-all-off.json");
        try {
            Files.createDirectories(dataDir);
            Files.writeString(policy, ALL_ASPECTS_OFF, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark policy " + policy, e);
        }
        return new AgentSetup("idle", "agent, all aspects disabled by policy",
                List.of(javaagent(agentJar, "data=" + dataDir.toAbsolutePath() + ",policy=" + policy.toAbsolutePath())));
    }

    public static AgentSetup defaults(Path agentJar, Path dataDir) {
        return new AgentSetup("active", "agent, default policy (all aspects active)",
                List.of(javaagent(agentJar, "data=" + dataDir.toAbsolutePath())));
    }

    public static String javaagent(Path agentJar, String options) {
        return "-javaagent:" + agentJar.toAbsolutePath() + "=" + options;
    }

    /**
     * Copies the agent jar (the one given, or the one the agent build produces) into {@code outDir}
     * and returns the copy: a rebuild of the agent while a long run is going on must not change, or
     * break, the jar that half of the run's JVMs load.
     */
    public static Path snapshotAgentJar(String given, Path outDir) throws IOException {
        Path jar = Path.of(given != null ? given : "agent/dist/target/secplane-agent.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("agent jar " + jar.toAbsolutePath() + " not found; build it with "
                    + "`mvn -B -q -o -f agent/dist/pom.xml install` or pass --agent <jar>");
        }
        Path copy = Files.createDirectories(outDir).resolve("secplane-agent.jar");
        Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return copy.toAbsolutePath();
    }

    /** Hex SHA-256 of a file, so a report says exactly which agent build it measured. */
    public static String sha256(Path file) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
