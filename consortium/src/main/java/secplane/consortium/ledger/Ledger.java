package secplane.consortium.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import secplane.consortium.log.FsyncPolicy;
import secplane.consortium.log.MerkleLog;
import secplane.consortium.note.Checkpoint;
import secplane.consortium.note.NoteSigner;
import secplane.consortium.note.SignedNote;

/**
 * A member's ledger as its operator runs it: the {@link MerkleLog} of case events plus the checkpoints signed over
 * it. The origin line of every checkpoint is the operator key's name (c2sp.org/tlog-checkpoint: the origin SHOULD
 * identify the log and usually names its key).
 *
 * <p>Directory layout: {@code entries}, {@code leaves} (see {@code LogFiles}), {@code log.vkey} (the operator's
 * verifier key, for convenience only: a verifier should be given the key out of band), and
 * {@code checkpoints/<size>.note}, one signed note per checkpoint, with the cosignatures collected for it.
 */
public final class Ledger implements AutoCloseable {

    public static final String CHECKPOINTS = "checkpoints";
    public static final String VKEY = "log.vkey";

    private final MerkleLog log;
    private final NoteSigner operator;
    private final Path checkpoints;

    private Ledger(MerkleLog log, NoteSigner operator) throws IOException {
        this.log = log;
        this.operator = operator;
        this.checkpoints = log.directory().resolve(CHECKPOINTS);
        Files.createDirectories(checkpoints);
        Path vkey = log.directory().resolve(VKEY);
        String encoded = operator.verifierKey().encode() + "\n";
        if (Files.exists(vkey) && !Files.readString(vkey, StandardCharsets.UTF_8).equals(encoded)) {
            throw new IllegalStateException(log.directory() + " belongs to the log key in " + vkey
                    + ", not to " + operator.name() + "; open it with its own operator key");
        }
        Files.writeString(vkey, encoded, StandardCharsets.UTF_8);
    }

    public static Ledger open(Path dir, NoteSigner operator, FsyncPolicy fsync) {
        MerkleLog log = MerkleLog.open(dir, fsync);
        try {
            return new Ledger(log, operator);
        } catch (IOException e) {
            log.close();
            throw new UncheckedIOException("cannot open the ledger in " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    public MerkleLog log() {
        return log;
    }

    public String origin() {
        return operator.name();
    }

    public long append(byte[] entry) {
        return log.append(entry);
    }

    /**
     * Makes every entry durable, then signs and stores a checkpoint of the whole log. Syncing first means a signed
     * checkpoint never commits to entries a crash could still lose.
     */
    public synchronized SignedNote checkpoint() {
        long size;
        byte[] root;
        synchronized (log) {
            log.sync();
            size = log.size();
            root = log.root(size);
        }
        SignedNote note = operator.sign(new Checkpoint(origin(), size, root).body());
        Path file = file(size);
        if (!Files.exists(file)) {
            write(file, note);
        }
        return note;
    }

    /** Stores a cosigned copy of a checkpoint this ledger signed (the witnesses' signatures added to its note). */
    public synchronized void storeCosigned(SignedNote cosigned) {
        Checkpoint cp = Checkpoint.parse(cosigned.text());
        Path file = file(cp.size());
        Optional<SignedNote> stored = read(file);
        if (stored.isEmpty() || !stored.get().text().equals(cosigned.text())) {
            throw new IllegalArgumentException("no checkpoint " + cp + " was signed by this ledger; cosignatures are stored only beside their own checkpoint");
        }
        write(file, cosigned);
    }

    public Optional<SignedNote> checkpointAt(long size) {
        return read(file(size));
    }

    public List<byte[]> consistencyProof(long oldSize, long newSize) {
        return log.consistencyProof(oldSize, newSize);
    }

    private Path file(long size) {
        return checkpoints.resolve(String.format("%020d.note", size));
    }

    private static Optional<SignedNote> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(SignedNote.parse(Files.readString(file, StandardCharsets.UTF_8))) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
    }

    private static void write(Path file, SignedNote note) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, note.format(), StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store checkpoint " + file, e);
        }
    }

    @Override
    public void close() {
        log.close();
    }
}
