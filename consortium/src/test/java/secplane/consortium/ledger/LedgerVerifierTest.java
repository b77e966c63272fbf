package secplane.consortium.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.consortium.ledger.Finding.Kind;
import secplane.consortium.log.FsyncPolicy;
import secplane.consortium.log.LogFiles;
import secplane.consortium.log.MerkleHash;
import secplane.consortium.note.KeyType;
import secplane.consortium.note.NoteSigner;
import secplane.consortium.note.SignedNote;
import secplane.consortium.witness.Witness;

class LedgerVerifierTest {

    private static final String ORIGIN = "ledger.bank-a.example";

    @TempDir
    Path tmp;

    private Path dir;
    private NoteSigner operator;
    private NoteSigner witnessKey;

    private static byte[] entry(int i, String tag) {
        return String.format("{\"case\":\"%s-%05d\",\"event\":\"trace-step\"}", tag, i).getBytes(StandardCharsets.UTF_8);
    }

    /** 200 entries, checkpoints at 50, 120 and 200, each cosigned by one witness. */
    @BeforeEach
    void setUp() throws Exception {
        dir = tmp.resolve("ledger");
        operator = NoteSigner.generate(ORIGIN, KeyType.ED25519);
        witnessKey = NoteSigner.generate("witness.pay-b.example", KeyType.COSIGNATURE_V1);
        Witness witness = new Witness(witnessKey, Map.of(ORIGIN, operator.verifierKey()), tmp.resolve("w"), Clock.systemUTC());
        try (Ledger ledger = Ledger.open(dir, operator, FsyncPolicy.ON_SYNC)) {
            long last = 0;
            for (int size : new int[] {50, 120, 200}) {
                for (int i = (int) last; i < size; i++) {
                    ledger.append(entry(i, "case"));
                }
                ledger.storeCosigned(witness.cosign(ledger.checkpoint(), ledger.consistencyProof(last, size)));
                last = size;
            }
        }
    }

    private VerificationReport verify() {
        return LedgerVerifier.verify(dir, Optional.of(operator.verifierKey()), List.of(witnessKey.verifierKey()));
    }

    private static String checkpointFile(long size) {
        return Ledger.CHECKPOINTS + "/" + String.format("%020d.note", size);
    }

    @Test
    void anUntouchedLedgerVerifiesWithItsCosignatures() {
        VerificationReport r = verify();
        assertThat(r.tampered()).isFalse();
        assertThat(r.findings()).isEmpty();
        assertThat(r.entries()).isEqualTo(200);
        assertThat(r.checkpoints()).isEqualTo(3);
        assertThat(r.cosignatures()).isEqualTo(3);
        assertThat(r.keySource()).isEqualTo("given");
    }

    @Test
    void anEditedEntryIsReportedByIndex() throws IOException {
        replaceInEntries("case-00073", "case-99999");
        VerificationReport r = verify();
        assertThat(r.tampered()).isTrue();
        Finding first = r.tamperFindings().get(0);
        assertThat(first.kind()).isEqualTo(Kind.EDITED_ENTRY);
        assertThat(first.firstBadEntry()).isEqualTo(73);
        assertThat(first.message()).contains("entry #73 was edited");
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) secplane.protocol.json.Json.parse(r.toJson());
        assertThat(json).containsEntry("tampered", true).containsEntry("entries", 200L);
        assertThat((List<?>) json.get("findings")).first().asString().contains("EDITED_ENTRY").contains("firstBadEntry=73");
        // the checkpoints still match the recorded hashes: the edit is not mistaken for a fork
        assertThat(r.tamperFindings()).hasSize(1);
    }

    @Test
    void aTruncatedLogIsReportedWithTheFirstMissingEntry() throws IOException {
        cutTo(150, true);
        VerificationReport r = verify();
        assertThat(r.tampered()).isTrue();
        assertThat(r.tamperFindings()).extracting(Finding::kind).containsExactly(Kind.TRUNCATED);
        Finding f = r.tamperFindings().get(0);
        assertThat(f.firstBadEntry()).isEqualTo(150);
        assertThat(f.message()).contains(checkpointFile(200) + " commits to 200 entries but only 150 remain");
    }

    @Test
    void entriesCutWithoutTheirLeafHashesAreReportedAsTruncated() throws IOException {
        cutTo(190, false);
        VerificationReport r = verify();
        assertThat(r.tamperFindings()).extracting(Finding::kind).contains(Kind.TRUNCATED);
        assertThat(r.tamperFindings().get(0).firstBadEntry()).isEqualTo(190);
        assertThat(r.tamperFindings().get(0).message()).contains("leaf hashes of 200 entries were recorded but only 190 entries remain");
    }

    @Test
    void aForkedCheckpointIsReportedWithTheCheckpointItConflictsWith() throws IOException {
        // the operator signs another history that shares the first 120 entries and diverges before 160
        Path forkDir = tmp.resolve("fork");
        try (Ledger fork = Ledger.open(forkDir, operator, FsyncPolicy.ON_SYNC)) {
            for (int i = 0; i < 160; i++) {
                fork.append(entry(i, i < 130 ? "case" : "forged"));
            }
            SignedNote cp = fork.checkpoint();
            Files.writeString(dir.resolve(checkpointFile(160)), cp.format());
        }
        VerificationReport r = verify();
        assertThat(r.tampered()).isTrue();
        assertThat(r.tamperFindings()).extracting(Finding::kind).containsExactly(Kind.FORK);
        Finding f = r.tamperFindings().get(0);
        assertThat(f.checkpoints()).containsExactly(checkpointFile(160), checkpointFile(200));
        assertThat(f.message()).contains("is not an extension of it");
    }

    @Test
    void twoSignedRootsForOneSizeAreAFork() throws IOException {
        try (Ledger fork = Ledger.open(tmp.resolve("fork"), operator, FsyncPolicy.ON_SYNC)) {
            for (int i = 0; i < 200; i++) {
                fork.append(entry(i, i == 199 ? "forged" : "case"));
            }
            Files.writeString(dir.resolve(Ledger.CHECKPOINTS).resolve("other-200.note"), fork.checkpoint().format());
        }
        VerificationReport r = verify();
        Finding f = r.tamperFindings().get(0);
        assertThat(f.kind()).isEqualTo(Kind.FORK);
        assertThat(f.checkpoints()).containsExactlyInAnyOrder(checkpointFile(200), Ledger.CHECKPOINTS + "/other-200.note");
        assertThat(f.message()).contains("both are signed for size 200 with different roots");
    }

    @Test
    void aRewriteOfEntriesAndLeafHashesTogetherIsCaughtByTheSignedCheckpoints() throws IOException {
        // rewrite entry 130 and its recorded leaf hash consistently: only the checkpoints can tell
        replaceInEntries("case-00130", "case-77777");
        byte[] leaf = MerkleHash.leaf(entry(77777, "case"));
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(LogFiles.LEAVES).toFile(), "rw")) {
            f.seek(130L * 32);
            f.write(leaf);
        }
        VerificationReport r = verify();
        assertThat(r.tampered()).isTrue();
        Finding f = r.tamperFindings().get(0);
        assertThat(f.kind()).isEqualTo(Kind.FORK);
        assertThat(f.checkpoints()).containsExactly(checkpointFile(120), checkpointFile(200));
        assertThat(f.message()).contains("entries #120..#199 were rewritten");
    }

    @Test
    void anAlteredCheckpointOrAWrongKeyFailsTheSignatureCheck() throws IOException {
        Path file = dir.resolve(checkpointFile(120));
        Files.writeString(file, Files.readString(file).replace("\n120\n", "\n121\n"));
        VerificationReport r = verify();
        assertThat(r.tamperFindings()).extracting(Finding::kind).containsExactly(Kind.BAD_SIGNATURE);
        assertThat(r.tamperFindings().get(0).message()).contains(checkpointFile(120)).contains("altered or forged");

        NoteSigner someoneElse = NoteSigner.generate(ORIGIN, KeyType.ED25519);
        VerificationReport wrongKey = LedgerVerifier.verify(dir, Optional.of(someoneElse.verifierKey()), List.of());
        assertThat(wrongKey.tamperFindings()).hasSize(3).allMatch(f -> f.kind() == Kind.BAD_SIGNATURE);
    }

    @Test
    void withoutAGivenKeyTheDirectoryKeyIsUsedAndSaidToBeSelfAttested() {
        VerificationReport r = LedgerVerifier.verify(dir, Optional.empty(), List.of());
        assertThat(r.tampered()).isFalse();
        assertThat(r.keySource()).contains("self-attested");
    }

    @Test
    void entriesAfterTheLastCheckpointAreReportedAsUnprovenButNotAsTampering() {
        try (Ledger ledger = Ledger.open(dir, operator, FsyncPolicy.ON_SYNC)) {
            for (int i = 200; i < 207; i++) {
                ledger.append(entry(i, "case"));
            }
        }
        VerificationReport r = verify();
        assertThat(r.tampered()).isFalse();
        assertThat(r.findings()).extracting(Finding::kind).containsExactly(Kind.UNCHECKPOINTED_TAIL);
        assertThat(r.findings().get(0).message()).startsWith("7 entries from #200 are covered by no signed checkpoint");
    }

    @Test
    void aDirectoryThatIsNoLedgerIsRefusedWithAHint() {
        assertThatThrownBy(() -> LedgerVerifier.verify(tmp, Optional.empty(), List.of()))
                .hasMessageContaining("is not a ledger directory");
    }

    private void replaceInEntries(String from, String to) throws IOException {
        Path entries = dir.resolve(LogFiles.ENTRIES);
        String text = Files.readString(entries, StandardCharsets.ISO_8859_1);
        assertThat(text).contains(from);
        Files.writeString(entries, text.replace(from, to), StandardCharsets.ISO_8859_1);
    }

    private void cutTo(int count, boolean alsoLeaves) throws IOException {
        List<Long> offsets = LogFiles.scanEntries(dir.resolve(LogFiles.ENTRIES)).offsets();
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(LogFiles.ENTRIES).toFile(), "rw")) {
            f.setLength(offsets.get(count));
        }
        if (alsoLeaves) {
            try (RandomAccessFile f = new RandomAccessFile(dir.resolve(LogFiles.LEAVES).toFile(), "rw")) {
                f.setLength(count * 32L);
            }
        }
    }
}
