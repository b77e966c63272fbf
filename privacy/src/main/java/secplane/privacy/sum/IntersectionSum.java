package secplane.privacy.sum;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.bouncycastle.math.ec.ECPoint;
import secplane.privacy.curve.BatchLadder;
import secplane.privacy.curve.HashToCurve;
import secplane.privacy.curve.Scalars;
import secplane.privacy.psi.ProgressListener;
import secplane.privacy.psi.Ranges;
import secplane.privacy.psi.Shuffle;
import secplane.privacy.psi.TagSet;
import secplane.privacy.transport.Frame;
import secplane.privacy.transport.FramedChannel;
import secplane.privacy.transport.Handshake;
import secplane.privacy.transport.Hello;
import secplane.privacy.transport.PeerException;
import secplane.privacy.transport.Role;

/**
 * Private intersection-sum in the shape of Google's Private Join and Compute (Ion et al., EuroS&P
 * 2020): DDH double masking for the identifiers, additively homomorphic encryption for the values.
 * The <em>learner</em> (identifiers only) learns the sum of the <em>holder</em>'s values over the
 * intersection and its size; the holder learns nothing but the learner's set size.
 *
 * <p>Unlike PJC, where the value holder owns the decryption key and learns the sum, the values here
 * are encrypted under a key split between both parties ({@link ExponentialElGamal}): the learner,
 * who matches, cannot decrypt a single value; the holder decrypts only its share of one re-randomised
 * sum ciphertext that it cannot link to its rows.
 * <ol>
 *   <li>hello: both send their ElGamal public key shares; joint key Y = Y_L + Y_H;</li>
 *   <li>learner → holder: H(x)^a for each x, shuffled;</li>
 *   <li>holder → learner: tags of H(x)^(ab), shuffled (the learner can count matches, not link
 *       them); and, shuffled, pairs (H(y)^b, Enc_Y(t_y));</li>
 *   <li>learner: tags of H(y)^(ba), adds the ciphertexts whose tag is among its tags, re-randomises,
 *       sends the sum ciphertext (C1, C2);</li>
 *   <li>holder: sends x_H·C1; learner: m·G = C2 − x_H·C1 − x_L·C1, m by baby-step giant-step.</li>
 * </ol>
 */
public final class IntersectionSum {
    public static final String DST = "secplane-sum-v1-with-" + HashToCurve.SUITE;
    private static final HashToCurve HASH = new HashToCurve(DST);
    private static final int POINT = 32;
    private static final int TAG = TagSet.TAG_BYTES;
    private static final int PAIR = POINT + ExponentialElGamal.CIPHERTEXT_BYTES;
    private final ExecutorService pool;
    private final int workers;
    private final SecureRandom random = new SecureRandom();

    public IntersectionSum(ExecutorService pool, int workers) {
        this.pool = pool;
        this.workers = workers;
    }

    private Hello hello(FramedChannel ch, Role role, Role learner, String normalisation, int size, ExponentialElGamal.KeyShare share, int batch) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("suite", DST);
        s.put("he", "exp-elgamal-secp256r1-2of2");
        s.put("normalisation", normalisation);
        s.put("learner", learner.id());
        s.put("batch", Integer.toString(batch));
        s.put("size", Integer.toString(size));
        s.put("key-share", HexFormat.of().formatHex(share.encodedPublic()));
        Map<String, String> agree = new LinkedHashMap<>();
        agree.put("suite", "run the same secplane release on both sides");
        agree.put("he", "run the same secplane release on both sides");
        agree.put("normalisation", "both parties must give the same normalisations, in the same column order (--column NAME:KIND)");
        agree.put("learner", "both parties must name the same party with --sum-to");
        agree.put("batch", "both parties must use the same --batch");
        return Handshake.exchange(ch, Hello.of("intersection-sum", role.id(), s), agree);
    }

    private static ECPoint peerShare(Hello peer) {
        try {
            return ExponentialElGamal.point(HexFormat.of().parseHex(peer.get("key-share")), 0);
        } catch (IllegalArgumentException e) {
            throw new PeerException("the peer's key share is not a valid point: " + e.getMessage());
        }
    }

    private static int peerSize(Hello peer) {
        try {
            return Integer.parseInt(peer.get("size"));
        } catch (NumberFormatException e) {
            throw new PeerException("the peer sent no valid set size");
        }
    }

    /** The party with identifiers only: learns the intersection sum and size. */
    public SumResult learn(FramedChannel ch, Role role, List<String> ids, String normalisation, int batch, ProgressListener progress) {
        ExponentialElGamal.KeyShare share = ExponentialElGamal.KeyShare.generate(random);
        Hello peer = hello(ch, role, role, normalisation, ids.size(), share, batch);
        int m = peerSize(peer);
        ECPoint joint = ExponentialElGamal.jointKey(share.publicPoint(), peerShare(peer));
        byte[] key = Scalars.randomClamped(random);
        int n = ids.size();
        int[] order = Shuffle.permutation(n, random);
        // 2. send own points (a sender thread: the holder streams to us at the same time)
        Thread sender = new Thread(() -> {
            try {
                for (int from = 0; from < n; from += batch) {
                    int to = Math.min(n, from + batch);
                    byte[] p = new byte[(to - from) * POINT];
                    int f0 = from;
                    parallel(to - from, (lo, hi) -> {
                        HASH.hashAndMultiply(ids, order, f0 + lo, f0 + hi, key, p, lo * POINT, POINT);
                    });
                    ch.send(Frame.POINTS, p);
                }
                ch.send(Frame.POINTS_DONE, new byte[0]);
            } catch (RuntimeException e) {
                ch.close();
            }
        }, "sum-sender");
        sender.setDaemon(true);
        sender.start();
        // 3. receive the tags of our points (shuffled) and the holder's pairs
        TagSet mine = new TagSet(n);
        List<byte[]> pairs = new ArrayList<>();
        boolean tagsDone = false;
        boolean pairsDone = false;
        long tagsIn = 0;
        long pairsIn = 0;
        while (!(tagsDone && pairsDone)) {
            Frame f = ch.receive();
            switch (f.type()) {
                case Frame.TAGS -> {
                    if (f.payload().length % TAG != 0) {
                        throw new PeerException("malformed tag batch from the peer");
                    }
                    for (int off = 0; off < f.payload().length; off += TAG) {
                        mine.add(f.payload(), off);
                    }
                    tagsIn += f.payload().length / TAG;
                }
                case Frame.TAGS_DONE -> tagsDone = true;
                case Frame.CIPHERTEXTS -> {
                    if (f.payload().length == 0) {
                        pairsDone = true;
                    } else if (f.payload().length % PAIR != 0) {
                        throw new PeerException("malformed ciphertext batch from the peer");
                    } else {
                        pairs.add(f.payload());
                        pairsIn += f.payload().length / PAIR;
                        progress.progress("receiving values", pairsIn, m);
                    }
                }
                default -> throw new PeerException("unexpected frame type " + f.type() + " from the peer");
            }
        }
        if (tagsIn != n || pairsIn != m) {
            throw new PeerException("the peer sent " + tagsIn + " tags and " + pairsIn + " values; expected " + n + " and " + m);
        }
        // 4. match and add, per worker, then combine
        List<ExponentialElGamal.Ciphertext> partial = new ArrayList<>();
        long[] counts = new long[1];
        List<Future<Object[]>> fs = new ArrayList<>();
        for (byte[] batchBytes : pairs) {
            fs.add(pool.submit(() -> {
                ExponentialElGamal.Ciphertext acc = null;
                long c = 0;
                int count = batchBytes.length / PAIR;
                byte[] pts = new byte[count * POINT];
                for (int j = 0; j < count; j++) {
                    System.arraycopy(batchBytes, j * PAIR, pts, j * POINT, POINT);
                }
                byte[] t = new byte[count * POINT];
                BatchLadder.x25519(key, pts, 0, count, t, 0, POINT, POINT);
                for (int off = 0; off < batchBytes.length; off += PAIR) {
                    if (mine.contains(t, off / PAIR * POINT)) {
                        ExponentialElGamal.Ciphertext ct = ExponentialElGamal.Ciphertext.decode(batchBytes, off + POINT);
                        acc = acc == null ? ct : acc.add(ct);
                        c++;
                    }
                }
                return new Object[] {acc, c};
            }));
        }
        try {
            for (Future<Object[]> f : fs) {
                Object[] r = f.get();
                if (r[0] != null) {
                    partial.add((ExponentialElGamal.Ciphertext) r[0]);
                }
                counts[0] += (Long) r[1];
            }
            sender.join();
        } catch (ExecutionException e) {
            throw new IllegalStateException("matching failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException("interrupted");
        }
        ExponentialElGamal.Ciphertext sum = ExponentialElGamal.encrypt(0, joint, random); // fresh randomness: unlinkable
        for (ExponentialElGamal.Ciphertext c : partial) {
            sum = sum.add(c);
        }
        byte[] out = new byte[ExponentialElGamal.CIPHERTEXT_BYTES];
        sum.encode(out, 0);
        ch.send(Frame.SUM, out);
        // 5. the holder's partial decryption
        Frame d = ch.expect(Frame.SUM, "the peer's partial decryption");
        if (d.payload().length != ExponentialElGamal.POINT_BYTES) {
            throw new PeerException("malformed partial decryption from the peer");
        }
        ExponentialElGamal.Ciphertext c = ExponentialElGamal.Ciphertext.decode(out, 0);
        ECPoint mG = ExponentialElGamal.combine(c, ExponentialElGamal.point(d.payload(), 0), share.partialDecrypt(c.c1()));
        long value = BabyStepGiantStep.get().solve(mG);
        ch.send(Frame.FINISHED, new byte[0]);
        ch.expect(Frame.FINISHED, "the end of the run");
        if (value < 0) {
            throw new IllegalStateException("the intersection sum is not below " + BabyStepGiantStep.BOUND
                    + " (the decryption range of exponential ElGamal); scale the values down (e.g. whole yuan instead of cents)");
        }
        return new SumResult(value, counts[0], n, m, ch.bytesSent(), ch.bytesReceived());
    }

    /** The party with identifiers and values: learns only the learner's set size. */
    public SumResult hold(FramedChannel ch, Role role, List<String> ids, long[] values, String normalisation, int batch, ProgressListener progress) {
        if (values == null || values.length != ids.size()) {
            throw new IllegalArgumentException("intersection-sum needs one value per identifier (--value-column)");
        }
        ExponentialElGamal.KeyShare share = ExponentialElGamal.KeyShare.generate(random);
        Role learner = role == Role.SERVER ? Role.JOINER : Role.SERVER;
        Hello peer = hello(ch, role, learner, normalisation, ids.size(), share, batch);
        int n = peerSize(peer);
        ECPoint joint = ExponentialElGamal.jointKey(share.publicPoint(), peerShare(peer));
        byte[] key = Scalars.randomClamped(random);
        int m = ids.size();
        int[] order = Shuffle.permutation(m, random);
        Thread sender = new Thread(() -> {
            try {
                for (int from = 0; from < m; from += batch) {
                    int to = Math.min(m, from + batch);
                    byte[] p = new byte[(to - from) * PAIR];
                    int f0 = from;
                    parallel(to - from, (lo, hi) -> {
                        HASH.hashAndMultiply(ids, order, f0 + lo, f0 + hi, key, p, lo * PAIR, PAIR);
                        for (int j = lo; j < hi; j++) {
                            ExponentialElGamal.encrypt(values[order[f0 + j]], joint, random).encode(p, j * PAIR + POINT);
                        }
                    });
                    ch.send(Frame.CIPHERTEXTS, p);
                    progress.progress("encrypting values", to, m);
                }
                ch.send(Frame.CIPHERTEXTS, new byte[0]);
            } catch (RuntimeException e) {
                ch.close();
            }
        }, "sum-sender");
        sender.setDaemon(true);
        sender.start();
        byte[] tags = new byte[n * TAG];
        int got = 0;
        List<Future<?>> fs = new ArrayList<>();
        while (true) {
            Frame f = ch.receive();
            if (f.type() == Frame.POINTS_DONE) {
                break;
            }
            if (f.type() != Frame.POINTS || f.payload().length % POINT != 0 || got + f.payload().length / POINT > n) {
                throw new PeerException("expected the peer's masked points, got a malformed frame of type " + f.type());
            }
            int base = got;
            byte[] pts = f.payload();
            got += pts.length / POINT;
            fs.add(pool.submit(() -> {
                BatchLadder.x25519(key, pts, 0, pts.length / POINT, tags, base * TAG, TAG, TAG);
            }));
        }
        if (got != n) {
            throw new PeerException("the peer announced " + n + " identifiers but sent " + got);
        }
        try {
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException("interrupted");
        }
        Shuffle.records(tags, TAG, random); // the learner may count matches, never link them to its rows
        for (int off = 0; off < tags.length; off += batch * TAG) {
            int len = Math.min(batch * TAG, tags.length - off);
            ch.send(Frame.TAGS, java.util.Arrays.copyOfRange(tags, off, off + len));
        }
        ch.send(Frame.TAGS_DONE, new byte[0]);
        Frame s = ch.expect(Frame.SUM, "the encrypted sum");
        if (s.payload().length != ExponentialElGamal.CIPHERTEXT_BYTES) {
            throw new PeerException("malformed encrypted sum from the peer");
        }
        ExponentialElGamal.Ciphertext c = ExponentialElGamal.Ciphertext.decode(s.payload(), 0);
        ch.send(Frame.SUM, share.partialDecrypt(c.c1()).getEncoded(true));
        try {
            sender.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ch.expect(Frame.FINISHED, "the end of the run");
        ch.send(Frame.FINISHED, new byte[0]);
        return new SumResult(-1, -1, m, n, ch.bytesSent(), ch.bytesReceived());
    }

    /** Splits [0, m) over the workers and waits. */
    private void parallel(int m, Ranges.Range r) {
        Ranges.parallel(pool, workers, m, r);
    }
}
