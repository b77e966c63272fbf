package secplane.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import secplane.server.ControlPlane;
import secplane.server.ServerMain;

@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the control plane (embedded H2 in --data by default, or --db jdbc:postgresql://...).",
        footer = {"", "Passwords may also come from SECPLANE_DB_PASSWORD and SECPLANE_TLS_PASSWORD."})
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "<dir>", description = "data directory: H2 database, signing key (default: ./secplane-data)")
    Path data;
    @Option(names = "--port", paramLabel = "<n>", description = "HTTP port (0: any free port)")
    Integer port;
    @Option(names = "--console-port", paramLabel = "<n>", description = "port of the browser console (default 8444; 0: any free port; -1: no console)")
    Integer consolePort;
    @Option(names = "--bind", paramLabel = "<address>", description = "address to listen on (default 127.0.0.1)")
    String bind;
    @Option(names = "--db", paramLabel = "<jdbc url>", description = "jdbc:postgresql://host/db to use PostgreSQL instead of H2")
    String db;
    @Option(names = "--db-user", paramLabel = "<user>")
    String dbUser;
    @Option(names = "--db-password", paramLabel = "<password>", description = "prefer SECPLANE_DB_PASSWORD: command lines are visible to other users")
    String dbPassword;
    @Option(names = "--tls-keystore", paramLabel = "<p12>")
    Path tlsKeystore;
    @Option(names = "--tls-password", paramLabel = "<password>")
    String tlsPassword;
    @Option(names = "--event-retention-days", paramLabel = "<n>")
    Integer retentionDays;
    @Option(names = "--webhook", paramLabel = "<url>", description = "POST every block verdict to this URL (repeatable)")
    List<String> webhooks = List.of();

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>();
        add(args, "--data", data);
        add(args, "--port", port);
        add(args, "--console-port", consolePort);
        add(args, "--bind", bind);
        add(args, "--db", db);
        add(args, "--db-user", dbUser);
        add(args, "--db-password", dbPassword);
        add(args, "--tls-keystore", tlsKeystore);
        add(args, "--tls-password", tlsPassword);
        add(args, "--event-retention-days", retentionDays);
        for (String w : webhooks) {
            add(args, "--webhook", w);
        }
        ControlPlane plane = ServerMain.run(args.toArray(new String[0]), System.getenv());
        if (plane.consolePort() > 0) {
            System.out.println("console: " + (tlsKeystore != null ? "https" : "http") + "://" + (bind == null ? "127.0.0.1" : bind) + ":" + plane.consolePort()
                    + "/  (log in with an operator token)");
            System.out.flush();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            plane.close();
            stopped.countDown();
        }, "secplane-server-stop"));
        stopped.await();
        return 0;
    }

    private static void add(List<String> args, String name, Object value) {
        if (value != null) {
            args.add(name);
            args.add(value.toString());
        }
    }
}
