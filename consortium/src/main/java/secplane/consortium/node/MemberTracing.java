package secplane.consortium.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import secplane.consortium.config.ConfigException;
import secplane.consortium.config.MemberConfig;
import secplane.consortium.data.DataConfig;
import secplane.consortium.data.MemberData;
import secplane.consortium.data.MuleNetwork;
import secplane.consortium.data.MuleNetworkGenerator;
import secplane.consortium.signals.RiskSignals;
import secplane.consortium.store.NodeStore;
import secplane.consortium.trace.FreezeDecision;
import secplane.consortium.trace.FreezePolicy;
import secplane.consortium.trace.TraceServices;
import secplane.consortium.trace.Tracer;
import secplane.privacy.unbalanced.OprfKey;
import secplane.privacy.unbalanced.PreparedSet;

/**
 * Tracing on a member node: opens the member's data ({@code data:} in member.yaml), keeps its OPRF key in
 * {@code trace/oprf.key} beside member.yaml (created once; the other members cache lookup sets prepared with it),
 * prepares the lookup set of its accounts, registers {@code trace.locate}, {@code trace.onward} and
 * {@code trace.freeze} and the joint risk signals' kinds, and builds the {@link Tracer} this member files cases with. Freeze requests received from other
 * members are recorded in the node store with the answer given.
 */
public final class MemberTracing implements AutoCloseable {
    /** Most transfers one onward answer may carry. */
    public static final int MAX_TRANSFERS = 1000;

    private final MemberData data;
    private final TraceServices services;
    private final Tracer tracer;

    private MemberTracing(MemberData data, TraceServices services, Tracer tracer) {
        this.data = data;
        this.services = services;
        this.tracer = tracer;
    }

    public static MemberTracing start(MemberNode node, ExecutorService pool, int workers) {
        MemberConfig c = node.config();
        Path home = c.file().toAbsolutePath().getParent();
        Path dir = home.resolve("trace");
        DataConfig dc = dataConfig(c);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        OprfKey key = OprfKey.loadOrCreate(dir.resolve("oprf.key"));
        MemberData data = dc.open();
        try {
            long start = System.nanoTime();
            PreparedSet prepared = TraceServices.prepare(data, key, dir.resolve("accounts.prepared"), pool, workers);
            node.log().accept("trace: lookup set of " + prepared.count() + " accounts prepared in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
            NodeStore store = node.store();
            String self = c.name();
            FreezePolicy standard = FreezePolicy.standard();
            // the member's policy decides; each request received from another member is kept with its answer
            FreezePolicy recorded = (request, requester, memberData) -> {
                FreezeDecision d = standard.decide(request, requester, memberData);
                if (!requester.equals(self)) {
                    try {
                        store.saveFreeze(new NodeStore.FreezeRecord(request.caseId(), request.account(), requester, NodeStore.Direction.RECEIVED,
                                Instant.now(), Optional.of((d.accepted() ? "accepted: " : "rejected: ") + d.reason())));
                    } catch (RuntimeException e) {
                        node.log().accept("store: a received freeze request could not be recorded: " + e.getMessage());
                    }
                }
                return d;
            };
            TraceServices services = new TraceServices(data, key, prepared, recorded, pool, workers, MAX_TRANSFERS,
                    TraceServices.RequestObserver.NONE);
            services.services().forEach(node::serve);
            // joint risk signals: this member answers queries over its flags and takes part in the pairwise masks
            new RiskSignals(data, node.channels(), Duration.ofSeconds(30)).services().forEach(node::serve);
            Tracer tracer = new Tracer(node.channels(), services, pool, workers, dir.resolve("lookup-cache"), MAX_TRANSFERS);
            return new MemberTracing(data, services, tracer);
        } catch (RuntimeException e) {
            data.close();
            throw e;
        }
    }

    /** The member's data source from the {@code data:} mapping (relative H2 files resolved against member.yaml's directory). */
    public static DataConfig dataConfig(MemberConfig c) {
        Path home = c.file().toAbsolutePath().getParent();
        try {
            Map<String, Object> map = new LinkedHashMap<>(c.data());
            if (map.get("jdbc") instanceof String url) {
                map.put("jdbc", MemberConfig.h2Relative(c.file(), url));
            }
            return map.isEmpty() ? DataConfig.h2File(home.resolve("data")) : DataConfig.fromMap(map, home);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(c.file() + ": " + e.getMessage(), e);
        }
    }

    /** Generates the consortium's data (with its planted mule network) into each member's data source. */
    public static MuleNetwork generate(List<MemberConfig> members,
            MuleNetworkGenerator.Params params) {
        Map<String, MemberData> data = new LinkedHashMap<>();
        try {
            for (MemberConfig c : members) {
                data.put(c.name(), dataConfig(c).open());
            }
            return MuleNetworkGenerator.generateInto(params, data);
        } finally {
            data.values().forEach(MemberData::close);
        }
    }

    public Tracer tracer() {
        return tracer;
    }

    public TraceServices services() {
        return services;
    }

    public MemberData data() {
        return data;
    }

    @Override
    public void close() {
        data.close();
    }
}
