package secplane.consortium.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import secplane.consortium.net.ChannelService;
import secplane.consortium.net.Frames;
import secplane.consortium.note.Checkpoint;
import secplane.consortium.note.SignedNote;
import secplane.consortium.witness.Witness;
import secplane.consortium.witness.WitnessRefusal;
import secplane.privacy.transport.FramedChannel;
import secplane.privacy.transport.PeerException;

/**
 * {@code ledger.cosign} on a member that witnesses the ledger: tells the operator the size it cosigned last, then
 * cosigns the checkpoint it is sent if {@link Witness} accepts it (signed by the operator, consistent with what it
 * cosigned before). A refusal is sent back as an ERROR naming the reason (e.g. FORK) and logged here.
 */
public final class WitnessService implements ChannelService {
    private final Witness witness;
    private final String operator;
    private final Consumer<String> log;

    /** @param operator the member allowed to ask: the ledger's operator */
    public WitnessService(Witness witness, String operator, Consumer<String> log) {
        this.witness = witness;
        this.operator = operator;
        this.log = log;
    }

    @Override
    public String kind() {
        return LedgerOperator.COSIGN;
    }

    @Override
    public void serve(FramedChannel channel, String peer) {
        if (!peer.equals(operator)) {
            throw new PeerException("only the ledger's operator " + operator + " asks for cosignatures, not " + peer);
        }
        String origin = new String(channel.expect(Frames.WITNESS_STATE, "the log's origin").payload(), StandardCharsets.UTF_8);
        long last = witness.lastCosigned(origin).map(Checkpoint::size).orElse(0L);
        channel.send(Frames.WITNESS_STATE, ByteBuffer.allocate(8).putLong(last).array());
        byte[] req = channel.expect(Frames.COSIGN, "a checkpoint to cosign").payload();
        record Request(String note, List<byte[]> proof) {
        }
        Request r = LedgerWire.parse(req, "cosign request", b -> new Request(LedgerWire.readText(b), LedgerWire.readHashes(b)));
        SignedNote cosigned;
        try {
            cosigned = witness.cosign(SignedNote.parse(r.note()), r.proof());
        } catch (WitnessRefusal e) {
            log.accept("ledger: refused to cosign for " + peer + ": " + e.reason() + ": " + e.getMessage());
            throw new IllegalStateException("witness refused (" + e.reason() + "): " + e.getMessage(), e);
        }
        channel.sendText(Frames.COSIGNED, cosigned.format());
    }
}
