package secplane.consortium.trace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import secplane.consortium.data.Transfer;
import secplane.consortium.net.WireCodec;

/**
 * Binary payloads of the trace frames (big-endian, strings as Java modified UTF-8 with a 16-bit length, instants as
 * epoch milliseconds). Decoding checks lengths and counts and throws {@link MalformedAnswerException} for anything
 * else, so a confused or hostile peer's answer is rejected whole.
 */
final class TraceWire {
    /** Most transfers one onward answer may carry. */
    static final int MAX_TRANSFERS = 10_000;

    private TraceWire() {
    }

    record OnwardRequest(String caseId, String account, Instant from, Instant to, int limit) {
    }

    record OnwardAnswer(boolean held, List<Transfer> transfers) {
    }

    static byte[] onwardRequest(OnwardRequest r) {
        return write(d -> {
            d.writeUTF(r.caseId());
            d.writeUTF(r.account());
            d.writeLong(r.from().toEpochMilli());
            d.writeLong(r.to().toEpochMilli());
            d.writeInt(r.limit());
        });
    }

    static OnwardRequest onwardRequest(byte[] b) {
        return read(b, "onward request", d -> {
            OnwardRequest r = new OnwardRequest(d.readUTF(), d.readUTF(), Instant.ofEpochMilli(d.readLong()), Instant.ofEpochMilli(d.readLong()), d.readInt());
            if (r.limit() < 1 || r.limit() > MAX_TRANSFERS) {
                throw new MalformedAnswerException("limit " + r.limit() + " outside 1.." + MAX_TRANSFERS);
            }
            return r;
        });
    }

    static byte[] onwardAnswer(OnwardAnswer a) {
        return write(d -> {
            d.writeBoolean(a.held());
            d.writeInt(a.transfers().size());
            for (Transfer t : a.transfers()) {
                d.writeUTF(t.id());
                d.writeUTF(t.fromAccount());
                d.writeUTF(t.toMember() == null ? "" : t.toMember());
                d.writeUTF(t.toAccount());
                d.writeLong(t.amount());
                d.writeLong(t.time().toEpochMilli());
            }
        });
    }

    static OnwardAnswer onwardAnswer(byte[] b) {
        return read(b, "onward answer", d -> {
            boolean held = d.readBoolean();
            int n = d.readInt();
            if (n < 0 || n > MAX_TRANSFERS) {
                throw new MalformedAnswerException("it announces " + n + " transfers (limit " + MAX_TRANSFERS + ")");
            }
            List<Transfer> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String id = d.readUTF();
                String from = d.readUTF();
                String toMember = d.readUTF();
                String to = d.readUTF();
                long amount = d.readLong();
                long at = d.readLong();
                try {
                    out.add(new Transfer(id, from, toMember, to, amount, Instant.ofEpochMilli(at)));
                } catch (IllegalArgumentException e) {
                    throw new MalformedAnswerException("transfer " + i + ": " + e.getMessage());
                }
            }
            return new OnwardAnswer(held, out);
        });
    }

    static byte[] freezeRequest(FreezeRequest r) {
        return write(d -> {
            d.writeUTF(r.caseId());
            d.writeUTF(r.account());
            d.writeLong(r.arrived().toEpochMilli());
            d.writeLong(r.amountIn());
            d.writeLong(r.windowFrom().toEpochMilli());
            d.writeLong(r.windowTo().toEpochMilli());
            d.writeInt(r.depth());
        });
    }

    static FreezeRequest freezeRequest(byte[] b) {
        return read(b, "freeze request", d -> new FreezeRequest(d.readUTF(), d.readUTF(), Instant.ofEpochMilli(d.readLong()), d.readLong(),
                Instant.ofEpochMilli(d.readLong()), Instant.ofEpochMilli(d.readLong()), d.readInt()));
    }

    static byte[] freezeAnswer(FreezeDecision a) {
        return write(d -> {
            d.writeBoolean(a.accepted());
            d.writeUTF(a.reason());
        });
    }

    static FreezeDecision freezeAnswer(byte[] b) {
        return read(b, "freeze answer", d -> new FreezeDecision(d.readBoolean(), d.readUTF()));
    }

    private static byte[] write(WireCodec.Writer w) {
        return WireCodec.write(w);
    }

    private static <T> T read(byte[] b, String what, WireCodec.Reader<T> r) {
        return WireCodec.read(b, what, r, MalformedAnswerException::new);
    }
}
