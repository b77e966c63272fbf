package secplane.consortium.ledger;

import java.nio.ByteBuffer;
import secplane.consortium.net.Frames;
import secplane.consortium.net.MemberChannels;
import secplane.consortium.note.NoteSigner;
import secplane.privacy.transport.FramedChannel;
import secplane.privacy.transport.PeerException;

/**
 * A member's {@link CaseLedger} when another member operates the log: each event is signed with this member's
 * Ed25519 key and submitted with {@code ledger.submit}; the index returned is of an entry already on the operator's
 * disk. An unreachable operator or a refusal is raised ({@code MemberUnreachableException}, {@code PeerException}):
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
        byte[] entry = SignedEntry.sign(signer, event).encode();
        try (FramedChannel ch = channels.open(operator, LedgerOperator.SUBMIT)) {
            ch.send(Frames.SUBMIT, entry);
            byte[] answer = ch.expect(Frames.SUBMITTED, "the entry's index").payload();
            long index = LedgerWire.parse(answer, "submission answer", ByteBuffer::getLong);
            if (index < 0) {
                throw new PeerException("the operator " + operator + " answered a negative index " + index);
            }
            return index;
        }
    }
}
