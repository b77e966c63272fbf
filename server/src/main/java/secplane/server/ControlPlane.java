package secplane.server;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import secplane.server.agents.AgentRoutes;
import secplane.server.advisories.AdvisoryRoutes;
import secplane.server.agents.AgentSessions;
import secplane.server.data.DataMetrics;
import secplane.server.data.DataRoutes;
import secplane.server.data.Findings;
import secplane.server.inventory.InventoryRoutes;
import secplane.server.patches.PatchRoutes;
import secplane.server.agents.SnapshotPolls;
import secplane.server.audit.Audit;
import secplane.server.console.Console;
import secplane.server.console.LoginThrottle;
import secplane.server.bundles.BundleRoutes;
import secplane.server.drills.DrillRoutes;
import secplane.server.drills.DrillSchedules;
import secplane.server.events.EventRoutes;
import secplane.server.events.Retention;
import secplane.server.events.Webhooks;
import secplane.server.http.ApiError;
import secplane.server.http.Http;
import secplane.server.keys.SigningKey;
import secplane.server.policies.PolicyRoutes;
import secplane.server.policies.Rollouts;
import secplane.server.store.JdbcStore;
import secplane.server.store.Sql;
import secplane.server.store.Store;
import secplane.server.tokens.Principal;
import secplane.server.tokens.TokenRoutes;
import secplane.server.tokens.Tokens;

/**
 * One control-plane replica: the HTTP API of docs/protocol.md over a {@link Store}. Replicas
 * over one PostgreSQL database are interchangeable, provided they share {@code signing-key.json}.
 */
public final class ControlPlane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
    public static final String VERSION = "0.1.0";

    private final Javalin app;
    /** The browser console's listener, or null when none is configured. */
    private final Javalin console;
    private final Store store;
    private final SnapshotPolls polls;
    private final AgentSessions sessions;
    private final Rollouts rollouts;
    private final Retention retention;
    private final Webhooks webhooks;
    private final DrillSchedules drills;
    private final SigningKey key;
    private final String bootstrapToken;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ControlPlane(Javalin app, Javalin console, Store store, SnapshotPolls polls, AgentSessions sessions, Rollouts rollouts, Retention retention, Webhooks webhooks,
            DrillSchedules drills, SigningKey key, String bootstrapToken) {
        this.drills = drills;
        this.app = app;
        this.console = console;
        this.sessions = sessions;
        this.store = store;
        this.polls = polls;
        this.rollouts = rollouts;
        this.retention = retention;
        this.webhooks = webhooks;
        this.key = key;
        this.bootstrapToken = bootstrapToken;
    }

    public static ControlPlane start(ServerConfig config) {
        SigningKey key;
        try {
            Files.createDirectories(config.dataDir());
            key = SigningKey.loadOrCreate(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use data directory " + config.dataDir() + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the signing key: " + e.getMessage(), e);
        }
        Store store = JdbcStore.open(config.effectiveDbUrl(), config.dbUser(), config.dbPassword());
        SnapshotPolls polls = null;
        AgentSessions sessions = null;
        Rollouts rollouts = null;
        Retention retention = null;
        Webhooks webhooks = null;
        DrillSchedules drills = null;
        Javalin console = null;
        try {
            String bootstrap = store.transaction(c -> {
                List<String> keys = Sql.query(c, "SELECT key_id FROM server_keys", rs -> rs.getString(1));
                if (keys.isEmpty()) {
                    Sql.update(c, "INSERT INTO server_keys (key_id, public_key, created_at) VALUES (?,?,?)", key.keyId(), key.publicKeyBase64(), System.currentTimeMillis());
                } else if (!keys.contains(key.keyId())) {
                    throw new IllegalStateException("this database belongs to a control plane with signing key " + keys
                            + ", but " + config.dataDir().resolve(SigningKey.FILE) + " holds key " + key.keyId()
                            + "; copy signing-key.json from the first replica into this data directory");
                }
                if (Sql.one(c, "SELECT COUNT(*) FROM tokens", rs -> rs.getLong(1)).orElse(0L) > 0) {
                    return null;
                }
                Principal system = new Principal("bootstrap", Principal.Kind.OPERATOR, Principal.Role.ADMIN, null, null, "server start");
                Tokens.Issued admin = Tokens.create(c, Principal.Kind.OPERATOR, Principal.Role.ADMIN, null, null, "bootstrap admin", null, "server start");
                Audit.record(c, system, "token.create", "token/" + admin.id(), null, Map.of("id", admin.id(), "kind", "operator", "role", "admin"));
                return admin.token();
            });
            if (bootstrap != null) {
                // Shown once, never logged: only its hash is stored.
                System.out.println("admin token: " + bootstrap);
                System.out.flush();
            }
            polls = new SnapshotPolls(store, config.dbRecheckMillis());
            SnapshotPolls p = polls;
            sessions = new AgentSessions(store);
            AgentSessions agentSessions = sessions;
            rollouts = new Rollouts(store, polls, config.dbRecheckMillis());
            retention = new Retention(store, config.eventRetentionDays());
            webhooks = new Webhooks(config.webhooks(), Webhooks.DEFAULTS);
            drills = new DrillSchedules(store, java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(10));
            Javalin app = javalin(config, config.port(), cfg -> {
            });
            routes(app, store, key, p, agentSessions, config, webhooks);
            start(app, config, config.port());
            if (config.consolePort() >= 0) {
                // The console is a second listener over the same store: its page, and the operator API on its own origin.
                console = javalin(config, config.consolePort(), Console::configure);
                Console.routes(console, store, config.tlsKeystore() != null, LoginThrottle.defaults());
                routes(console, store, key, p, agentSessions, config, webhooks);
                start(console, config, config.consolePort());
            }
            LOG.atInfo().addKeyValue("port", app.port()).addKeyValue("consolePort", console == null ? -1 : console.port()).addKeyValue("bind", config.bindAddress())
                    .addKeyValue("tls", config.tlsKeystore() != null).addKeyValue("db", store.dialect()).addKeyValue("keyId", key.keyId()).log("control plane started");
            return new ControlPlane(app, console, store, p, agentSessions, rollouts, retention, webhooks, drills, key, bootstrap);
        } catch (RuntimeException e) {
            if (console != null) {
                console.stop();
            }
            if (drills != null) {
                drills.close();
            }
            if (webhooks != null) {
                webhooks.close();
            }
            if (retention != null) {
                retention.close();
            }
            if (rollouts != null) {
                rollouts.close();
            }
            if (polls != null) {
                polls.close();
            }
            if (sessions != null) {
                sessions.close();
            }
            store.close();
            throw e;
        }
    }

    /** @param webhooks where events with {@code verdict=block} go after they are stored */
    public static void routes(Javalin app, Store store, SigningKey key, SnapshotPolls polls, AgentSessions sessions, ServerConfig config, Webhooks webhooks) {
        app.exception(ApiError.class, (e, ctx) -> Http.error(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> Http.error(ctx, new ApiError(e.getStatus(), code(e.getStatus()), e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.atError().addKeyValue("path", ctx.path()).setCause(e).log("request failed");
            Http.error(ctx, new ApiError(500, "internal", "the server failed to handle this request; its log has the details"));
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                Http.error(ctx, ApiError.notFound("no such endpoint: " + ctx.method().name() + " " + ctx.path() + " (docs/protocol.md lists them)"));
            }
        });

        app.get("/health", ctx -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", "ok");
            m.put("db", store.dialect());
            m.put("version", VERSION);
            if (webhooks.enabled()) {
                m.put("webhooks", webhooks.stats());
            }
            store.transaction(c -> Sql.one(c, "SELECT 1", rs -> rs.getLong(1)));
            Http.json(ctx, 200, m);
        });
        app.get("/v1/keys", ctx -> {
            store.transaction(c -> Tokens.operator(c, ctx, Principal.Role.VIEWER));
            Http.json(ctx, 200, Map.of("keys", List.of(publicKeyOf(key))));
        });
        TokenRoutes.routes(app, store, sessions);
        AgentRoutes.routes(app, store, polls, sessions, config);
        PolicyRoutes.routes(app, store, key, polls, config);
        Rollouts.routes(app, store, polls, config);
        EventRoutes.routes(app, store, sessions, webhooks);
        DataRoutes.routes(app, store);
        DataMetrics.routes(app, store);
        Findings.routes(app, store);
        BundleRoutes.routes(app, store);
        InventoryRoutes.routes(app, store, sessions);
        AdvisoryRoutes.routes(app, store);
        PatchRoutes.routes(app, store, key, polls, config);
        DrillRoutes.routes(app, store);
        Audit.routes(app, store);
        secplane.server.reports.ReportRoutes.routes(app, store);
    }

    private static Javalin javalin(ServerConfig config, int port, java.util.function.Consumer<io.javalin.config.JavalinConfig> more) {
        return Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.http.asyncTimeout = (config.maxWaitSeconds() + 10) * 1000L;
            cfg.http.maxRequestSize = 17L << 20;
            if (config.tlsKeystore() != null) {
                cfg.jetty.addConnector((server, http) -> tlsConnector(server, http, config, port));
            }
            // The calls every agent makes all the time are logged at debug when they succeed.
            cfg.requestLogger.http((ctx, ms) -> (ctx.statusCode() < 400 && ctx.path().startsWith("/v1/agents/") ? LOG.atDebug() : LOG.atInfo()).addKeyValue("method", ctx.method().name()).addKeyValue("path", ctx.path())
                    .addKeyValue("status", ctx.statusCode()).addKeyValue("ms", Math.round(ms)).log("request"));
            more.accept(cfg);
        });
    }

    private static void start(Javalin app, ServerConfig config, int port) {
        app.start(config.bindAddress(), port);
        for (Connector c : app.jettyServer().server().getConnectors()) {
            if (c instanceof ServerConnector sc) {
                // Long-polls hold a connection silent for up to maxWaitSeconds.
                sc.setIdleTimeout((config.maxWaitSeconds() + 30) * 1000L);
            }
        }
    }

    /** HTTPS only: with a connector of our own, Javalin adds no plain HTTP one. */
    private static ServerConnector tlsConnector(Server server, HttpConfiguration http, ServerConfig config, int port) {
        if (!Files.isReadable(config.tlsKeystore())) {
            throw new IllegalArgumentException("TLS key store " + config.tlsKeystore() + " cannot be read");
        }
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(config.tlsKeystore().toAbsolutePath().toString());
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePassword(config.tlsPassword() == null ? "" : config.tlsPassword());
        HttpConfiguration https = new HttpConfiguration(http);
        https.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost(config.bindAddress());
        connector.setPort(port);
        return connector;
    }

    private static Map<String, Object> publicKeyOf(SigningKey key) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alg", "Ed25519");
        m.put("keyId", key.keyId());
        m.put("publicKey", key.publicKeyBase64());
        return m;
    }

    private static String code(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 413 -> "too-large";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
    }

    public int port() {
        return app.port();
    }

    /** The browser console's port (docs/console.md), or -1 when this replica serves no console. */
    public int consolePort() {
        return console == null ? -1 : console.port();
    }

    /** Base64 of the raw 32-byte Ed25519 public key that agents are configured with ({@code server.key=}). */
    public String publicKey() {
        return key.publicKeyBase64();
    }

    public String keyId() {
        return key.keyId();
    }

    public String dbDialect() {
        return store.dialect();
    }

    /** The admin token created by this start, if this start created the database's first token. */
    public Optional<String> bootstrapToken() {
        return Optional.ofNullable(bootstrapToken);
    }

    /** Stops this replica; a second call does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        drills.close();
        retention.close();
        rollouts.close();
        polls.close();
        if (console != null) {
            console.stop();
        }
        app.stop();
        sessions.close();
        webhooks.close();
        store.close();
    }
}
