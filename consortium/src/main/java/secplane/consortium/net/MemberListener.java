package secplane.consortium.net;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.security.auth.x500.X500Principal;
import secplane.privacy.transport.FramedChannel;

/**
 * A member node's listener: accepts TLS 1.3 connections with client certificates required (RFC 8446 §4.3.2), maps
 * the certificate's subject to a configured member, reads the opening {@link Frames#REQUEST} frame naming the kind,
 * answers {@link Frames#ACCEPTED} and hands the channel to the {@link ChannelService} registered for the kind. An
 * unknown member or kind, a malformed opening frame or a service failure is answered with an ERROR frame that names
 * the reason; a peer that cannot complete the handshake is closed. None of them stops the listener.
 *
 * <p>Each connection gets its own thread (bounded by {@link ListenerLimits#maxConnections}; more are closed at once);
 * the handshake and opening frame must arrive within the handshake timeout, and a request that runs past the request
 * timeout is cut off by closing its socket.
 */
public final class MemberListener implements AutoCloseable {
    private final ServerSocket server;
    private final SSLContext tls;
    private final Map<X500Principal, String> members = new LinkedHashMap<>();
    private final Map<String, ChannelService> services = new ConcurrentHashMap<>();
    private final ListenerLimits limits;
    private final RequestLog log;
    private final Semaphore slots;
    private final ExecutorService workers;
    private final ScheduledExecutorService watchdog;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private MemberListener(ServerSocket server, SSLContext tls, Collection<MemberAddress> peers, Collection<? extends ChannelService> served,
            ListenerLimits limits, RequestLog log) {
        this.server = server;
        this.tls = tls;
        for (MemberAddress m : peers) {
            members.put(m.subject(), m.name());
        }
        for (ChannelService s : served) {
            register(s);
        }
        this.limits = limits;
        this.log = log;
        this.slots = new Semaphore(limits.maxConnections());
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> daemon(r, "member-request-" + n.incrementAndGet()));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "member-request-timeouts"));
        this.acceptor = daemon(this::acceptLoop, "member-listener-" + server.getLocalPort());
    }

    /**
     * Listens on {@code bindAddress:port} (port 0: any free port) and serves {@code services} to the {@code members}.
     * Only members listed are served, whatever CA signed the certificate; the SSL context decides which CA is trusted.
     */
    public static MemberListener start(String bindAddress, int port, SSLContext tls, Collection<MemberAddress> members,
            Collection<? extends ChannelService> services, ListenerLimits limits, RequestLog log) {
        ServerSocket server;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 128);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + bindAddress + ":" + port + ": " + e.getMessage()
                    + " (is the port in use? change listen: in member.yaml)", e);
        }
        MemberListener l = new MemberListener(server, tls, members, services, limits, log);
        l.acceptor.start();
        return l;
    }

    /** Adds a service; a kind may be registered once. */
    public void register(ChannelService service) {
        ChannelService before = services.putIfAbsent(service.kind(), service);
        if (before != null && before != service) {
            throw new IllegalArgumentException("request kind " + service.kind() + " is already served by " + before.getClass().getName());
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public Set<String> kinds() {
        return Set.copyOf(services.keySet());
    }

    private void acceptLoop() {
        while (!closed) {
            Socket raw;
            try {
                raw = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.record("-", "-", "accept failed: " + e.getMessage(), Duration.ZERO);
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                log.record(raw.getRemoteSocketAddress().toString(), "-", "refused: " + limits.maxConnections()
                        + " connections already open (limits.maxConnections)", Duration.ZERO);
                closeQuietly(raw);
                continue;
            }
            open.add(raw);
            try {
                workers.execute(() -> {
                    try {
                        handle(raw);
                    } finally {
                        open.remove(raw);
                        closeQuietly(raw);
                        slots.release();
                    }
                });
            } catch (RuntimeException rejected) {
                open.remove(raw);
                closeQuietly(raw);
                slots.release();
            }
        }
    }

    private void handle(Socket raw) {
        long start = System.nanoTime();
        String peer = raw.getRemoteSocketAddress().toString();
        String kind = "-";
        ScheduledFuture<?> deadline = null;
        try {
            raw.setSoTimeout(millis(limits.handshakeTimeout()));
            raw.setTcpNoDelay(true);
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(raw, raw.getInetAddress().getHostAddress(), raw.getPort(), true);
            s.setUseClientMode(false);
            s.setNeedClientAuth(true);
            s.setEnabledProtocols(new String[] {"TLSv1.3"});
            try {
                s.startHandshake();
            } catch (IOException e) {
                log.record(peer, kind, "refused: TLS handshake failed (" + e.getMessage() + ")", since(start));
                return;
            }
            Optional<X500Principal> subject = peerSubject(s);
            FramedChannel channel;
            String opening;
            DataInputStream in = new DataInputStream(s.getInputStream());
            try {
                opening = readOpening(in);
            } catch (OpeningException e) {
                reply(s, peer, e.getMessage());
                log.record(peer, kind, "refused: " + e.getMessage(), since(start));
                return;
            }
            kind = opening;
            String member = subject.map(members::get).orElse(null);
            if (member == null) {
                String why = "the certificate subject " + subject.map(X500Principal::getName).orElse("(none)")
                        + " is not a member of this consortium; ask the node's operator to add it under members: in member.yaml";
                reply(s, peer, why);
                log.record(peer, kind, "refused: unknown member " + subject.map(X500Principal::getName).orElse("(none)"), since(start));
                return;
            }
            peer = member;
            ChannelService service = services.get(kind);
            channel = new FramedChannel(in, s.getOutputStream(), s, member);
            if (service == null) {
                channel.sendError("request kind '" + kind + "' is not served here; this node serves " + String.join(", ", new java.util.TreeSet<>(services.keySet()))
                        + " (are both nodes running the same version?)");
                log.record(peer, kind, "refused: unknown kind", since(start));
                return;
            }
            s.setSoTimeout(millis(limits.readTimeout()));
            deadline = watchdog.schedule(() -> closeQuietly(raw), limits.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            channel.send(Frames.ACCEPTED, new byte[0]);
            try {
                service.serve(channel, member);
                log.record(peer, kind, "ok", since(start));
            } catch (Exception e) {
                boolean timedOut = deadline.isDone();
                String reason = timedOut ? "the request ran past " + limits.requestTimeout().toSeconds() + " s (limits.requestTimeout)"
                        : describe(e);
                channel.sendError(kind + " failed: " + reason);
                log.record(peer, kind, "failed: " + (timedOut ? "request timeout" : e.getClass().getSimpleName()), since(start));
            }
        } catch (IOException | RuntimeException e) {
            log.record(peer, kind, "failed: " + e.getClass().getSimpleName() + " " + e.getMessage(), since(start));
        } finally {
            if (deadline != null) {
                deadline.cancel(false);
            }
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Reads the opening frame with the small opening limit, before any service may allocate for the peer. */
    private String readOpening(DataInputStream in) throws IOException, OpeningException {
        int len;
        try {
            len = in.readInt();
        } catch (EOFException e) {
            throw new OpeningException("the connection closed before the opening REQUEST frame");
        }
        if (len < 1 || len > limits.maxOpeningFrame()) {
            throw new OpeningException("the opening frame claims " + len + " bytes (limit " + limits.maxOpeningFrame()
                    + "); the peer does not speak the consortium protocol");
        }
        byte type = in.readByte();
        byte[] payload = new byte[len - 1];
        in.readFully(payload);
        if (type != Frames.REQUEST) {
            throw new OpeningException("the first frame must be REQUEST (type " + Frames.REQUEST + ") naming a request kind, got type " + type);
        }
        String kind = new String(payload, StandardCharsets.UTF_8);
        if (kind.isEmpty() || !kind.matches("[a-z][a-z0-9_.-]*")) {
            throw new OpeningException("the request kind must be lower-case letters, digits, '.', '_' or '-', got "
                    + kind.length() + " characters");
        }
        return kind;
    }

    private static final class OpeningException extends Exception {
        private static final long serialVersionUID = 1L;

        OpeningException(String message) {
            super(message);
        }
    }

    private static void reply(SSLSocket s, String peer, String reason) {
        new FramedChannel(java.io.InputStream.nullInputStream(), outputOf(s), s, peer).sendError(reason);
    }

    private static java.io.OutputStream outputOf(SSLSocket s) {
        try {
            return s.getOutputStream();
        } catch (IOException e) {
            return java.io.OutputStream.nullOutputStream();
        }
    }

    private static Optional<X500Principal> peerSubject(SSLSocket s) {
        try {
            Certificate[] chain = s.getSession().getPeerCertificates();
            return Optional.of(((X509Certificate) chain[0]).getSubjectX500Principal());
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing is best effort
        }
    }

    /** Stops accepting, closes open connections and waits briefly for their threads. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        for (Socket s : open) {
            closeQuietly(s);
        }
        workers.shutdown();
        watchdog.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
