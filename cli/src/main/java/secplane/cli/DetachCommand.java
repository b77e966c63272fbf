package secplane.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "detach", mixinStandardHelpOptions = true,
        description = "Remove the secplane agent from a running JVM and restore the original bytecode.")
final class DetachCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<pid>", description = "process id of the JVM")
    String pid;

    @Option(names = "--agent", paramLabel = "<jar>", description = "path to secplane-agent.jar (default: the build beside this command)")
    Path agent;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        Attacher.detach(pid, AgentJar.locate(agent));
        System.out.printf("secplane agent detached from JVM %s in %d ms%n", pid, (System.nanoTime() - t0) / 1_000_000);
        return 0;
    }
}
