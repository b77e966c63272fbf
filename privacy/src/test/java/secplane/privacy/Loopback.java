package secplane.privacy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import secplane.privacy.transport.Connection;
import secplane.privacy.transport.Endpoints;
import secplane.privacy.transport.TestPki;
import secplane.privacy.transport.TlsFiles;

/** Two parties over real mutually authenticated TLS on 127.0.0.1, each in its own thread. */
public final class Loopback {
    public final SSLContext serverTls;
    public final SSLContext joinerTls;
    public final TestPki.Pki pki;
    public static final ExecutorService POOL = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
        Thread t = new Thread(r, "psi-test-worker");
        t.setDaemon(true);
        return t;
    });
    public static final int WORKERS = Runtime.getRuntime().availableProcessors();

    public Loopback(Path dir) {
        pki = TestPki.create(dir, "party-a", "party-b");
        TestPki.PartyFiles a = pki.parties().get(0);
        TestPki.PartyFiles b = pki.parties().get(1);
        serverTls = TlsFiles.fromPem(a.certificate(), a.key(), pki.ca());
        joinerTls = TlsFiles.fromPem(b.certificate(), b.key(), pki.ca());
    }

    public record Outcome<S, J>(S server, J joiner, Throwable serverError, Throwable joinerError) {
    }

    /** Runs both sides to completion; errors are captured, not thrown. */
    public <S, J> Outcome<S, J> run(Function<Connection, S> server, Function<Connection, J> joiner) {
        return run(server, joiner, Duration.ofSeconds(20), 0);
    }

    /** @param proxyCutAfter if positive, the joiner connects through a proxy that cuts the connection after this many bytes */
    public <S, J> Outcome<S, J> run(Function<Connection, S> server, Function<Connection, J> joiner, Duration timeout, long proxyCutAfter) {
        try (Endpoints.Listener l = Endpoints.listen("127.0.0.1", 0, serverTls, timeout)) {
            CuttingProxy proxy = proxyCutAfter > 0 ? new CuttingProxy(l.port(), proxyCutAfter) : null;
            int port = proxy != null ? proxy.port() : l.port();
            CompletableFuture<S> s = call(() -> {
                try (Connection c = l.accept(Duration.ofSeconds(20))) {
                    return server.apply(c);
                }
            });
            CompletableFuture<J> j = call(() -> {
                try (Connection c = Endpoints.connect("127.0.0.1", port, joinerTls, timeout)) {
                    return joiner.apply(c);
                }
            });
            Outcome<S, J> o = new Outcome<>(get(s), get(j), error(s), error(j));
            if (proxy != null) {
                proxy.close();
            }
            return o;
        }
    }

    private static <T> CompletableFuture<T> call(Callable<T> c) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        t.setDaemon(true);
        t.start();
        return f;
    }

    private static <T> T get(CompletableFuture<T> f) {
        try {
            return f.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return null;
        } catch (Exception e) {
            throw new IllegalStateException("a party did not finish", e);
        }
    }

    private static Throwable error(CompletableFuture<?> f) {
        try {
            f.get(120, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }
}
