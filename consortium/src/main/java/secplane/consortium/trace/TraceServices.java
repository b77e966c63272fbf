package secplane.consortium.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import secplane.consortium.data.MemberData;
import secplane.consortium.data.Transfer;
import secplane.consortium.net.ChannelService;
import secplane.privacy.psi.ProgressListener;
import secplane.privacy.transport.FramedChannel;
import secplane.privacy.transport.PeerException;
import secplane.privacy.unbalanced.OprfKey;
import secplane.privacy.unbalanced.PreparedSet;
import secplane.privacy.unbalanced.UnbalancedPsi;
import secplane.privacy.unbalanced.UnbalancedResult;

/**
 * The holding member's side of tracing: the three request kinds a node registers, answered from its own data.
 * <ul>
 *   <li>{@code trace.locate}: privacy's unbalanced PSI server over this member's accounts, so the asker learns whether
 *       this member holds the accounts it asks about and this member learns only how many were asked;</li>
 *   <li>{@code trace.onward}: the transfers out of one held account inside a window, at most {@link #maxTransfers};</li>
 *   <li>{@code trace.freeze}: this member's {@link FreezePolicy} decides.</li>
 * </ul>
 */
public final class TraceServices {
    /** Normalisation label both sides of the locate lookup state: account ids are compared as given. */
    static final String NORMALISATION = "account-id";

    /**
     * Sees each request served (for the node's records and for tests); never sees answers. The account is personal
     * data: store it where case data is kept, never in a log line.
     */
    public interface RequestObserver {
        /** {@code account} is null for {@code trace.locate}, whose items this member cannot see; {@code count} is the number of items. */
        void served(String kind, String peer, String account, long count);

        RequestObserver NONE = (kind, peer, account, count) -> { };
    }

    private final MemberData data;
    private final OprfKey key;
    private final PreparedSet prepared;
    private final FreezePolicy policy;
    private final ExecutorService pool;
    private final int workers;
    private final int maxTransfers;
    private final RequestObserver observer;

    public TraceServices(MemberData data, OprfKey key, PreparedSet prepared, FreezePolicy policy, ExecutorService pool, int workers,
            int maxTransfers, RequestObserver observer) {
        if (!prepared.fingerprint().equals(key.fingerprint())) {
            throw new IllegalArgumentException(prepared.file() + " was prepared with another OPRF key; prepare it again");
        }
        this.data = data;
        this.key = key;
        this.prepared = prepared;
        this.policy = policy;
        this.pool = pool;
        this.workers = workers;
        this.maxTransfers = maxTransfers;
        this.observer = observer;
    }

    /** Evaluates the OPRF over every account this member holds and writes the sorted lookup set to {@code out}. */
    public static PreparedSet prepare(MemberData data, OprfKey key, Path out, ExecutorService pool, int workers) {
        PreparedSet.prepare(key, data.accounts(), out, pool, workers, ProgressListener.NONE);
        return PreparedSet.open(out);
    }

    /**
     * The services of a member whose state lives in {@code dir}: the OPRF key {@code oprf.key} (created on first use)
     * and the prepared lookup set {@code accounts.prepared}, prepared again when missing, made with another key or
     * holding another number of accounts than the data.
     */
    public static TraceServices open(MemberData data, Path dir, FreezePolicy policy, ExecutorService pool, int workers, RequestObserver observer) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        OprfKey key = OprfKey.loadOrCreate(dir.resolve("oprf.key"));
        Path setFile = dir.resolve("accounts.prepared");
        PreparedSet prepared = null;
        if (Files.exists(setFile)) {
            prepared = PreparedSet.open(setFile);
            if (!prepared.fingerprint().equals(key.fingerprint()) || prepared.count() != data.accountCount()) {
                prepared.close();
                prepared = null;
            }
        }
        if (prepared == null) {
            prepared = prepare(data, key, setFile, pool, workers);
        }
        return new TraceServices(data, key, prepared, policy, pool, workers, 1000, observer);
    }

    public MemberData data() {
        return data;
    }

    public List<ChannelService> services() {
        return List.of(service(TraceFrames.LOCATE, this::serveLocate), service(TraceFrames.ONWARD, this::serveOnward),
                service(TraceFrames.FREEZE, this::serveFreeze));
    }

    private interface Handler {
        void serve(FramedChannel ch, String peer) throws Exception;
    }

    private static ChannelService service(String kind, Handler h) {
        return new ChannelService() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public void serve(FramedChannel channel, String peer) throws Exception {
                h.serve(channel, peer);
            }
        };
    }

    private void serveLocate(FramedChannel ch, String peer) {
        UnbalancedResult r = new UnbalancedPsi(pool, workers).serve(ch, key, prepared, NORMALISATION, 128);
        observer.served(TraceFrames.LOCATE, peer, null, r.queried());
    }

    private void serveOnward(FramedChannel ch, String peer) {
        TraceWire.OnwardRequest r;
        try {
            r = TraceWire.onwardRequest(ch.expect(TraceFrames.ONWARD_REQUEST, "an onward request").payload());
        } catch (MalformedAnswerException e) {
            throw new PeerException("malformed onward request: " + e.getMessage());
        }
        observer.served(TraceFrames.ONWARD, peer, r.account(), 1);
        ch.send(TraceFrames.ONWARD_ANSWER, TraceWire.onwardAnswer(onward(r)));
    }

    /** The answer to an onward request, from this member's data (also used by the tracer for its own accounts). */
    TraceWire.OnwardAnswer onward(TraceWire.OnwardRequest r) {
        if (!data.holds(r.account())) {
            return new TraceWire.OnwardAnswer(false, List.of());
        }
        List<Transfer> out = data.transfersOut(r.account(), r.from(), r.to(), Math.min(r.limit(), maxTransfers));
        return new TraceWire.OnwardAnswer(true, out);
    }

    private void serveFreeze(FramedChannel ch, String peer) {
        FreezeRequest r;
        try {
            r = TraceWire.freezeRequest(ch.expect(TraceFrames.FREEZE_REQUEST, "a freeze request").payload());
        } catch (MalformedAnswerException e) {
            throw new PeerException("malformed freeze request: " + e.getMessage());
        }
        observer.served(TraceFrames.FREEZE, peer, r.account(), 1);
        ch.send(TraceFrames.FREEZE_ANSWER, TraceWire.freezeAnswer(freeze(r, peer)));
    }

    /** This member's decision on a freeze request (also used by the tracer for its own accounts). */
    FreezeDecision freeze(FreezeRequest r, String requester) {
        return policy.decide(r, requester, data);
    }
}
