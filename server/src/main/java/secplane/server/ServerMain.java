package secplane.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code secplane server} and {@code java -cp ... secplane.server.ServerMain}:
 * {@code --data <dir> --port <n> --console-port <n> --bind <addr> --db <jdbc-url> --db-user <u> --db-password <p>}
 * {@code --tls-keystore <file.p12> --tls-password <p> --webhook <url>} (repeatable) (the passwords also from
 * {@code SECPLANE_DB_PASSWORD} and {@code SECPLANE_TLS_PASSWORD}).
 */
public final class ServerMain {
    public static final String USAGE = "usage: secplane server [--data <dir>] [--port <n>] [--bind <address>] "
            + "[--db <jdbc:h2:...|jdbc:postgresql://host:port/db>] [--db-user <user>] [--db-password <password>] "
            + "[--console-port <n, 0 = any free port, -1 = no console>] [--tls-keystore <file.p12>] [--tls-password <password>] [--event-retention-days <n, 0 = forever>] [--webhook <http(s) url>]...";

    private ServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ControlPlane plane;
        try {
            plane = run(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            plane.close();
            stopped.countDown();
        }, "secplane-shutdown"));
        stopped.await();
    }

    /** Parses the options and starts the server; the caller closes the returned plane. */
    public static ControlPlane run(String[] args, Map<String, String> env) {
        return ControlPlane.start(parse(args, env));
    }

    public static ServerConfig parse(String[] args, Map<String, String> env) {
        Path data = Path.of(System.getProperty("user.home"), ".secplane", "server");
        int port = 8443;
        String bind = "127.0.0.1";
        String db = null;
        String user = null;
        String password = env.get("SECPLANE_DB_PASSWORD");
        Path tls = null;
        int retention = 30;
        String tlsPassword = env.get("SECPLANE_TLS_PASSWORD");
        List<URI> webhooks = new ArrayList<>();
        Integer consolePort = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v;
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(0, eq) : a;
            if (eq > 0) {
                v = a.substring(eq + 1);
            } else if (i + 1 < args.length) {
                v = args[++i];
            } else {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            switch (name) {
                case "--data" -> data = Path.of(v);
                case "--port" -> port = port(name, v, false);
                case "--console-port" -> consolePort = port(name, v, true);
                case "--bind" -> bind = v;
                case "--db" -> db = v;
                case "--db-user" -> user = v;
                case "--db-password" -> password = v;
                case "--tls-keystore" -> tls = Path.of(v);
                case "--tls-password" -> tlsPassword = v;
                case "--event-retention-days" -> {
                    try {
                        retention = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--event-retention-days " + v + " is not a number");
                    }
                    if (retention < 0) {
                        throw new IllegalArgumentException("--event-retention-days must be 0 (keep forever) or more");
                    }
                }
                case "--webhook" -> webhooks.add(webhook(v));
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        ServerConfig config = ServerConfig.defaults(data).withPort(port).withBind(bind).withDatabase(db, user, password).withTls(tls, tlsPassword).withEventRetentionDays(retention).withWebhooks(webhooks);
        return consolePort == null ? config : config.withConsolePort(consolePort);
    }

    /** @param offAllowed whether -1 ("none") is accepted */
    private static int port(String option, String v, boolean offAllowed) {
        int p;
        try {
            p = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + v + " is not a number");
        }
        if ((p < 0 && !(offAllowed && p == -1)) || p > 65535) {
            throw new IllegalArgumentException(option + " " + v + " is out of range 0-65535" + (offAllowed ? " (-1: no console)" : ""));
        }
        return p;
    }

    private static URI webhook(String v) {
        try {
            URI u = new URI(v);
            if (("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) && u.getHost() != null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        throw new IllegalArgumentException("--webhook " + v + " is not an http:// or https:// URL with a host, e.g. https://alerts.internal/secplane");
    }
}
