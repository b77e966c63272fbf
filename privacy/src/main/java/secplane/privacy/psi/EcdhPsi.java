package secplane.privacy.psi;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import secplane.privacy.curve.BatchLadder;
import secplane.privacy.curve.HashToCurve;
import secplane.privacy.curve.Scalars;
import secplane.privacy.transport.Frame;
import secplane.privacy.transport.FramedChannel;
import secplane.privacy.transport.Handshake;
import secplane.privacy.transport.Hello;
import secplane.privacy.transport.PeerException;
import secplane.privacy.transport.Role;

/**
 * Semi-honest two-party ECDH-PSI over Curve25519 (the Meadows / Huberman–Franklin–Hogg
 * Diffie–Hellman PSI, in the shape SecretFlow's ECDH-PSI uses):
 * <ol>
 *   <li>each party draws a fresh X25519 key (a, b), hashes each of its identifiers to the curve
 *       ({@link HashToCurve}), masks it, H(x)^a, and streams the 32-byte points in batches, in a
 *       random order (so position reveals nothing about its input order);</li>
 *   <li>each party masks the points it receives again with its own key, H(y)^(ba) = H(y)^(ab)
 *       (clamped X25519 scalars commute, and being multiples of 8 they also clear the cofactor), and
 *       keeps the first {@value TagSet#TAG_BYTES} bytes as a tag;</li>
 *   <li>for a party that learns the result, the peer returns the tags of that party's points: in
 *       the order received (the party maps them back to its items) or, for PSI-cardinality, in a
 *       fresh random order (it can only count);</li>
 *   <li>the party compares the returned tags of its own items with the tags it computed from the
 *       peer's points.</li>
 * </ol>
 * Both parties then exchange FINISHED before either reports a result, so a dropped connection
 * leaves neither side with one. Tags of 12 bytes: for sets of n and m items the chance of any false
 * match is at most n·m / 2^96 (≈ 1.3·10^-17 for 10^7 × 10^7).
 */
public final class EcdhPsi {
    /** Domain separation tag: suite and protocol version, RFC 9380 §3.1. */
    public static final String DST = "secplane-psi-v1-with-" + HashToCurve.SUITE;
    static final HashToCurve HASH = new HashToCurve(DST);
    private static final int POINT = 32;
    private static final int TAG = TagSet.TAG_BYTES;

    private final ExecutorService pool;
    private final int workers;
    private final SecureRandom random = new SecureRandom();

    /** @param pool workers for the curve arithmetic, typically one per available processor */
    public EcdhPsi(ExecutorService pool, int workers) {
        this.pool = pool;
        this.workers = workers;
    }

    public PsiResult run(FramedChannel ch, Role role, PsiConfig cfg, List<String> ids, ProgressListener progress) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("suite", DST);
        settings.put("tag-bytes", Integer.toString(TAG));
        settings.put("normalisation", cfg.normalisation());
        settings.put("output", cfg.output().id());
        settings.put("size-only", Boolean.toString(cfg.sizeOnly()));
        settings.put("batch", Integer.toString(cfg.batchSize()));
        settings.put("size", Integer.toString(ids.size()));
        Map<String, String> agree = new LinkedHashMap<>();
        agree.put("suite", "run the same secplane release on both sides");
        agree.put("tag-bytes", "run the same secplane release on both sides");
        agree.put("normalisation", "both parties must give the same normalisations, in the same column order (--column NAME:KIND)");
        agree.put("output", "both parties must give the same --output");
        agree.put("size-only", "give --size-only on both sides or on neither");
        agree.put("batch", "both parties must use the same --batch");
        Hello peer = Handshake.exchange(ch, Hello.of("ecdh-psi", role.id(), settings), agree);
        long peerSize;
        try {
            peerSize = Long.parseLong(peer.get("size"));
        } catch (NumberFormatException e) {
            throw new PeerException("the peer sent no valid set size");
        }
        if (peerSize < 0 || peerSize > Integer.MAX_VALUE) {
            throw new PeerException("the peer announced an impossible set size " + peerSize);
        }
        Role other = role == Role.SERVER ? Role.JOINER : Role.SERVER;
        return new Run(ch, cfg, ids, (int) peerSize, cfg.output().reaches(role), cfg.output().reaches(other), progress).execute();
    }

    private final class Run {
        private final FramedChannel ch;
        private final PsiConfig cfg;
        private final List<String> ids;
        private final int n;
        private final int peerN;
        private final int batch;
        private final boolean iReceive;
        private final boolean peerReceives;
        private final ProgressListener progress;
        private final byte[] key = Scalars.randomClamped(random);
        private final int[] order;
        private final byte[] myTags;
        private final BitSet myTagBatches = new BitSet();
        private final byte[][] peerTags;
        private final BitSet peerBatchesSeen = new BitSet();
        private final CountDownLatch peerBatchesDone;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final AtomicLong done = new AtomicLong();
        private final long total;

        Run(FramedChannel ch, PsiConfig cfg, List<String> ids, int peerN, boolean iReceive, boolean peerReceives, ProgressListener progress) {
            this.ch = ch;
            this.cfg = cfg;
            this.ids = ids;
            this.n = ids.size();
            this.peerN = peerN;
            this.batch = cfg.batchSize();
            this.iReceive = iReceive;
            this.peerReceives = peerReceives;
            this.progress = progress;
            this.order = Shuffle.permutation(n, random);
            this.myTags = iReceive ? new byte[n * TAG] : null;
            this.peerTags = new byte[batches(peerN)][];
            this.peerBatchesDone = new CountDownLatch(batches(peerN));
            this.total = (long) n + peerN;
        }

        private int batches(int size) {
            return (size + batch - 1) / batch;
        }

        PsiResult execute() {
            Thread sender = new Thread(this::sendOwnPoints, "psi-sender");
            sender.setDaemon(true);
            sender.start();
            try {
                Thread finisher = receiveAll();
                finisher.join();
                sender.join();
                rethrowFailure();
                ch.send(Frame.FINISHED, new byte[0]);
                ch.expect(Frame.FINISHED, "the end of the run");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(e);
                throw new PeerException("interrupted");
            } catch (RuntimeException e) {
                fail(e);
                rethrowFailure();
                throw e;
            }
            return result();
        }

        private void rethrowFailure() {
            Throwable t = failure.get();
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error err) {
                throw err;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }

        private void fail(Throwable t) {
            if (failure.compareAndSet(null, t)) {
                ch.close();
            }
        }

        private void tick(int amount) {
            progress.progress("masking", done.addAndGet(amount), total);
        }

        /** Hashes and masks this party's items in shuffled order and streams them, a window of batches ahead. */
        private void sendOwnPoints() {
            try {
                int nb = batches(n);
                int window = Math.max(2, 2 * workers);
                List<Future<byte[]>> pending = new ArrayList<>();
                int next = 0;
                for (int b = 0; b < nb; b++) {
                    while (next < nb && next < b + window) {
                        int bb = next++;
                        pending.add(pool.submit(() -> maskOwn(bb)));
                    }
                    byte[] payload = pending.get(b).get();
                    pending.set(b, null);
                    ch.send(Frame.POINTS, payload);
                }
                ch.send(Frame.POINTS_DONE, ByteBuffer.allocate(4).putInt(n).array());
            } catch (ExecutionException e) {
                fail(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(e);
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        private byte[] maskOwn(int b) {
            int from = b * batch;
            int to = Math.min(n, from + batch);
            byte[] out = new byte[4 + (to - from) * POINT];
            ByteBuffer.wrap(out).putInt(b);
            HASH.hashAndMultiply(ids, order, from, to, key, out, 4, POINT);
            tick(to - from);
            return out;
        }

        /**
         * Reads until the peer's points and (if this party learns the result) its tags are all in.
         * The returned thread finishes the peer's side: it must not wait for this loop, since the
         * peer waits for its tags before it sends ours.
         */
        private Thread receiveAll() {
            Thread finisher = null;
            boolean pointsDone = false;
            boolean tagsDone = !iReceive;
            while (!(pointsDone && tagsDone)) {
                Frame f = ch.receive();
                switch (f.type()) {
                    case Frame.POINTS -> {
                        int b = batchIndex(f, peerN, POINT, peerBatchesSeen, "points");
                        pool.submit(() -> doubleMask(b, f.payload()));
                    }
                    case Frame.POINTS_DONE -> {
                        if (peerBatchesSeen.cardinality() != batches(peerN)) {
                            throw new PeerException("the peer ended its points after " + peerBatchesSeen.cardinality() + " of "
                                    + batches(peerN) + " batches");
                        }
                        pointsDone = true;
                        finisher = new Thread(this::finishPeerSide, "psi-finisher");
                        finisher.setDaemon(true);
                        finisher.start();
                    }
                    case Frame.TAGS -> {
                        if (!iReceive) {
                            throw new PeerException("the peer sent result tags to a party that is not to learn the result");
                        }
                        int b = batchIndex(f, n, TAG, myTagBatches, "tags");
                        System.arraycopy(f.payload(), 4, myTags, b * batch * TAG, f.payload().length - 4);
                    }
                    case Frame.TAGS_DONE -> {
                        if (myTagBatches.cardinality() != batches(n)) {
                            throw new PeerException("the peer ended its tags after " + myTagBatches.cardinality() + " of " + batches(n) + " batches");
                        }
                        tagsDone = true;
                    }
                    default -> throw new PeerException("unexpected frame type " + f.type() + " from the peer");
                }
            }
            return finisher;
        }

        private void finishPeerSide() {
            try {
                awaitPeerBatches();
                if (peerReceives) {
                    if (cfg.sizeOnly()) {
                        sendShuffledTags();
                    }
                    ch.send(Frame.TAGS_DONE, new byte[0]);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(e);
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        /** Validates a batch frame: index in range, not seen before, and exactly the expected length. */
        private int batchIndex(Frame f, int size, int recordBytes, BitSet seen, String what) {
            byte[] p = f.payload();
            if (p.length < 4) {
                throw new PeerException("a " + what + " frame from the peer is truncated");
            }
            int b = ByteBuffer.wrap(p).getInt();
            int nb = batches(size);
            if (b < 0 || b >= nb || seen.get(b)) {
                throw new PeerException("the peer sent " + what + " batch " + b + " (expected 0.." + (nb - 1) + ", each once)");
            }
            int expected = Math.min(batch, size - b * batch);
            if (p.length != 4 + expected * recordBytes) {
                throw new PeerException("the peer's " + what + " batch " + b + " has " + (p.length - 4) + " bytes, expected "
                        + expected * recordBytes);
            }
            seen.set(b);
            return b;
        }

        private void doubleMask(int b, byte[] payload) {
            if (failure.get() != null) {
                return;
            }
            try {
                int m = (payload.length - 4) / POINT;
                byte[] tags = new byte[4 + m * TAG];
                ByteBuffer.wrap(tags).putInt(b);
                BatchLadder.x25519(key, payload, 4, m, tags, 4, TAG, TAG);
                peerTags[b] = tags;
                if (peerReceives && !cfg.sizeOnly()) {
                    ch.send(Frame.TAGS, tags);
                }
                tick(m);
                peerBatchesDone.countDown();
            } catch (Throwable e) {
                fail(e);
            }
        }

        private void awaitPeerBatches() throws InterruptedException {
            while (!peerBatchesDone.await(100, TimeUnit.MILLISECONDS)) {
                rethrowFailure();
            }
            rethrowFailure();
        }

        /** PSI-cardinality: all tags of the peer's items, in a fresh random order, so they map to nothing. */
        private void sendShuffledTags() {
            byte[] all = new byte[peerN * TAG];
            for (int b = 0; b < peerTags.length; b++) {
                System.arraycopy(peerTags[b], 4, all, b * batch * TAG, peerTags[b].length - 4);
            }
            Shuffle.records(all, TAG, random);
            for (int b = 0; b < peerTags.length; b++) {
                int from = b * batch;
                int m = Math.min(batch, peerN - from);
                byte[] p = new byte[4 + m * TAG];
                ByteBuffer.wrap(p).putInt(b);
                System.arraycopy(all, from * TAG, p, 4, m * TAG);
                ch.send(Frame.TAGS, p);
            }
        }

        private PsiResult result() {
            if (!iReceive) {
                return new PsiResult(null, -1, n, peerN, ch.bytesSent(), ch.bytesReceived());
            }
            TagSet theirs = new TagSet(peerN);
            for (byte[] t : peerTags) {
                for (int off = 4; off < t.length; off += TAG) {
                    theirs.add(t, off);
                }
            }
            BitSet hits = new BitSet(n);
            long count = 0;
            for (int p = 0; p < n; p++) {
                if (theirs.contains(myTags, p * TAG)) {
                    count++;
                    if (!cfg.sizeOnly()) {
                        hits.set(order[p]);
                    }
                }
            }
            List<String> items = null;
            if (!cfg.sizeOnly()) {
                items = new ArrayList<>((int) count);
                for (int i = hits.nextSetBit(0); i >= 0; i = hits.nextSetBit(i + 1)) {
                    items.add(ids.get(i));
                }
            }
            return new PsiResult(items, count, n, peerN, ch.bytesSent(), ch.bytesReceived());
        }
    }
}
