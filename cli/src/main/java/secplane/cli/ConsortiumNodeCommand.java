package secplane.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import secplane.consortium.config.ConfigException;
import secplane.consortium.config.MemberConfig;
import secplane.consortium.node.MemberNode;

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
        MemberConfig c;
        try {
            c = MemberConfig.load(config);
        } catch (ConfigException e) {
            System.err.println("secplane: " + e.getMessage());
            return 2;
        }
        MemberNode node;
        try {
            node = MemberNode.start(c, MemberNode.lineLog(c.name(), System.out));
        } catch (ConfigException e) {
            System.err.println("secplane: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "node-shutdown"));
        stopped.await();
        return 0;
    }
}
