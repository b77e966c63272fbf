package secplane.consortium.witness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import secplane.consortium.log.MerkleProofs;
import secplane.consortium.note.Checkpoint;
import secplane.consortium.note.KeyType;
import secplane.consortium.note.NoteFormatException;
import secplane.consortium.note.NoteSignature;
import secplane.consortium.note.NoteSigner;
import secplane.consortium.note.NoteVerifier;
import secplane.consortium.note.SignedNote;
import secplane.consortium.note.VerifierKey;
import secplane.consortium.witness.WitnessRefusal.Reason;

/**
 * A consortium member acting as witness for other members' logs. It cosigns a checkpoint only when it is signed by
 * the log's operator and is consistent with the last checkpoint this witness cosigned for that log (RFC 9162 §2.1.4
 * consistency proof), so that two members shown different histories cannot both hold its cosignature.
 *
 * <p>The last cosigned checkpoint per log is written to {@code stateDir} and forced to disk <em>before</em> the
 * cosignature is returned: after a crash the witness never forgets a checkpoint it vouched for.
 */
public final class Witness {

    private final NoteSigner key;
    private final Map<String, VerifierKey> logs;
    private final Path stateDir;
    private final Clock clock;

    /**
     * @param key  this witness's cosigner key ({@link KeyType#COSIGNATURE_V1})
     * @param logs the operator key of every log followed, by origin
     */
    public Witness(NoteSigner key, Map<String, VerifierKey> logs, Path stateDir, Clock clock) {
        if (!key.verifierKey().type().equals(KeyType.COSIGNATURE_V1)) {
            throw new IllegalArgumentException("a witness signs with a cosignature/v1 key (type 0x04); generate one with KeyType.COSIGNATURE_V1");
        }
        this.key = key;
        this.logs = Map.copyOf(logs);
        this.stateDir = stateDir;
        this.clock = clock;
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the witness state directory " + stateDir, e);
        }
    }

    public VerifierKey verifierKey() {
        return key.verifierKey();
    }

    /**
     * Cosigns {@code checkpoint} if it extends the last checkpoint cosigned for its log.
     *
     * @param consistencyProof RFC 9162 proof from the last cosigned size to this checkpoint's size (empty if none)
     * @return the checkpoint note with this witness's cosignature added
     */
    public synchronized SignedNote cosign(SignedNote checkpoint, List<byte[]> consistencyProof) throws WitnessRefusal {
        Checkpoint cp;
        try {
            cp = Checkpoint.parse(checkpoint.text());
        } catch (NoteFormatException e) {
            throw new WitnessRefusal(Reason.MALFORMED, "not a checkpoint: " + e.getMessage());
        }
        VerifierKey operator = logs.get(cp.origin());
        if (operator == null) {
            throw new WitnessRefusal(Reason.UNKNOWN_LOG, "this witness does not follow the log '" + cp.origin()
                    + "'; add its operator key to the witness configuration first");
        }
        if (!NoteVerifier.isSignedBy(checkpoint, operator)) {
            throw new WitnessRefusal(Reason.BAD_SIGNATURE, "checkpoint " + cp + " carries no valid signature by the operator key "
                    + operator.name() + "; it was altered or signed by someone else");
        }
        Optional<Checkpoint> last = lastCosigned(cp.origin());
        if (last.isPresent()) {
            Checkpoint prev = last.get();
            if (cp.size() < prev.size()) {
                throw new WitnessRefusal(Reason.ROLLBACK, "checkpoint " + cp + " is smaller than " + prev
                        + ", already cosigned: a log never shrinks");
            }
            if (cp.size() == prev.size() && !cp.sameTree(prev)) {
                throw new WitnessRefusal(Reason.FORK, "checkpoint " + cp + " has the size of " + prev
                        + ", already cosigned, but another root: the log shows two different histories");
            }
            if (cp.size() > prev.size()
                    && !MerkleProofs.verifyConsistency(prev.size(), cp.size(), prev.rootHash(), cp.rootHash(), consistencyProof)) {
                throw new WitnessRefusal(Reason.NOT_AN_EXTENSION, "checkpoint " + cp + " is not an extension of " + prev
                        + ", already cosigned: the consistency proof from size " + prev.size() + " does not verify");
            }
        }
        save(cp);
        long now = clock.instant().getEpochSecond();
        byte[] sig = key.rawSign(CosignatureV1.message(now, checkpoint.text()));
        return checkpoint.withSignature(new NoteSignature(key.name(), key.verifierKey().keyId(), CosignatureV1.payload(now, sig)));
    }

    /** The last checkpoint this witness cosigned for {@code origin}, if any. */
    public synchronized Optional<Checkpoint> lastCosigned(String origin) {
        Path file = stateFile(origin);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Checkpoint.parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the witness state " + file, e);
        }
    }

    private void save(Checkpoint cp) {
        Path file = stateFile(cp.origin());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, cp.body(), StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the cosigned checkpoint in " + file, e);
        }
    }

    private Path stateFile(String origin) {
        // origins are URLs-like strings; a hex name keeps any origin a safe single file name
        return stateDir.resolve(HexFormat.of().formatHex(origin.getBytes(StandardCharsets.UTF_8)) + ".checkpoint");
    }
}
