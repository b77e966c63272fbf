package secplane.server;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a control-plane replica needs to start. Times are in seconds unless named otherwise.
 *
 * @param dataDir          holds {@code signing-key.json} and, by default, the H2 database
 * @param port             HTTP port; 0 picks a free one ({@link ControlPlane#port()} tells which)
 * @param bindAddress      interface to listen on; loopback unless told otherwise
 * @param dbUrl            JDBC URL; null means the embedded H2 file database in {@code dataDir}
 * @param heartbeatSeconds told to agents at enrolment; no contact for 3 intervals makes an agent stale
 * @param pollSeconds      told to agents at enrolment: how long they should hold a snapshot poll
 * @param maxWaitSeconds   upper bound of a poll's {@code wait} (docs/protocol.md: 60)
 * @param dbRecheckMillis  how often a replica looks in the database for snapshots pushed through
 *                         another replica, while some poll is waiting
 * @param tlsKeystore      PKCS#12 key store with the server's certificate and key; null serves plain HTTP
 * @param tlsPassword      password of the key store
 * @param eventRetentionDays events older than this (by their own time) are deleted, at start and
 *                         hourly; 0 keeps them forever
 * @param webhooks         each newly stored event with {@code verdict=block} is POSTed to each of these
 * @param consolePort      port of the browser console (docs/console.md); 0 picks a free one, a negative
 *                         number serves no console
 */
public record ServerConfig(Path dataDir, int port, String bindAddress, String dbUrl, String dbUser, String dbPassword,
                           int heartbeatSeconds, int pollSeconds, int maxWaitSeconds, long dbRecheckMillis,
                           Path tlsKeystore, String tlsPassword, int eventRetentionDays, List<URI> webhooks, int consolePort) {

    public ServerConfig {
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
    }

    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(dataDir, 8443, "127.0.0.1", null, null, null, 10, 30, 60, 1000, null, null, 30, List.of(), 8444);
    }

    public ServerConfig withEventRetentionDays(int days) {
        return new ServerConfig(dataDir, port, bindAddress, dbUrl, dbUser, dbPassword, heartbeatSeconds, pollSeconds, maxWaitSeconds, dbRecheckMillis, tlsKeystore, tlsPassword, days, webhooks, consolePort);
    }

    public ServerConfig withTls(Path keystore, String password) {
        return new ServerConfig(dataDir, port, bindAddress, dbUrl, dbUser, dbPassword, heartbeatSeconds, pollSeconds, maxWaitSeconds, dbRecheckMillis, keystore, password, eventRetentionDays, webhooks, consolePort);
    }

    /** Port 0 (a free port) takes a free port for the console too, so tests never collide on its default. */
    public ServerConfig withPort(int p) {
        return new ServerConfig(dataDir, p, bindAddress, dbUrl, dbUser, dbPassword, heartbeatSeconds, pollSeconds, maxWaitSeconds, dbRecheckMillis, tlsKeystore, tlsPassword, eventRetentionDays, webhooks,
                p == 0 && consolePort > 0 ? 0 : consolePort);
    }

    /** The console's port: 0 picks a free one, a negative number serves no console. */
    public ServerConfig withConsolePort(int p) {
        return new ServerConfig(dataDir, port, bindAddress, dbUrl, dbUser, dbPassword, heartbeatSeconds, pollSeconds, maxWaitSeconds, dbRecheckMillis, tlsKeystore, tlsPassword, eventRetentionDays, webhooks, p);
    }

    public ServerConfig withBind(String b) {
        return new ServerConfig(dataDir, port, b, dbUrl, dbUser, dbPassword, heartbeatSeconds, pollSeconds, maxWaitSeconds, dbRecheckMillis, tlsKeystore, tlsPassword, eventRetentionDays, webhooks, consolePort);
    }

    public ServerConfig withDatabase(String url, String user, String password) {
        return new ServerConfig(dataDir, port, bindAddress, url, user, password, heartbeatSeconds, pollSeconds, maxWaitSeconds, dbRecheckMillis, tlsKeystore, tlsPassword, eventRetentionDays, webhooks, consolePort);
    }

    /** Webhooks told of every stored event with {@code verdict=block} (docs/server.md "Webhooks"). */
    public ServerConfig withWebhooks(List<URI> urls) {
        return new ServerConfig(dataDir, port, bindAddress, dbUrl, dbUser, dbPassword, heartbeatSeconds, pollSeconds, maxWaitSeconds, dbRecheckMillis, tlsKeystore, tlsPassword, eventRetentionDays, urls, consolePort);
    }

    public ServerConfig withHeartbeatSeconds(int s) {
        return new ServerConfig(dataDir, port, bindAddress, dbUrl, dbUser, dbPassword, s, pollSeconds, maxWaitSeconds, dbRecheckMillis, tlsKeystore, tlsPassword, eventRetentionDays, webhooks, consolePort);
    }

    /** The JDBC URL in force: the one given, else an H2 file database inside the data directory. */
    public String effectiveDbUrl() {
        if (dbUrl != null && !dbUrl.isBlank()) {
            return dbUrl;
        }
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("secplane") + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000";
    }
}
