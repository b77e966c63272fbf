package secplane.testbeds.attacks.injection;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for an internal service that only the server should reach (an admin API, a metadata
 * endpoint): plain HTTP on 127.0.0.1 and on [::1], recording the path of every request. A recorded
 * path proves the app made the request (SSRF) or fetched an external entity (XXE). Paths
 * registered with {@link #serve} get that body; every other path gets {@code internal-only}.
 */
public final class InternalService implements AutoCloseable {

    /** One request the service received. */
    public record Hit(String path, String remote) {
    }

    private final HttpServer ipv4;
    private final HttpServer ipv6;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "internal-service");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Hit> hits = new CopyOnWriteArrayList<>();
    private final Map<String, String> bodies = new ConcurrentHashMap<>();

    private InternalService() throws IOException {
        ipv4 = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        ipv6 = HttpServer.create(new InetSocketAddress(InetAddress.getByName("::1"), 0), 16);
        for (HttpServer server : List.of(ipv4, ipv6)) {
            server.createContext("/", this::handle);
            server.setExecutor(executor);
            server.start();
        }
    }

    /** Starts the service on two ephemeral loopback ports. */
    public static InternalService start() throws IOException {
        return new InternalService();
    }

    /** The port on 127.0.0.1. */
    public int port() {
        return ipv4.getAddress().getPort();
    }

    /** The port on [::1]. */
    public int ipv6Port() {
        return ipv6.getAddress().getPort();
    }

    /** Answers {@code path} with {@code body} from now on. */
    public void serve(String path, String body) {
        bodies.put(path, body);
    }

    public List<Hit> hits() {
        return List.copyOf(hits);
    }

    /** Waits up to {@code wait} for a request to {@code path}. */
    public boolean awaitHit(String path, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (hits.stream().noneMatch(hit -> hit.path().equals(path))) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(25);
        }
        return true;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        hits.add(new Hit(path, String.valueOf(exchange.getRemoteAddress())));
        byte[] body = bodies.getOrDefault(path, "internal-only\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", path.endsWith(".dtd") ? "application/xml-dtd" : "text/plain");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        ipv4.stop(0);
        ipv6.stop(0);
        executor.shutdownNow();
    }
}
