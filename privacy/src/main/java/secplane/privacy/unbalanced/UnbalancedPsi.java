package secplane.privacy.unbalanced;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import secplane.privacy.curve.MontgomeryLadder;
import secplane.privacy.curve.Scalars;
import secplane.privacy.psi.ProgressListener;
import secplane.privacy.psi.Ranges;
import secplane.privacy.transport.Frame;
import secplane.privacy.transport.FramedChannel;
import secplane.privacy.transport.Handshake;
import secplane.privacy.transport.Hello;
import secplane.privacy.transport.PeerException;
import secplane.privacy.transport.Role;

/**
 * Unbalanced PSI for blacklist lookups (the "prepare once, query online" shape of Kales et al.,
 * USENIX Security 2019, with the 2HashDH OPRF):
 * <ul>
 *   <li>offline, the large party (the server) evaluates F_k on its items and prepares the sorted
 *       tag file ({@link PreparedSet}); the small party downloads it once and keeps it, keyed by the
 *       key's fingerprint;</li>
 *   <li>online, the small party sends [r]·[8]H(x) for each item with a fresh r (uniformly random in
 *       the prime-order group, so the server learns nothing but how many), the server returns
 *       [k][r][8]H(x), the small party multiplies by r^-1 mod ℓ to get F_k(x) and looks it up
 *       locally.</li>
 * </ul>
 * The large party always serves; the querier always joins.
 */
public final class UnbalancedPsi {
    private static final int POINT = 32;
    private static final int CHUNK = 8 << 20;
    private static final int QUERY_BATCH = 128;
    private final ExecutorService pool;
    private final int workers;
    private final SecureRandom random = new SecureRandom();

    public UnbalancedPsi(ExecutorService pool, int workers) {
        this.pool = pool;
        this.workers = workers;
    }

    private static Map<String, String> agree() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("suite", "run the same secplane release on both sides");
        a.put("normalisation", "both parties must give the same normalisations, in the same column order (--column NAME:KIND)");
        return a;
    }

    private static Map<String, String> settings(String normalisation) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("suite", OprfKey.DST);
        s.put("normalisation", normalisation);
        return s;
    }

    /** The large party: ships the prepared set if the querier lacks it, then answers the queries. */
    public UnbalancedResult serve(FramedChannel ch, OprfKey key, PreparedSet prepared, String normalisation, int batch) {
        if (!prepared.fingerprint().equals(key.fingerprint())) {
            throw new IllegalArgumentException(prepared.file() + " was prepared with another key than the one given; prepare it again");
        }
        Map<String, String> s = settings(normalisation);
        s.put("table", prepared.fingerprint());
        s.put("table-size", Long.toString(prepared.count()));
        Hello peer = Handshake.exchange(ch, Hello.of("unbalanced", Role.SERVER.id(), s), agree());
        long queries = parse(peer.get("queries"), "query count");
        long t0 = System.nanoTime();
        boolean ship = !prepared.fingerprint().equals(peer.get("table"));
        if (ship) {
            try (OutputStream out = new ChunkStream(ch)) {
                prepared.copyTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ch.send(Frame.TABLE, new byte[0]);
        }
        long t1 = System.nanoTime();
        long answered = 0;
        while (true) {
            Frame f = ch.receive();
            if (f.type() == Frame.POINTS_DONE) {
                break;
            }
            if (f.type() != Frame.QUERY || (f.payload().length - 4) % POINT != 0) {
                throw new PeerException("expected a query batch from the peer, got frame type " + f.type());
            }
            byte[] q = f.payload();
            int m = (q.length - 4) / POINT;
            answered += m;
            if (answered > queries) {
                throw new PeerException("the peer sent more queries than the " + queries + " it announced");
            }
            byte[] a = new byte[q.length];
            System.arraycopy(q, 0, a, 0, 4);
            parallel(m, (from, to) -> {
                for (int j = from; j < to; j++) {
                    key.evaluateBlinded(q, 4 + j * POINT, a, 4 + j * POINT);
                }
            });
            ch.send(Frame.ANSWER, a);
        }
        if (answered != queries) {
            throw new PeerException("the peer announced " + queries + " queries but sent " + answered);
        }
        ch.send(Frame.FINISHED, new byte[0]);
        ch.expect(Frame.FINISHED, "the end of the run");
        return new UnbalancedResult(null, queries, prepared.count(), ship, t1 - t0, System.nanoTime() - t1, ch.bytesSent(), ch.bytesReceived());
    }

    /**
     * The querier: downloads the prepared set to {@code tableCache} unless the cached one matches the
     * server's key, then looks its items up obliviously.
     */
    public UnbalancedResult query(FramedChannel ch, List<String> items, Path tableCache, String normalisation, int requestedBatch,
            ProgressListener progress) {
        String cached = "none";
        if (Files.exists(tableCache)) {
            try (PreparedSet p = PreparedSet.open(tableCache)) {
                cached = p.fingerprint();
            } catch (IllegalArgumentException e) {
                cached = "none"; // unreadable cache: download again
            }
        }
        Map<String, String> s = settings(normalisation);
        s.put("table", cached);
        s.put("queries", Integer.toString(items.size()));
        Hello peer = Handshake.exchange(ch, Hello.of("unbalanced", Role.JOINER.id(), s), agree());
        long t0 = System.nanoTime();
        boolean download = !cached.equals(peer.get("table"));
        if (download) {
            receiveTable(ch, tableCache, parse(peer.get("table-size"), "table size"), progress);
        }
        long t1 = System.nanoTime();
        try (PreparedSet table = PreparedSet.open(tableCache)) {
            if (!table.fingerprint().equals(peer.get("table"))) {
                throw new PeerException("the prepared set received does not match the server's key");
            }
            // small query batches pipeline the work: this side blinds batch b+1 while the server
            // evaluates batch b and this side unblinds batch b-1
            int batch = Math.min(requestedBatch, QUERY_BATCH);
            int n = items.size();
            int nb = (n + batch - 1) / batch;
            byte[][] inverses = new byte[nb][];
            Thread sender = new Thread(() -> {
                try {
                    for (int b = 0; b < nb; b++) {
                        int from = b * batch;
                        int m = Math.min(batch, n - from);
                        byte[] q = new byte[4 + m * POINT];
                        byte[] inv = new byte[m * POINT];
                        ByteBuffer.wrap(q).putInt(b);
                        parallel(m, (lo, hi) -> {
                            for (int j = lo; j < hi; j++) {
                                byte[] p = OprfKey.inputPoint(items.get(from + j).getBytes(StandardCharsets.UTF_8));
                                BigInteger r = Scalars.randomModOrder(random);
                                MontgomeryLadder.scalarMult(Scalars.toLittleEndian(r), p, 0, q, 4 + j * POINT);
                                System.arraycopy(Scalars.toLittleEndian(r.modInverse(Scalars.ORDER)), 0, inv, j * POINT, POINT);
                            }
                        });
                        synchronized (inverses) {
                            inverses[b] = inv;
                        }
                        ch.send(Frame.QUERY, q);
                    }
                    ch.send(Frame.POINTS_DONE, new byte[0]);
                } catch (RuntimeException e) {
                    ch.close();
                }
            }, "oprf-sender");
            sender.setDaemon(true);
            sender.start();
            BitSet hits = new BitSet(n);
            BitSet seen = new BitSet(nb);
            for (int got = 0; got < nb; got++) {
                Frame f = ch.expect(Frame.ANSWER, "an answer batch");
                byte[] a = f.payload();
                int b = a.length >= 4 ? ByteBuffer.wrap(a).getInt() : -1;
                if (b < 0 || b >= nb || seen.get(b) || a.length != 4 + Math.min(batch, n - b * batch) * POINT) {
                    throw new PeerException("the peer sent a malformed answer batch " + b);
                }
                seen.set(b);
                byte[] inv;
                synchronized (inverses) {
                    inv = inverses[b];
                }
                int from = b * batch;
                int m = (a.length - 4) / POINT;
                parallel(m, (lo, hi) -> {
                    byte[] r = new byte[POINT];
                    byte[] u = new byte[POINT];
                    for (int j = lo; j < hi; j++) {
                        System.arraycopy(inv, j * POINT, r, 0, POINT);
                        MontgomeryLadder.scalarMult(r, a, 4 + j * POINT, u, 0);
                        if (table.contains(OprfKey.tag(u))) {
                            synchronized (hits) {
                                hits.set(from + j);
                            }
                        }
                    }
                });
                progress.progress("querying", Math.min(n, (long) (got + 1) * batch), n);
            }
            sender.join();
            ch.send(Frame.FINISHED, new byte[0]);
            ch.expect(Frame.FINISHED, "the end of the run");
            List<String> listed = new ArrayList<>();
            for (int i = hits.nextSetBit(0); i >= 0; i = hits.nextSetBit(i + 1)) {
                listed.add(items.get(i));
            }
            return new UnbalancedResult(listed, n, table.count(), download, t1 - t0, System.nanoTime() - t1, ch.bytesSent(), ch.bytesReceived());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException("interrupted");
        }
    }

    private void receiveTable(FramedChannel ch, Path tableCache, long size, ProgressListener progress) {
        Path tmp = tableCache.toAbsolutePath().resolveSibling("." + tableCache.getFileName() + ".partial");
        long got = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            while (true) {
                Frame f = ch.expect(Frame.TABLE, "the prepared set");
                if (f.payload().length == 0) {
                    break;
                }
                out.write(f.payload());
                got += f.payload().length;
                progress.progress("downloading the prepared set", got, size * 8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp, e);
        } catch (RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // partial download keeps its .partial name
            }
            throw e;
        }
        PreparedSet.moveIntoPlace(tmp, tableCache);
    }

    private static long parse(String v, String what) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new PeerException("the peer sent no valid " + what);
        }
    }

    /** Splits [0, m) over the workers and waits. */
    private void parallel(int m, Ranges.Range r) {
        Ranges.parallel(pool, workers, m, r);
    }

    /** Cuts a byte stream into TABLE frames. */
    private static final class ChunkStream extends OutputStream {
        private final FramedChannel ch;
        private final byte[] buf = new byte[CHUNK];
        private int n;

        ChunkStream(FramedChannel ch) {
            this.ch = ch;
        }

        @Override
        public void write(int b) {
            buf[n++] = (byte) b;
            if (n == buf.length) {
                flush();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                int k = Math.min(len, buf.length - n);
                System.arraycopy(b, off, buf, n, k);
                n += k;
                off += k;
                len -= k;
                if (n == buf.length) {
                    flush();
                }
            }
        }

        @Override
        public void flush() {
            if (n > 0) {
                ch.send(Frame.TABLE, buf, 0, n);
                n = 0;
            }
        }

        @Override
        public void close() {
            flush();
        }
    }
}
