package secplane.consortium.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import secplane.consortium.ledger.Finding.Kind;
import secplane.consortium.log.LogFiles;
import secplane.consortium.log.MerkleHash;
import secplane.consortium.log.MerkleProofs;
import secplane.consortium.log.MerkleTree;
import secplane.consortium.note.Checkpoint;
import secplane.consortium.note.KeyType;
import secplane.consortium.note.NoteFormatException;
import secplane.consortium.note.NoteVerifier;
import secplane.consortium.note.SignedNote;
import secplane.consortium.note.VerifierKey;
import secplane.consortium.witness.CosignatureV1;

/**
 * Checks a ledger directory without trusting the code that wrote it: every entry is hashed again, the tree is rebuilt
 * from the entries alone, and every checkpoint is checked for its operator signature, for agreement with the rebuilt
 * tree and, pairwise, for consistency (RFC 9162 §2.1.4) with the others.
 *
 * <p>What it can tell apart: an edited entry (it no longer matches its recorded leaf hash: reported by index); a
 * truncated log (fewer entries than recorded or than a signed checkpoint commits to: the first missing index); and a
 * fork (two signed checkpoints that no single append-only log can satisfy: both reported). When entries and leaf
 * hashes were rewritten together, only the signed checkpoints expose it, and the damage is bounded by the largest
 * checkpoint that still matches and the smallest one that does not.
 */
public final class LedgerVerifier {

    private LedgerVerifier() {
    }

    /**
     * @param operatorKey the log operator's key, obtained out of band; empty to use {@code log.vkey} from the
     *                    directory (which only proves self-consistency, and the report says so)
     * @param witnessKeys cosigner keys whose cosignatures are counted
     */
    public static VerificationReport verify(Path dir, Optional<VerifierKey> operatorKey, List<VerifierKey> witnessKeys) {
        if (!Files.isRegularFile(dir.resolve(LogFiles.ENTRIES))) {
            throw new IllegalArgumentException(dir + " is not a ledger directory: it has no '" + LogFiles.ENTRIES + "' file");
        }
        try {
            return new Run(dir, operatorKey, witnessKeys).run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static final class Run {
        private final Path dir;
        private final Optional<VerifierKey> givenKey;
        private final List<VerifierKey> witnessKeys;
        private final List<Finding> findings = new ArrayList<>();
        /** The tree of the entries as they are now. */
        private final MerkleTree fromEntries = new MerkleTree();
        /** The tree of the recorded leaf hashes: what the entries were when appended. */
        private final MerkleTree fromRecord = new MerkleTree();
        private long firstEdited = -1;

        Run(Path dir, Optional<VerifierKey> givenKey, List<VerifierKey> witnessKeys) {
            this.dir = dir;
            this.givenKey = givenKey;
            this.witnessKeys = witnessKeys;
        }

        VerificationReport run() throws IOException {
            long entries = checkEntries();
            VerifierKey operator;
            String keySource;
            if (givenKey.isPresent()) {
                operator = givenKey.get();
                keySource = "given";
            } else {
                Path vkey = dir.resolve(Ledger.VKEY);
                if (!Files.exists(vkey)) {
                    throw new IllegalArgumentException(dir + " has no " + Ledger.VKEY + "; pass the operator's verifier key (--key)");
                }
                operator = VerifierKey.decode(Files.readString(vkey, StandardCharsets.UTF_8));
                keySource = Ledger.VKEY + " in the directory (self-attested: pass --key to check against a key you trust)";
            }
            if (operator.type() != KeyType.ED25519) {
                throw new IllegalArgumentException("the operator key " + operator.name() + " must be an Ed25519 note key (type 0x01)");
            }
            int[] cosignatures = {0};
            List<Signed> checkpoints = readCheckpoints(operator, cosignatures);
            checkCheckpoints(checkpoints, entries);
            return new VerificationReport(entries, checkpoints.size(), cosignatures[0], keySource, findings);
        }

        /** Hashes every entry, compares with the recorded leaf hashes, and builds both trees. */
        private long checkEntries() throws IOException {
            Path entriesFile = dir.resolve(LogFiles.ENTRIES);
            Path leavesFile = dir.resolve(LogFiles.LEAVES);
            LogFiles.Scan scan = LogFiles.scanEntries(entriesFile);
            long count = scan.offsets().size();
            if (scan.hasPartialTail()) {
                findings.add(new Finding(Kind.TORN_TAIL, (scan.fileLength() - scan.validLength()) + " bytes after entry #" + (count - 1)
                        + " form no complete record (an interrupted append; the log cuts them off when it next opens)", -1, List.of()));
            }
            long recorded = Files.exists(leavesFile) ? Files.size(leavesFile) / MerkleHash.SIZE : 0;
            try (FileChannel ch = FileChannel.open(entriesFile);
                 InputStream leaves = Files.exists(leavesFile) ? Files.newInputStream(leavesFile) : InputStream.nullInputStream()) {
                byte[] rec = new byte[MerkleHash.SIZE];
                long edited = 0;
                for (long i = 0; i < count; i++) {
                    byte[] leaf = MerkleHash.leaf(LogFiles.readEntry(ch, scan.offsets().get((int) i)));
                    fromEntries.appendLeafHash(leaf);
                    if (i < recorded) {
                        if (leaves.readNBytes(rec, 0, rec.length) != rec.length) {
                            throw new IOException("the leaves file ended early");
                        }
                        fromRecord.appendLeafHash(rec.clone());
                        if (!MessageDigest.isEqual(leaf, rec)) {
                            if (firstEdited < 0) {
                                firstEdited = i;
                            }
                            edited++;
                        }
                    }
                }
                if (firstEdited >= 0) {
                    findings.add(new Finding(Kind.EDITED_ENTRY, "entry #" + firstEdited + " was edited: it no longer hashes to the leaf hash recorded when it was appended"
                            + (edited > 1 ? " (" + edited + " entries differ in all)" : ""), firstEdited, List.of()));
                }
                for (long i = count; i < recorded; i++) {
                    if (leaves.readNBytes(rec, 0, rec.length) != rec.length) {
                        throw new IOException("the leaves file ended early");
                    }
                    fromRecord.appendLeafHash(rec.clone());
                }
            }
            if (recorded > count) {
                findings.add(new Finding(Kind.TRUNCATED, "the log was truncated: leaf hashes of " + recorded + " entries were recorded but only "
                        + count + " entries remain; entry #" + count + " is the first missing", count, List.of()));
            } else if (recorded < count) {
                findings.add(new Finding(Kind.UNHASHED_TAIL, (count - recorded) + " entries from #" + recorded
                        + " have no recorded leaf hash yet (an interrupted append; the log hashes them when it next opens)", -1, List.of()));
            }
            return count;
        }

        private record Signed(String file, Checkpoint checkpoint) {
        }

        private List<Signed> readCheckpoints(VerifierKey operator, int[] cosignatures) throws IOException {
            Path cdir = dir.resolve(Ledger.CHECKPOINTS);
            List<Signed> valid = new ArrayList<>();
            if (!Files.isDirectory(cdir)) {
                return valid;
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(cdir)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".note")).sorted().toList();
            }
            for (Path file : files) {
                String name = Ledger.CHECKPOINTS + "/" + file.getFileName();
                SignedNote note;
                Checkpoint cp;
                try {
                    note = SignedNote.parse(Files.readString(file, StandardCharsets.UTF_8));
                    cp = Checkpoint.parse(note.text());
                } catch (NoteFormatException | java.nio.charset.MalformedInputException e) {
                    findings.add(new Finding(Kind.MALFORMED_CHECKPOINT, name + " is not a checkpoint note: " + e.getMessage(), -1, List.of(name)));
                    continue;
                }
                if (!cp.origin().equals(operator.name())) {
                    findings.add(new Finding(Kind.MALFORMED_CHECKPOINT, name + " is a checkpoint of another log ('" + cp.origin()
                            + "', expected '" + operator.name() + "')", -1, List.of(name)));
                    continue;
                }
                if (!NoteVerifier.isSignedBy(note, operator)) {
                    findings.add(new Finding(Kind.BAD_SIGNATURE, name + " (" + cp + ") has no valid signature by the operator key "
                            + operator.name() + ": it was altered or forged", -1, List.of(name)));
                    continue;
                }
                for (VerifierKey w : witnessKeys) {
                    if (CosignatureV1.verify(note, w) != null) {
                        cosignatures[0]++;
                    }
                }
                valid.add(new Signed(name, cp));
            }
            valid.sort(Comparator.comparingLong((Signed s) -> s.checkpoint().size()).thenComparing(Signed::file));
            return valid;
        }

        private void checkCheckpoints(List<Signed> checkpoints, long entries) {
            // 1. two signed roots for one size: a fork whatever the entries say
            for (int i = 0; i + 1 < checkpoints.size(); i++) {
                Signed a = checkpoints.get(i);
                Signed b = checkpoints.get(i + 1);
                if (a.checkpoint().size() == b.checkpoint().size() && !a.checkpoint().sameTree(b.checkpoint())) {
                    fork(a, b, "both are signed for size " + a.checkpoint().size() + " with different roots");
                }
            }
            // 2. each checkpoint against the tree the entries give
            List<Signed> matching = new ArrayList<>();
            List<Signed> conflicting = new ArrayList<>();
            Signed beyond = null;
            for (Signed s : checkpoints) {
                long size = s.checkpoint().size();
                if (size > entries) {
                    beyond = s;
                    continue;
                }
                byte[] root = fromEntries.root(size);
                if (MessageDigest.isEqual(root, s.checkpoint().rootHash())) {
                    matching.add(s);
                } else if (firstEdited >= 0 && firstEdited < size && size <= fromRecord.size()
                        && MessageDigest.isEqual(fromRecord.root(size), s.checkpoint().rootHash())) {
                    // explained by the edited entry already reported: the recorded hashes still give this root
                    matching.add(s);
                } else {
                    conflicting.add(s);
                }
            }
            long covered = checkpoints.stream().mapToLong(s -> s.checkpoint().size()).max().orElse(0);
            if (covered < entries) {
                findings.add(new Finding(Kind.UNCHECKPOINTED_TAIL, (entries - covered) + " entries from #" + covered
                        + " are covered by no signed checkpoint yet: nothing proves them unchanged until the next checkpoint", -1, List.of()));
            }
            if (beyond != null && findings.stream().noneMatch(f -> f.kind() == Kind.TRUNCATED)) {
                findings.add(new Finding(Kind.TRUNCATED, "the log was truncated: " + beyond.file() + " commits to " + beyond.checkpoint().size()
                        + " entries but only " + entries + " remain; entry #" + entries + " is the first missing", entries, List.of(beyond.file())));
            }
            // 3. a conflicting checkpoint beside the nearest one that matches: no append-only log satisfies both
            for (Signed c : conflicting) {
                if (alreadyForked(c)) {
                    continue;
                }
                Optional<Signed> below = matching.stream().filter(m -> m.checkpoint().size() < c.checkpoint().size())
                        .reduce((x, y) -> y);
                Optional<Signed> above = matching.stream().filter(m -> m.checkpoint().size() > c.checkpoint().size()).findFirst();
                if (above.isPresent()) {
                    Signed a = above.get();
                    List<byte[]> proof = fromEntries.consistencyProof(c.checkpoint().size(), a.checkpoint().size());
                    if (!MerkleProofs.verifyConsistency(c.checkpoint().size(), a.checkpoint().size(), c.checkpoint().rootHash(), a.checkpoint().rootHash(), proof)) {
                        fork(c, a, a.file() + " is not an extension of it (the consistency proof from the log fails), and the log matches "
                                + a.file() + ": " + c.file() + " describes another history");
                    }
                } else if (below.isPresent()) {
                    Signed b = below.get();
                    List<byte[]> proof = fromEntries.consistencyProof(b.checkpoint().size(), c.checkpoint().size());
                    if (!MerkleProofs.verifyConsistency(b.checkpoint().size(), c.checkpoint().size(), b.checkpoint().rootHash(), c.checkpoint().rootHash(), proof)) {
                        fork(b, c, c.file() + " is not an extension of " + b.file() + " (the consistency proof from the log fails); the log matches "
                                + b.file() + ", so either entries #" + b.checkpoint().size() + "..#" + (c.checkpoint().size() - 1)
                                + " were rewritten after " + c.file() + " was signed, or it is a fork");
                    }
                } else {
                    findings.add(new Finding(Kind.REWRITTEN, "the log does not give the root signed in " + c.file() + " (" + c.checkpoint()
                            + "), and no checkpoint matches the log: entries before #" + c.checkpoint().size() + " were rewritten"
                            + " (log root " + Base64.getEncoder().encodeToString(fromEntries.root(c.checkpoint().size())) + ")", 0, List.of(c.file())));
                }
            }
        }

        private boolean alreadyForked(Signed s) {
            return findings.stream().anyMatch(f -> f.kind() == Kind.FORK && f.checkpoints().contains(s.file()));
        }

        private void fork(Signed a, Signed b, String why) {
            findings.add(new Finding(Kind.FORK, "fork between " + a.file() + " (" + a.checkpoint() + ") and " + b.file() + " ("
                    + b.checkpoint() + "): " + why, -1, List.of(a.file(), b.file())));
        }
    }
}
