package secplane.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import secplane.consortium.node.NodeMain;

/** {@code secplane consortium node}: runs one member's node until SIGTERM / Ctrl-C. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Run a member node: the mutual-TLS listener (tracing, freeze requests, the ledger), the",
            "node store, and the ledger (operated here or submitted to its operator). One log line per request,",
            "without request content. Stops cleanly on SIGTERM or Ctrl-C."})
final class ConsortiumNodeCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "<member.yaml>")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        return NodeMain.run(config, System.out, System.err);
    }
}
