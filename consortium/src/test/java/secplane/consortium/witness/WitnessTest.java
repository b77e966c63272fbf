package secplane.consortium.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.consortium.ledger.Ledger;
import secplane.consortium.log.FsyncPolicy;
import secplane.consortium.note.KeyType;
import secplane.consortium.note.NoteSignature;
import secplane.consortium.note.NoteSigner;
import secplane.consortium.note.SignedNote;
import secplane.consortium.witness.WitnessRefusal.Reason;

class WitnessTest {

    private static final String ORIGIN = "ledger.bank-a.example";
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_790_000_000L), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private NoteSigner operator;
    private NoteSigner witnessKey;
    private Ledger ledger;

    @BeforeEach
    void setUp() {
        operator = NoteSigner.generate(ORIGIN, KeyType.ED25519);
        witnessKey = NoteSigner.generate("witness.telecom-c.example", KeyType.COSIGNATURE_V1);
        ledger = Ledger.open(tmp.resolve("log"), operator, FsyncPolicy.ON_SYNC);
    }

    private Witness witness() {
        return new Witness(witnessKey, Map.of(ORIGIN, operator.verifierKey()), tmp.resolve("witness"), CLOCK);
    }

    private void append(Ledger l, int from, int to, String tag) {
        for (int i = from; i < to; i++) {
            l.append((tag + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void cosignsEachExtensionAndTheCosignatureVerifies() throws Exception {
        Witness w = witness();
        append(ledger, 0, 10, "e");
        SignedNote first = w.cosign(ledger.checkpoint(), List.of());
        append(ledger, 10, 25, "e");
        SignedNote cp = ledger.checkpoint();
        SignedNote second = w.cosign(cp, ledger.consistencyProof(10, 25));

        CosignatureV1.Verified v = CosignatureV1.verify(second, w.verifierKey());
        assertThat(v).isNotNull();
        assertThat(v.timestamp()).isEqualTo(1_790_000_000L);
        assertThat(CosignatureV1.verify(first, w.verifierKey())).isNotNull();
        assertThat(w.lastCosigned(ORIGIN)).get().extracting(c -> c.size()).isEqualTo(25L);
        // the cosignature covers the checkpoint: moved onto another text it fails
        NoteSignature cosig = second.signatures().get(1);
        SignedNote moved = new SignedNote(first.text(), List.of(first.signatures().get(0), cosig));
        assertThat(CosignatureV1.verify(moved, w.verifierKey())).isNull();
        // and the operator's plain signature is no cosignature
        assertThat(CosignatureV1.verify(cp, w.verifierKey())).isNull();
    }

    @Test
    void refusesACheckpointThatIsNotAnExtensionOfTheLastCosigned() throws Exception {
        Witness w = witness();
        append(ledger, 0, 10, "e");
        w.cosign(ledger.checkpoint(), List.of());
        // the operator forks: same first 6 entries, then another history of 20, signed with the same key
        try (Ledger fork = Ledger.open(tmp.resolve("fork"), operator, FsyncPolicy.ON_SYNC)) {
            append(fork, 0, 6, "e");
            append(fork, 6, 20, "forged");
            SignedNote forked = fork.checkpoint();
            assertThatThrownBy(() -> w.cosign(forked, fork.consistencyProof(10, 20)))
                    .isInstanceOfSatisfying(WitnessRefusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.NOT_AN_EXTENSION))
                    .hasMessageContaining("is not an extension of " + ORIGIN + " @10")
                    .hasMessageContaining("consistency proof from size 10 does not verify");
        }
        assertThat(w.lastCosigned(ORIGIN)).get().extracting(c -> c.size()).isEqualTo(10L);
    }

    @Test
    void refusesSameSizeWithAnotherRootAndRollbackEvenAfterARestart() throws Exception {
        append(ledger, 0, 10, "e");
        SignedNote ten = ledger.checkpoint();
        witness().cosign(ten, List.of());
        append(ledger, 10, 12, "e");
        witness().cosign(ledger.checkpoint(), ledger.consistencyProof(10, 12));

        Witness restarted = witness();
        try (Ledger fork = Ledger.open(tmp.resolve("fork"), operator, FsyncPolicy.ON_SYNC)) {
            append(fork, 0, 12, "other");
            assertThatThrownBy(() -> restarted.cosign(fork.checkpoint(), List.of()))
                    .isInstanceOfSatisfying(WitnessRefusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.FORK))
                    .hasMessageContaining("two different histories");
        }
        assertThatThrownBy(() -> restarted.cosign(ten, List.of()))
                .isInstanceOfSatisfying(WitnessRefusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.ROLLBACK))
                .hasMessageContaining("a log never shrinks");
        // the same checkpoint again is fine: cosigning is idempotent
        assertThat(restarted.cosign(ledger.checkpointAt(12).orElseThrow(), List.of()).signatures()).hasSize(2);
    }

    @Test
    void refusesUnsignedForgedAndUnknownCheckpoints() throws Exception {
        Witness w = witness();
        append(ledger, 0, 3, "e");
        SignedNote cp = ledger.checkpoint();
        NoteSigner impostor = NoteSigner.generate(ORIGIN, KeyType.ED25519);
        assertThatThrownBy(() -> w.cosign(impostor.sign(cp.text()), List.of()))
                .isInstanceOfSatisfying(WitnessRefusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.BAD_SIGNATURE))
                .hasMessageContaining("no valid signature by the operator key " + ORIGIN);
        NoteSigner stranger = NoteSigner.generate("ledger.unknown.example", KeyType.ED25519);
        String text = "ledger.unknown.example\n3\n" + Base64.getEncoder().encodeToString(new byte[32]) + "\n";
        assertThatThrownBy(() -> w.cosign(stranger.sign(text), List.of()))
                .isInstanceOfSatisfying(WitnessRefusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.UNKNOWN_LOG))
                .hasMessageContaining("add its operator key");
        assertThatThrownBy(() -> w.cosign(operator.sign("hello\n"), List.of()))
                .isInstanceOfSatisfying(WitnessRefusal.class, r -> assertThat(r.reason()).isEqualTo(Reason.MALFORMED));
        assertThat(w.lastCosigned(ORIGIN)).isEmpty();
    }

    @Test
    void readsThePublishedCosignatureTimestamp() {
        // transparency-dev/formats note/note_cosigv1_test.go TestCosignatureTimestamp: 1727964367
        byte[] blob = Base64.getDecoder().decode("ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==");
        byte[] payload = java.util.Arrays.copyOfRange(blob, 4, blob.length);
        assertThat(CosignatureV1.timestamp(new NoteSignature("w", 0x646846b9, payload))).isEqualTo(1727964367L);
        // a plain Ed25519 signature of the same test file is not a timestamped one
        byte[] plain = Base64.getDecoder().decode("eQjRQm6eSKzFoiYalgwCPXu2y3ijtg68is9M46JKxuZB+dRfTmeQeDBoXnvxZx2ugnkyV+MUMLXpWs1hPb/W/4xkNQY=");
        assertThat(CosignatureV1.timestamp(new NoteSignature("w", 0, java.util.Arrays.copyOfRange(plain, 4, plain.length)))).isEqualTo(-1);
    }
}
