package secplane.consortium.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import secplane.consortium.log.FsyncPolicy;
import secplane.consortium.log.MerkleHash;
import secplane.consortium.log.MerkleLog;
import secplane.consortium.log.MerkleProofs;
import secplane.consortium.net.Frames;
import secplane.consortium.net.MemberChannels;
import secplane.consortium.note.Checkpoint;
import secplane.consortium.note.NoteVerifier;
import secplane.consortium.note.SignedNote;
import secplane.consortium.note.VerifierKey;
import secplane.consortium.witness.CosignatureV1;
import secplane.privacy.transport.FramedChannel;
import secplane.privacy.transport.PeerException;

/**
 * A member's view of the operator's ledger over {@code ledger.fetch}: checkpoints, entries and proofs, each checked
 * here against the operator's key before it is believed; and a full copy in the ledger's directory layout, so that
 * {@code secplane ledger verify} (the {@link LedgerVerifier}) can check what the operator served.
 */
public final class LedgerFetcher implements AutoCloseable {
    private final FramedChannel ch;
    private final String operator;

    private LedgerFetcher(FramedChannel ch, String operator) {
        this.ch = ch;
        this.operator = operator;
    }

    public static LedgerFetcher open(MemberChannels channels, String operator) {
        return new LedgerFetcher(channels.open(operator, LedgerOperator.FETCH), operator);
    }

    /** An entry, the checkpoint it was proven against, the proof, and the witnesses whose cosignatures verified. */
    public record Inclusion(long index, byte[] entry, Checkpoint checkpoint, List<byte[]> proof, List<String> cosignedBy) {
    }

    private byte[] ask(byte op, LedgerWire.Body args) {
        ch.send(Frames.FETCH, LedgerWire.bytes(out -> {
            out.writeByte(op);
            args.write(out);
        }));
        return ch.expect(Frames.FETCHED, "a fetch answer").payload();
    }

    /** The latest checkpoint (cosigned by the quorum, if {@code cosigned}), its operator signature verified. */
    public Optional<SignedNote> latest(boolean cosigned, VerifierKey operatorKey) {
        String text = new String(ask(cosigned ? LedgerWire.LATEST_COSIGNED : LedgerWire.LATEST, out -> { }), StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        SignedNote n = SignedNote.parse(text);
        if (!NoteVerifier.isSignedBy(n, operatorKey)) {
            throw new PeerException("the operator " + operator + " served a checkpoint not signed by its key " + operatorKey.name());
        }
        return Optional.of(n);
    }

    public List<byte[]> entries(long from, int count) {
        byte[] a = ask(LedgerWire.ENTRIES, out -> {
            out.writeLong(from);
            out.writeInt(count);
        });
        return LedgerWire.parse(a, "entries", b -> {
            int n = b.getInt();
            List<byte[]> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(LedgerWire.readBytes(b));
            }
            return out;
        });
    }

    /**
     * Fetches entry {@code index} and its RFC 9162 §2.1.3 inclusion proof in the tree of {@code checkpoint}, and
     * verifies both against the checkpoint's root; the checkpoint's cosignatures are checked with {@code witnesses}.
     */
    public Inclusion proveInclusion(long index, SignedNote checkpoint, List<VerifierKey> witnesses) {
        Checkpoint cp = Checkpoint.parse(checkpoint.text());
        if (index >= cp.size()) {
            throw new IllegalArgumentException("entry #" + index + " is not covered by checkpoint " + cp + " yet; wait for the next checkpoint");
        }
        List<byte[]> got = entries(index, 1);
        if (got.size() != 1) {
            throw new PeerException("the operator " + operator + " did not serve entry #" + index);
        }
        byte[] entry = got.get(0);
        List<byte[]> proof = LedgerWire.parse(ask(LedgerWire.INCLUSION, out -> {
            out.writeLong(index);
            out.writeLong(cp.size());
        }), "inclusion proof", LedgerWire::readHashes);
        if (!MerkleProofs.verifyInclusion(index, cp.size(), MerkleHash.leaf(entry), proof, cp.rootHash())) {
            throw new PeerException("the inclusion proof of entry #" + index + " served by " + operator
                    + " does not verify against checkpoint " + cp + ": the entry or the log was altered");
        }
        List<String> cosignedBy = new ArrayList<>();
        for (VerifierKey w : witnesses) {
            if (CosignatureV1.verify(checkpoint, w) != null) {
                cosignedBy.add(w.name());
            }
        }
        return new Inclusion(index, entry, cp, proof, List.copyOf(cosignedBy));
    }

    /**
     * Copies the operator's ledger into {@code dir} (entries re-hashed locally, every checkpoint note as served, the
     * operator's verifier key), for {@link LedgerVerifier}. Returns the number of entries copied.
     */
    public long copyTo(Path dir, VerifierKey operatorKey) {
        try {
            Files.createDirectories(dir.resolve(Ledger.CHECKPOINTS));
            byte[] a = ask(LedgerWire.CHECKPOINTS, out -> { });
            List<String> notes = LedgerWire.parse(a, "checkpoints", b -> {
                int n = b.getInt();
                List<String> out = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    out.add(LedgerWire.readText(b));
                }
                return out;
            });
            long copied = 0;
            try (MerkleLog log = MerkleLog.open(dir, FsyncPolicy.ON_SYNC)) {
                copied = log.size();
                while (true) {
                    List<byte[]> batch = entries(copied, 4096);
                    if (batch.isEmpty()) {
                        break;
                    }
                    for (byte[] e : batch) {
                        log.append(e);
                    }
                    copied += batch.size();
                }
                log.sync();
            }
            for (String n : notes) {
                Checkpoint cp = Checkpoint.parse(SignedNote.parse(n).text());
                Files.writeString(dir.resolve(Ledger.CHECKPOINTS).resolve(String.format("%020d.note", cp.size())), n, StandardCharsets.UTF_8);
            }
            Files.writeString(dir.resolve(Ledger.VKEY), operatorKey.encode() + "\n", StandardCharsets.UTF_8);
            return copied;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ledger copy into " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            ch.send(Frames.FETCH, new byte[] {LedgerWire.DONE});
        } catch (RuntimeException ignored) {
            // the operator closes its side either way
        }
        ch.close();
    }
}
