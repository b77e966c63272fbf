package secplane.testbeds.vulnapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.catalina.valves.AccessLogValve;

/**
 * Launches embedded Tomcat with the deliberately vulnerable webapp deployed as a real webapp
 * (own docBase, own {@code ParallelWebappClassLoader}), the way a war runs on a stock Tomcat.
 *
 * <p>Usage: {@code VulnApp --port <n> --webapp <exploded webapp dir> --work <dir> [--ignore-stdin]}.
 * The webapp is first copied to a fresh docBase under the work directory, so exploits that write
 * into the docBase never dirty the build output. Tomcat listens on 127.0.0.1 only. When ready,
 * one line {@code VULNAPP READY port=<port> docBase=<path>} is printed. The process stops on
 * SIGTERM and, unless {@code --ignore-stdin} is given, when its standard input is closed, so
 * that a parent process that dies never leaves a vulnerable server behind.
 */
public final class VulnApp {

    private VulnApp() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("vulnapp: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        Path work = Files.createDirectories(options.work().toAbsolutePath().normalize());
        Path docBase = copyWebapp(options.webapp(), work);

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createDirectories(work.resolve("tomcat")).toString());
        tomcat.setPort(options.port());
        Connector connector = tomcat.getConnector();
        connector.setProperty("address", "127.0.0.1");

        StandardHost host = (StandardHost) tomcat.getHost();
        Files.createDirectories(work.resolve("tomcat").resolve(host.getAppBase()));
        // As in the stock server.xml, the access log is the first valve of the Host pipeline;
        // CVE-2022-22965 reaches it as ...context.parent.pipeline.first and rewrites its file.
        host.getPipeline().addValve(accessLog());

        Context context = tomcat.addWebapp("", docBase.toString());
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            System.err.println("vulnapp: the webapp in " + docBase + " failed to start (state "
                    + context.getState() + "); see the Tomcat log above");
            stop(tomcat);
            System.exit(1);
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop(tomcat);
            stopped.countDown();
        }, "vulnapp-shutdown"));
        if (!options.ignoreStdin()) {
            watchStdin();
        }

        System.err.println("vulnapp: Java " + System.getProperty("java.version") + " at " + System.getProperty("java.home")
                + ", Tomcat " + ServerInfo.getServerNumber());
        PrintStream out = System.out;
        out.println("VULNAPP READY port=" + connector.getLocalPort() + " docBase=" + docBase);
        out.flush();
        stopped.await();
    }

    private static AccessLogValve accessLog() {
        AccessLogValve valve = new AccessLogValve();
        valve.setDirectory("logs");
        valve.setPrefix("localhost_access_log");
        valve.setSuffix(".txt");
        valve.setPattern("%h %l %u %t \"%r\" %s %b");
        return valve;
    }

    private static Path copyWebapp(Path webapp, Path work) throws IOException {
        Path source = webapp.toAbsolutePath().normalize();
        if (!Files.isRegularFile(source.resolve("WEB-INF/web.xml"))) {
            throw new IOException("--webapp " + source + " is not an exploded webapp (no WEB-INF/web.xml);"
                    + " build it with: mvn -B -f testbeds/pom.xml install");
        }
        Path docBase = Files.createTempDirectory(work, "docbase-");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = docBase.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return docBase;
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
        }, "vulnapp-stdin-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void stop(Tomcat tomcat) {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            System.err.println("vulnapp: error while stopping Tomcat: " + e);
        }
    }
}
