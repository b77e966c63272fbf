package secplane.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "attach", mixinStandardHelpOptions = true,
        description = "Load the secplane agent into a running JVM.",
        footer = {"", "Example: secplane attach 4242 -o data=/var/lib/secplane/app1 -o policy=/etc/secplane/policy.json"})
final class AttachCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<pid>", description = "process id of the JVM (see 'jps -l')")
    String pid;

    @Option(names = {"-o", "--option"}, paramLabel = "key=value", description = "agent option (repeatable): data, policy, aspects.dir, service, ...")
    List<String> options = List.of();

    @Option(names = "--agent", paramLabel = "<jar>", description = "path to secplane-agent.jar (default: the build beside this command)")
    Path agent;

    @Override
    public Integer call() throws Exception {
        for (String o : options) {
            if (!o.contains("=") || o.contains(",")) {
                throw new IllegalArgumentException("option '" + o + "' must be key=value without commas");
            }
        }
        long t0 = System.nanoTime();
        Attacher.attach(pid, AgentJar.locate(agent), String.join(",", options));
        System.out.printf("secplane agent attached to JVM %s in %d ms%n", pid, (System.nanoTime() - t0) / 1_000_000);
        return 0;
    }
}
