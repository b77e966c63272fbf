package secplane.consortium.signals;

import java.util.ArrayList;
import java.util.List;
import secplane.consortium.net.WireCodec;
import secplane.privacy.sum.ExponentialElGamal;
import secplane.privacy.transport.PeerException;

/** Payloads of the signal frames; anything malformed is a {@link PeerException} naming what was wrong. */
final class SignalWire {
    static final int POINT = 32;
    static final int CT = ExponentialElGamal.CIPHERTEXT_BYTES;
    /** One row: a blinded account, Enc(flag count), Enc(reported amount). */
    static final int ROW = POINT + 2 * CT;
    /** Most accounts per query and flagged accounts per member: one frame each (16 MiB / 164-byte rows). */
    static final int MAX_ITEMS = 100_000;

    private SignalWire() {
    }

    record Query(String queryId, List<String> participants, byte[] points) {
        int count() {
            return points.length / POINT;
        }
    }

    static byte[] query(Query q) {
        return write(d -> {
            d.writeUTF(q.queryId());
            d.writeShort(q.participants().size());
            for (String p : q.participants()) {
                d.writeUTF(p);
            }
            d.writeInt(q.count());
            d.write(q.points());
        });
    }

    static Query query(byte[] b) {
        return read(b, "query", d -> {
            String id = d.readUTF();
            int np = d.readUnsignedShort();
            List<String> ps = new ArrayList<>();
            for (int i = 0; i < np; i++) {
                ps.add(d.readUTF());
            }
            int n = d.readInt();
            if (n < 1 || n > MAX_ITEMS) {
                throw new PeerException("a signal query must ask about 1 to " + MAX_ITEMS + " accounts, not " + n);
            }
            byte[] pts = new byte[n * POINT];
            d.readFully(pts);
            return new Query(id, ps, pts);
        });
    }

    record Rows(byte[] publicKey, byte[] rows) {
        int count() {
            return rows.length / ROW;
        }
    }

    static byte[] rows(Rows r) {
        return write(d -> {
            d.write(r.publicKey());
            d.writeInt(r.count());
            d.write(r.rows());
        });
    }

    static Rows rows(byte[] b, boolean withKey) {
        return read(b, "rows", d -> {
            byte[] key = new byte[withKey ? ExponentialElGamal.POINT_BYTES : 0];
            d.readFully(key);
            int n = d.readInt();
            if (n < 0 || n > MAX_ITEMS) {
                throw new PeerException("a row list must hold 0 to " + MAX_ITEMS + " rows, not " + n);
            }
            byte[] rows = new byte[n * ROW];
            d.readFully(rows);
            return new Rows(key, rows);
        });
    }

    static byte[] masked(long count, long amount) {
        return write(d -> {
            d.writeLong(count);
            d.writeLong(amount);
        });
    }

    static long[] masked(byte[] b) {
        return read(b, "masked totals", d -> new long[] {d.readLong(), d.readLong()});
    }

    static byte[] seed(String queryId, String querier, byte[] seed) {
        return write(d -> {
            d.writeUTF(queryId);
            d.writeUTF(querier);
            d.write(seed);
        });
    }

    record Seed(String queryId, String querier, byte[] seed) {
    }

    static Seed seed(byte[] b) {
        return read(b, "mask seed", d -> {
            String q = d.readUTF();
            String querier = d.readUTF();
            byte[] s = new byte[32];
            d.readFully(s);
            return new Seed(q, querier, s);
        });
    }

    private static byte[] write(WireCodec.Writer w) {
        return WireCodec.write(w);
    }

    private static <T> T read(byte[] b, String what, WireCodec.Reader<T> r) {
        return WireCodec.read(b, what, r, m -> new PeerException("malformed " + m));
    }
}
