package secplane.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds secplane-agent.jar: an explicit path, SECPLANE_AGENT_JAR, or the build beside the launcher. */
final class AgentJar {
    private AgentJar() {
    }

    static Path locate(Path explicit) {
        if (explicit != null) {
            return check(explicit, "--agent");
        }
        String env = System.getenv("SECPLANE_AGENT_JAR");
        if (env != null && !env.isBlank()) {
            return check(Paths.get(env), "SECPLANE_AGENT_JAR");
        }
        String home = System.getProperty("secplane.home", System.getenv().getOrDefault("SECPLANE_HOME", "."));
        return check(Paths.get(home, "agent", "dist", "target", "secplane-agent.jar"), "the secplane build");
    }

    private static Path check(Path p, String source) {
        Path abs = p.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new IllegalArgumentException("agent jar not found at " + abs + " (from " + source
                    + "); build it with 'mvn -B install -DskipTests' or pass --agent <path to secplane-agent.jar>");
        }
        return abs;
    }
}
