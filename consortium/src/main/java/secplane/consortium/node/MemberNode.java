package secplane.consortium.node;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import secplane.consortium.cases.CaseEvents;
import secplane.consortium.config.ConfigException;
import secplane.consortium.config.MemberConfig;
import secplane.consortium.config.MemberIdentity;
import secplane.consortium.ledger.CaseLedger;
import secplane.consortium.ledger.Ledger;
import secplane.consortium.ledger.LedgerOperator;
import secplane.consortium.ledger.RemoteCaseLedger;
import secplane.consortium.ledger.WitnessService;
import secplane.consortium.log.FsyncPolicy;
import secplane.consortium.net.ChannelService;
import secplane.consortium.net.MemberAddress;
import secplane.consortium.net.MemberListener;
import secplane.consortium.net.RequestLog;
import secplane.consortium.net.TlsMemberChannels;
import secplane.consortium.note.VerifierKey;
import secplane.consortium.store.NodeStore;
import secplane.consortium.trace.TraceResult;
import secplane.consortium.witness.Witness;

/**
 * One consortium member's node, assembled from its {@link MemberConfig}: the mutual-TLS listener with every request
 * kind this member serves, channels to the other members, the node store, and the ledger — operated here (local
 * appends, checkpoints every interval, cosignatures collected) or reached at its operator (signed submissions), with
 * this member witnessing the operator's checkpoints. Logs one line per request and per ledger event to {@code out},
 * never request content.
 */
public final class MemberNode implements AutoCloseable {
    private final MemberConfig config;
    private final MemberIdentity identity;
    private final TlsMemberChannels channels;
    private final NodeStore store;
    private final LedgerOperator operator;
    private final CaseLedger caseLedger;
    private final MemberListener listener;
    private final Consumer<String> log;
    private volatile MemberTracing tracing;
    private ExecutorService pool;

    private MemberNode(MemberConfig config, MemberIdentity identity, TlsMemberChannels channels, NodeStore store, LedgerOperator operator,
            CaseLedger caseLedger, MemberListener listener, Consumer<String> log) {
        this.config = config;
        this.identity = identity;
        this.channels = channels;
        this.store = store;
        this.operator = operator;
        this.caseLedger = caseLedger;
        this.listener = listener;
        this.log = log;
    }

    /** A log line: UTC time to the millisecond, the member, the message. */
    public static Consumer<String> lineLog(String member, PrintStream out) {
        return line -> {
            synchronized (out) {
                out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + member + " " + line);
                out.flush();
            }
        };
    }

    /**
     * Starts the node. {@code services} are further request kinds (tracing, risk signals) built on the node's parts
     * by the caller after start; register them with {@link #serve}.
     */
    public static MemberNode start(MemberConfig config, Consumer<String> log) {
        MemberNode node = startLedger(config, log);
        try {
            node.startTracing(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
            return node;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /**
     * Adds tracing: the member's data, its trace request kinds, and {@code case.file} for its own operator, whose
     * case events go to the ledger as {@link CaseEvents} entries (keyed hashes, sealed details).
     */
    private void startTracing(int workers) {
        pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "trace-worker");
            t.setDaemon(true);
            return t;
        });
        tracing = MemberTracing.start(this, pool, workers);
        CaseEvents events = new CaseEvents(config.name(), identity.consortiumKey(), identity.sealingKeys(), new SecureRandom());
        serve(new CaseService(config.name(), tracing.tracer(), store, caseLedger, e -> {
            List<CaseService.LedgerEvent> out = new ArrayList<>();
            if (e.result().isEmpty()) {
                out.add(new CaseService.LedgerEvent("report", events.report(e.traceCase())));
                return out;
            }
            TraceResult r = e.result().get();
            for (TraceResult.Edge edge : r.edges()) {
                out.add(new CaseService.LedgerEvent("trace-step", events.traceStep(r.traceCase(), edge)));
            }
            for (TraceResult.Freeze f : r.freezes()) {
                out.add(new CaseService.LedgerEvent("freeze-request", events.freezeRequest(r.traceCase(), f)));
                out.add(new CaseService.LedgerEvent("freeze-answer", events.freezeAnswer(r.traceCase(), f)));
            }
            return out;
        }));
    }

    /** Tracing on this node, once started. */
    public Optional<MemberTracing> tracing() {
        return Optional.ofNullable(tracing);
    }

    /** The node without tracing: network, store and ledger only. */
    public static MemberNode startLedger(MemberConfig config, Consumer<String> log) {
        MemberIdentity id = MemberIdentity.load(config);
        TlsMemberChannels channels = new TlsMemberChannels(config.name(), id.tls(), config.addresses(), config.limits().connectTimeout());
        NodeStore store = NodeStore.open(config.store().url(), config.store().user(), config.store().password());
        LedgerOperator operator = null;
        CaseLedger caseLedger;
        List<ChannelService> services = new ArrayList<>();
        try {
            String op = config.ledger().operator();
            if (config.operatesLedger()) {
                // ON_SYNC: the operator forces the log once per submission before answering (group commit)
                Ledger ledger = Ledger.open(config.ledger().directory(), id.signer(), FsyncPolicy.ON_SYNC);
                Map<String, VerifierKey> witnesses = new LinkedHashMap<>(id.witnessKeys());
                witnesses.remove(config.name());
                operator = new LedgerOperator(ledger, id.signer(), id.verifierKeys(), witnesses, channels, config.ledger().quorum(),
                        config.limits().maxSubmissionBytes(), log);
                services.add(operator.submitService());
                services.add(operator.fetchService());
                caseLedger = operator;
            } else {
                Witness witness = new Witness(id.witness(), Map.of(id.verifierKeys().get(op).name(), id.verifierKeys().get(op)),
                        config.ledger().directory().resolve("witness"), Clock.systemUTC());
                services.add(new WitnessService(witness, op, log));
                caseLedger = new RemoteCaseLedger(channels, op, id.signer());
            }
            RequestLog requests = (peer, kind, outcome, took) -> log.accept("request " + kind + " from " + peer + ": " + outcome
                    + " (" + took.toMillis() + " ms)");
            // this member's own certificate is admitted too: its operator's CLI files cases with case.file
            List<MemberAddress> admitted = new ArrayList<>(config.addresses());
            admitted.add(new MemberAddress(config.name(), config.listenHost(), 1, ownSubject(config)));
            MemberListener listener = MemberListener.start(config.listenHost(), config.listenPort(), id.tls(), admitted, services,
                    config.limits().listener(), requests);
            if (operator != null) {
                operator.start(config.ledger().checkpointInterval());
            }
            MemberNode node = new MemberNode(config, id, channels, store, operator, caseLedger, listener, log);
            log.accept("node " + config.name() + " listening on " + config.listenHost() + ":" + listener.port() + ", serving "
                    + String.join(", ", new TreeSet<>(listener.kinds())) + "; ledger operated by " + op
                    + (operator != null ? " (here)" : ""));
            return node;
        } catch (RuntimeException e) {
            if (operator != null) {
                operator.close();
            }
            store.close();
            throw e;
        }
    }

    /** The subject of this member's own TLS certificate (the first in its chain file). */
    public static String ownSubject(MemberConfig config) {
        try (var in = Files.newInputStream(config.identity().certificate())) {
            var cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return cert.getSubjectX500Principal().getName();
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(config.file() + ": identity.certificate: cannot read "
                    + config.identity().certificate() + ": " + e.getMessage(), e);
        }
    }

    /** Adds a request kind to the running listener. */
    public void serve(ChannelService service) {
        listener.register(service);
        log.accept("serving " + service.kind());
    }

    public MemberConfig config() {
        return config;
    }

    public MemberIdentity identity() {
        return identity;
    }

    public TlsMemberChannels channels() {
        return channels;
    }

    public NodeStore store() {
        return store;
    }

    public CaseLedger caseLedger() {
        return caseLedger;
    }

    /** The ledger operator, on the member that runs the log. */
    public Optional<LedgerOperator> operator() {
        return Optional.ofNullable(operator);
    }

    public int port() {
        return listener.port();
    }

    public Consumer<String> log() {
        return log;
    }

    /** Stops accepting, finishes or cuts open requests, then closes the ledger and the store. */
    @Override
    public void close() {
        listener.close();
        if (tracing != null) {
            tracing.close();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
        if (operator != null) {
            operator.close();
        }
        store.close();
        log.accept("node " + config.name() + " stopped");
    }
}
