package secplane.consortium.ledger;

import java.util.ArrayList;
import java.util.List;
import secplane.consortium.net.Frames;
import secplane.consortium.net.MemberChannels;
import secplane.consortium.note.NoteSigner;
import secplane.privacy.transport.FramedChannel;
import secplane.privacy.transport.PeerException;

/**
 * A member's {@link CaseLedger} when another member operates the log: each event is signed with this member's
 * Ed25519 key and submitted with {@code ledger.submit} (a batch in one request with {@link #appendAll}); the indexes
 * returned are of entries already on the operator's disk. An unreachable operator or a refusal is raised ({@code MemberUnreachableException}, {@code PeerException}):
 * the caller decides whether the case can go on without its ledger entry.
 */
public final class RemoteCaseLedger implements CaseLedger {
    private final MemberChannels channels;
    private final String operator;
    private final NoteSigner signer;

    public RemoteCaseLedger(MemberChannels channels, String operator, NoteSigner signer) {
        this.channels = channels;
        this.operator = operator;
        this.signer = signer;
    }

    @Override
    public long append(byte[] event) {
        return appendAll(List.of(event)).get(0);
    }

    /** The events signed and submitted in one request; the operator makes them durable together. */
    @Override
    public List<Long> appendAll(List<byte[]> events) {
        List<byte[]> entries = new ArrayList<>(events.size());
        for (byte[] e : events) {
            entries.add(SignedEntry.sign(signer, e).encode());
        }
        try (FramedChannel ch = channels.open(operator, LedgerOperator.SUBMIT)) {
            ch.send(Frames.SUBMIT, LedgerWire.bytes(out -> {
                out.writeInt(entries.size());
                for (byte[] e : entries) {
                    out.writeInt(e.length);
                    out.write(e);
                }
            }));
            byte[] answer = ch.expect(Frames.SUBMITTED, "the entries' indexes").payload();
            List<Long> indexes = LedgerWire.parse(answer, "submission answer", b -> {
                int n = b.getInt();
                if (n != entries.size()) {
                    throw new PeerException("the operator " + operator + " answered " + n + " indexes for " + entries.size() + " entries");
                }
                List<Long> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    long index = b.getLong();
                    if (index < 0 || (i > 0 && index <= out.get(i - 1))) {
                        throw new PeerException("the operator " + operator + " answered indexes out of order: " + index);
                    }
                    out.add(index);
                }
                return out;
            });
            return indexes;
        }
    }
}
