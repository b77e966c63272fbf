package secplane.testbeds.injection;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The injection testbed: one deliberately injectable endpoint per category and a safe twin of
 * each, served by embedded Tomcat 10.1 or Jetty 12 on 127.0.0.1.
 *
 * <p>Usage: {@code InjectionApp --server tomcat|jetty --port <n> --work <dir> [--fetch-allow hosts]
 * [--ignore-stdin]}, with {@code lib/app/*} and {@code lib/<server>/*} on the class path. The app
 * makes a fresh base directory under the work directory (documents, the private secrets file,
 * the server's files), starts its H2 database and in-memory LDAP directory, and prints one line
 * {@code INJECTION-APP READY port=<port> server=<tomcat|jetty> base=<dir>}. It stops on SIGTERM and,
 * unless {@code --ignore-stdin} is given, when its standard input closes, so that a parent that
 * dies never leaves an injectable server behind.
 */
public final class InjectionApp {

    private InjectionApp() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("injection-app: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        Path work = Files.createDirectories(options.work().toAbsolutePath().normalize());
        Path base = Files.createTempDirectory(work, "base-");
        Fixtures fixtures = Fixtures.create(base, options.fetchAllow());
        ServletServer server;
        try {
            server = start(options, base, Routes.all(fixtures));
        } catch (NoClassDefFoundError e) {
            fixtures.close();
            System.err.println("injection-app: " + options.server().id() + " is not on the class path (" + e.getMessage()
                    + "); run with -cp 'lib/app/*:lib/" + options.server().id() + "/*'");
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            fixtures.close();
            stopped.countDown();
        }, "injection-app-shutdown"));
        if (!options.ignoreStdin()) {
            watchStdin();
        }

        System.err.println("injection-app: Java " + System.getProperty("java.version") + " at "
                + System.getProperty("java.home") + ", " + server.version());
        PrintStream out = System.out;
        out.println("INJECTION-APP READY port=" + server.port() + " server=" + options.server().id() + " base=" + base);
        out.flush();
        stopped.await();
    }

    private static ServletServer start(Options options, Path base, List<Route> routes) throws Exception {
        return switch (options.server()) {
            case TOMCAT -> TomcatServer.start(options.port(), base, routes);
            case JETTY -> JettyServer.start(options.port(), routes);
        };
    }

    private static void watchStdin() {
        Thread watcher = new Thread(() -> {
            try {
                InputStream in = System.in;
                byte[] buffer = new byte[256];
                while (in.read(buffer) >= 0) {
                    // keep draining until the parent closes the pipe
                }
            } catch (IOException e) {
                // a broken stdin means the parent is gone, same as EOF
            }
            System.exit(0);
        }, "injection-app-stdin-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
