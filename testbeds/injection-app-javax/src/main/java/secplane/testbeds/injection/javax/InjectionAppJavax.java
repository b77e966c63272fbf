package secplane.testbeds.injection.javax;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import secplane.testbeds.injection.Secrets;
import secplane.testbeds.injection.file.Documents;
import secplane.testbeds.injection.sql.UserDatabase;

/**
 * The injection app's SQL, command and path endpoints (and their safe twins) on embedded Tomcat 9,
 * written against {@code javax.servlet}. Same paths, same answers, same fixtures as the
 * {@code jakarta.servlet} app, so the same attacks and corpus requests apply.
 *
 * <p>Usage: {@code InjectionAppJavax --port <n> --work <dir> [--ignore-stdin]} with {@code lib/*} on the
 * class path. Prints {@code INJECTION-APP READY port=<port> server=tomcat9-javax base=<dir>} when ready
 * and stops on SIGTERM or when its standard input closes.
 */
public final class InjectionAppJavax {

    private InjectionAppJavax() {
    }

    public static void main(String[] args) throws Exception {
        Integer port = null;
        Path work = null;
        boolean ignoreStdin = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = i + 1 < args.length ? Integer.valueOf(args[++i]) : null;
                case "--work" -> work = i + 1 < args.length ? Path.of(args[++i]) : null;
                case "--ignore-stdin" -> ignoreStdin = true;
                default -> port = -1;
            }
        }
        if (port == null || port < 0 || port > 65535 || work == null) {
            System.err.println("usage: InjectionAppJavax --port <n, 0 = ephemeral> --work <dir> [--ignore-stdin]");
            System.exit(2);
            return;
        }
        Path base = Files.createTempDirectory(Files.createDirectories(work.toAbsolutePath().normalize()), "base-");
        Secrets secrets = Secrets.generate();
        secrets.write(base);
        Path docs = Documents.create(base);
        UserDatabase database = UserDatabase.create(secrets);

        Map<String, HttpServlet> routes = new LinkedHashMap<>();
        routes.put("/sql/user", new UserByNameJavax(database, false));
        routes.put("/safe/sql/user", new UserByNameJavax(database, true));
        routes.put("/cmd/ping", new PingJavax(false));
        routes.put("/safe/cmd/ping", new PingJavax(true));
        routes.put("/file/read", new DocumentJavax(docs, false));
        routes.put("/safe/file/read", new DocumentJavax(docs, true));
        routes.put("/health", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                JavaxEndpoint.text(response, 200, "ok");
            }
        });

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createDirectories(base.resolve("tomcat")).toString());
        tomcat.setPort(port);
        Connector connector = tomcat.getConnector();
        connector.setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", null);
        routes.forEach((path, servlet) -> {
            Tomcat.addServlet(context, path, servlet);
            context.addServletMappingDecoded(path, path);
        });
        tomcat.start();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (LifecycleException e) {
                System.err.println("injection-app-javax: error while stopping Tomcat: " + e);
            }
            database.close();
            stopped.countDown();
        }, "injection-app-javax-shutdown"));
        if (!ignoreStdin) {
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
            }, "injection-app-javax-stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        System.err.println("injection-app-javax: Java " + System.getProperty("java.version") + " at "
                + System.getProperty("java.home") + ", " + ServerInfo.getServerInfo());
        System.out.println("INJECTION-APP READY port=" + connector.getLocalPort() + " server=tomcat9-javax base=" + base);
        System.out.flush();
        stopped.await();
    }
}
