package secplane.consortium.node;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import secplane.consortium.config.ConfigException;
import secplane.consortium.config.MemberConfig;

/**
 * Runs one member node in this JVM until it is told to stop (SIGTERM, Ctrl-C): {@code secplane consortium node} and
 * the multi-process tests start it. Prints {@code ready} once every request kind is served, one line per request
 * after that, and {@code stopped} after a clean shutdown. Exit code 2: bad configuration.
 */
public final class NodeMain {
    private NodeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: NodeMain <member.yaml>");
            System.exit(2);
        }
        System.exit(run(Path.of(args[0]), System.out, System.err));
    }

    public static int run(Path config, PrintStream out, PrintStream err) throws InterruptedException {
        MemberNode node;
        try {
            MemberConfig c = MemberConfig.load(config);
            node = MemberNode.start(c, MemberNode.lineLog(c.name(), out));
        } catch (ConfigException e) {
            err.println("secplane: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // the JVM runs hooks on SIGTERM; closing here drains open requests and forces the ledger and store
            stopped.countDown();
            node.close();
            closed.countDown();
        }, "node-shutdown"));
        node.log().accept("ready");
        stopped.await();
        closed.await();
        return 0;
    }
}
