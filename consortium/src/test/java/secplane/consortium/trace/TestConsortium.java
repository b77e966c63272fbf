package secplane.consortium.trace;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import secplane.consortium.data.MemberData;
import secplane.consortium.data.MuleNetwork;
import secplane.consortium.data.MuleNetworkGenerator;
import secplane.consortium.net.ChannelService;
import secplane.consortium.net.ListenerLimits;
import secplane.consortium.net.MemberAddress;
import secplane.consortium.net.MemberListener;
import secplane.consortium.net.RequestLog;
import secplane.consortium.net.TlsMemberChannels;
import secplane.privacy.transport.TestPki;
import secplane.privacy.transport.TlsFiles;
import secplane.privacy.unbalanced.OprfKey;
import secplane.privacy.unbalanced.PreparedSet;

/**
 * Members on loopback for tests: a test PKI, each member's generated data in its own H2 file, its trace services
 * behind a real mutual-TLS {@link MemberListener}, and a record of every request each member's services received.
 */
public final class TestConsortium implements AutoCloseable {
    public static final int WORKERS = 2;
    public static final ExecutorService POOL = Executors.newFixedThreadPool(WORKERS, r -> {
        Thread t = new Thread(r, "consortium-test-worker");
        t.setDaemon(true);
        return t;
    });
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    public final Path dir;
    public final List<String> names;
    public final MuleNetwork network;
    public final Map<String, MemberData> data = new LinkedHashMap<>();
    public final Map<String, TraceServices> services = new LinkedHashMap<>();
    /** Per member: "kind account" (account empty for locate) of every request its trace services served. */
    public final Map<String, List<String>> received = new ConcurrentHashMap<>();
    private final TestPki.Pki pki;
    private final Map<String, MemberListener> listeners = new LinkedHashMap<>();

    public TestConsortium(Path dir, MuleNetworkGenerator.Params params) {
        this.dir = dir;
        this.names = params.members();
        this.pki = TestPki.create(dir.resolve("pki"), names.toArray(String[]::new));
        for (String m : names) {
            data.put(m, MemberData.open("jdbc:h2:file:" + dir.resolve(m + "-data").toAbsolutePath()));
        }
        network = MuleNetworkGenerator.generateInto(params, data);
        for (String m : names) {
            OprfKey key = OprfKey.generate(new SecureRandom());
            PreparedSet prepared = TraceServices.prepare(data.get(m), key, dir.resolve(m + ".prepared"), POOL, WORKERS);
            List<String> log = new CopyOnWriteArrayList<>();
            received.put(m, log);
            services.put(m, new TraceServices(data.get(m), key, prepared, FreezePolicy.standard(), POOL, WORKERS, 1000,
                    (kind, peer, account, count) -> log.add(kind + " " + (account == null ? "" : account))));
        }
        for (String m : names) {
            serve(m, services.get(m).services());
        }
    }

    public static String subject(String name) {
        return "O=secplane PSI test,CN=" + name;
    }

    public SSLContext tls(String name) {
        TestPki.PartyFiles p = pki.parties().get(names.indexOf(name));
        return TlsFiles.fromPem(p.certificate(), p.key(), pki.ca());
    }

    /** (Re)starts {@code member}'s listener with the given services, on a new port. */
    public void serve(String member, List<ChannelService> served) {
        MemberListener before = listeners.remove(member);
        if (before != null) {
            before.close();
        }
        List<MemberAddress> peers = new ArrayList<>();
        for (String o : names) {
            if (!o.equals(member)) {
                peers.add(new MemberAddress(o, "127.0.0.1", 1, subject(o)));
            }
        }
        listeners.put(member, MemberListener.start("127.0.0.1", 0, tls(member), peers, served, ListenerLimits.DEFAULT, RequestLog.NONE));
    }

    /** Stops {@code member}'s node: connections to it are refused. */
    public void stop(String member) {
        MemberListener l = listeners.remove(member);
        if (l != null) {
            l.close();
        }
    }

    /** The channels {@code self} opens to the others (stopped members keep their last port, now closed). */
    public TlsMemberChannels channels(String self) {
        List<MemberAddress> others = new ArrayList<>();
        for (String o : names) {
            if (!o.equals(self)) {
                MemberListener l = listeners.get(o);
                int port = l != null ? l.port() : closedPort();
                others.add(new MemberAddress(o, "127.0.0.1", port, subject(o)));
            }
        }
        return new TlsMemberChannels(self, tls(self), others, TIMEOUT);
    }

    private static int closedPort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Tracer tracer(String self) {
        return new Tracer(channels(self), services.get(self), POOL, WORKERS, dir.resolve("lookup-" + self), 1000);
    }

    @Override
    public void close() {
        for (MemberListener l : listeners.values()) {
            l.close();
        }
        for (MemberData d : data.values()) {
            d.close();
        }
    }
}
