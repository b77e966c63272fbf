package secplane.consortium.signals;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import secplane.consortium.net.MemberChannels;
import secplane.consortium.net.MemberUnreachableException;
import secplane.privacy.curve.Scalars;
import secplane.privacy.psi.Shuffle;
import secplane.privacy.sum.ExponentialElGamal;
import secplane.privacy.transport.FramedChannel;
import secplane.privacy.transport.PeerException;

/**
 * Asks the other members for the joint risk signal of a set of accounts ({@link RiskSignals} describes the protocol).
 * Runs with every member that can be reached; a member lost during a run makes the masks not cancel, so the run is
 * repeated with the members left, as long as at least two contribute. With fewer, the query is refused: the "total"
 * would be one member's own figures.
 */
public final class SignalQuerier {
    /** What the querier received, frame payload by frame payload, for inspection (tests, audits). */
    public interface Transcript {
        void received(String member, byte type, byte[] payload);

        Transcript NONE = (member, type, payload) -> { };
    }

    private final MemberChannels channels;
    private final SecureRandom random = new SecureRandom();
    private final Transcript transcript;

    public SignalQuerier(MemberChannels channels, Transcript transcript) {
        this.channels = channels;
        this.transcript = transcript;
    }

    /** Runs are repeated at most this often when a participant drops out mid-run. */
    static final int ATTEMPTS = 3;

    public SignalResult query(List<String> accounts) {
        if (accounts.isEmpty() || accounts.size() > SignalWire.MAX_ITEMS) {
            throw new IllegalArgumentException("ask about 1 to " + SignalWire.MAX_ITEMS + " accounts");
        }
        Map<String, String> unreachable = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Map<String, FramedChannel> open = new LinkedHashMap<>();
            for (String m : channels.members()) {
                if (unreachable.containsKey(m)) {
                    continue;
                }
                try {
                    open.put(m, channels.open(m, SignalFrames.QUERY_KIND));
                } catch (MemberUnreachableException e) {
                    unreachable.put(m, e.getMessage());
                }
            }
            if (open.size() < 2) {
                open.values().forEach(FramedChannel::close);
                throw new IllegalStateException("joint risk signal refused: only " + open.size() + " member(s) could contribute"
                        + (unreachable.isEmpty() ? "" : " (unreachable: " + unreachable + ")")
                        + "; with fewer than 2 the total would disclose one member's own figures");
            }
            List<String> participants = new ArrayList<>(open.keySet());
            failed.clear();
            long[] total = run(accounts, open, failed);
            if (failed.isEmpty()) {
                Map<String, String> missing = new LinkedHashMap<>(unreachable);
                return new SignalResult(total[0], total[1], List.copyOf(participants), Map.copyOf(missing));
            }
            // a participant dropped out or failed: the masks no longer cancel, so this run's sum is discarded and the
            // run repeated with whoever can be reached then (a member that is down fails to open and is left out)
        }
        throw new IllegalStateException("joint risk signal failed " + ATTEMPTS + " times; last failures: " + failed);
    }

    private long[] run(List<String> accounts, Map<String, FramedChannel> open, Map<String, String> failed) {
        String queryId = HexFormat.of().formatHex(randomBytes(16));
        byte[] a = Scalars.randomClamped(random);
        byte[] points = new byte[accounts.size() * SignalWire.POINT];
        int[] order = Shuffle.permutation(accounts.size(), random);
        for (int i = 0; i < accounts.size(); i++) {
            Scalars.maskClamped(a, RiskSignals.point(accounts.get(order[i])), 0, points, i * SignalWire.POINT);
        }
        byte[] query = SignalWire.query(new SignalWire.Query(queryId, List.copyOf(open.keySet()), points));
        ExecutorService pool = Executors.newFixedThreadPool(open.size(), r -> {
            Thread t = new Thread(r, "signal-query");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, Future<long[]>> futures = new LinkedHashMap<>();
            for (Map.Entry<String, FramedChannel> e : open.entrySet()) {
                Callable<long[]> c = () -> exchange(e.getKey(), e.getValue(), query, a);
                futures.put(e.getKey(), pool.submit(c));
            }
            long count = 0;
            long amount = 0;
            for (Map.Entry<String, Future<long[]>> f : futures.entrySet()) {
                try {
                    long[] v = f.getValue().get();
                    count += v[0];
                    amount += v[1];
                } catch (ExecutionException e) {
                    failed.put(f.getKey(), e.getCause().getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            return new long[] {count, amount};
        } finally {
            pool.shutdownNow();
            open.values().forEach(FramedChannel::close);
        }
    }

    private long[] exchange(String member, FramedChannel ch, byte[] query, byte[] a) {
        ch.send(SignalFrames.QUERY, query);
        byte[] flagged = ch.expect(SignalFrames.FLAGGED, "the member's flagged rows").payload();
        transcript.received(member, SignalFrames.FLAGGED, flagged);
        SignalWire.Rows rows = SignalWire.rows(flagged, true);
        org.bouncycastle.math.ec.ECPoint key;
        try {
            key = ExponentialElGamal.point(rows.publicKey(), 0);
        } catch (IllegalArgumentException e) {
            throw new PeerException(member + " sent a malformed public key: " + e.getMessage());
        }
        byte[] out = new byte[rows.rows().length];
        for (int i = 0; i < rows.count(); i++) {
            int off = i * SignalWire.ROW;
            Scalars.maskClamped(a, rows.rows(), off, out, off);
            try {
                ExponentialElGamal.rerandomize(ExponentialElGamal.Ciphertext.decode(rows.rows(), off + SignalWire.POINT), key, random)
                        .encode(out, off + SignalWire.POINT);
                ExponentialElGamal.rerandomize(ExponentialElGamal.Ciphertext.decode(rows.rows(), off + SignalWire.POINT + SignalWire.CT), key, random)
                        .encode(out, off + SignalWire.POINT + SignalWire.CT);
            } catch (IllegalArgumentException e) {
                throw new PeerException(member + " sent a malformed ciphertext in row " + i + ": " + e.getMessage());
            }
        }
        Shuffle.records(out, SignalWire.ROW, random);
        ch.send(SignalFrames.RETURNED, SignalWire.rows(new SignalWire.Rows(new byte[0], out)));
        byte[] masked = ch.expect(SignalFrames.MASKED, "the masked totals").payload();
        transcript.received(member, SignalFrames.MASKED, masked);
        return SignalWire.masked(masked);
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
