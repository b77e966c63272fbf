package secplane.consortium.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.consortium.log.FsyncPolicy;
import secplane.consortium.net.Frames;
import secplane.consortium.node.MemberNode;
import secplane.consortium.node.TestConsortium;
import secplane.consortium.note.NoteSigner;
import secplane.consortium.note.SignedNote;
import secplane.consortium.note.VerifierKey;
import secplane.privacy.transport.FramedChannel;
import secplane.privacy.transport.PeerException;

class NetworkedLedgerTest {
    @TempDir
    Path dir;

    private static byte[] event(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void submissionsFromSeveralMembersAreAppendedCosignedAndProvable() throws Exception {
        TestConsortium c = new TestConsortium(dir, "bank", "payco", "telco");
        try (MemberNode bank = c.start("bank"); MemberNode payco = c.start("payco"); MemberNode telco = c.start("telco")) {
            Set<Long> indexes = new TreeSet<>();
            for (int i = 0; i < 5; i++) {
                indexes.add(bank.caseLedger().append(event("bank event " + i)));
                indexes.add(payco.caseLedger().append(event("payco event " + i)));
                indexes.add(telco.caseLedger().append(event("telco event " + i)));
            }
            assertThat(indexes).hasSize(15).containsExactlyElementsOf(new TreeSet<>(java.util.stream.LongStream.range(0, 15).boxed().toList()));
            LedgerOperator op = bank.operator().orElseThrow();
            await().atMost(Duration.ofSeconds(15)).until(() -> op.cosignedSize() == 15);

            VerifierKey bankKey = payco.identity().verifierKeys().get("bank");
            List<VerifierKey> witnesses = List.of(bank.identity().witnessKeys().get("payco"), bank.identity().witnessKeys().get("telco"));
            try (LedgerFetcher f = LedgerFetcher.open(payco.channels(), "bank")) {
                SignedNote latest = f.latest(true, bankKey).orElseThrow();
                for (long i = 0; i < 15; i++) {
                    LedgerFetcher.Inclusion inc = f.proveInclusion(i, latest, witnesses);
                    SignedEntry e = SignedEntry.decode(inc.entry());
                    assertThat(e.verifies(payco.identity().verifierKeys().get(e.submitter()))).isTrue();
                    assertThat(new String(e.event(), StandardCharsets.UTF_8)).startsWith(e.submitter() + " event ");
                    assertThat(inc.cosignedBy()).isNotEmpty();
                }
                Path copy = dir.resolve("copy");
                assertThat(f.copyTo(copy, bankKey)).isEqualTo(15);
                VerificationReport r = LedgerVerifier.verify(copy, Optional.of(bankKey), witnesses);
                assertThat(r.tampered()).as(r.findings().toString()).isFalse();
                assertThat(r.entries()).isEqualTo(15);
                assertThat(r.cosignatures()).isGreaterThanOrEqualTo(1);
            }
            assertThat(c.lines).anyMatch(l -> l.startsWith("bank ledger: checkpoint 15 cosigned by"));
            assertThat(c.lines).anyMatch(l -> l.startsWith("bank request ledger.submit from payco: ok"));
        }
    }

    @Test
    void anEntryInAnotherMembersNameOrWithABadSignatureIsRefused() {
        TestConsortium c = new TestConsortium(dir, "bank", "payco", "telco");
        try (MemberNode bank = c.start("bank"); MemberNode payco = c.start("payco")) {
            NoteSigner telcoKey = MemberNodeKeys.signer(c, "telco");
            // payco sends an entry signed by telco: the entry's submitter is not the authenticated peer
            byte[] forged = SignedEntry.sign(telcoKey, event("in telco's name")).encode();
            assertThatThrownBy(() -> submitRaw(payco, forged)).isInstanceOf(PeerException.class)
                    .hasMessageContaining("names telco as submitter but was sent by payco");
            // payco's name but another key
            SignedEntry good = SignedEntry.sign(MemberNodeKeys.signer(c, "payco"), event("x"));
            byte[] bad = new SignedEntry("payco", good.signature(), event("y")).encode();
            assertThatThrownBy(() -> submitRaw(payco, bad)).isInstanceOf(PeerException.class)
                    .hasMessageContaining("signature does not verify with payco's key");
            assertThatThrownBy(() -> submitRaw(payco, event("garbage"))).isInstanceOf(PeerException.class)
                    .hasMessageContaining("not a signed ledger entry");
            assertThat(bank.operator().orElseThrow().ledger().log().size()).isZero();
            assertThat(payco.caseLedger().append(event("fine"))).isZero();
            // a batch with one bad entry is refused whole: nothing of it is appended
            byte[] ok = SignedEntry.sign(MemberNodeKeys.signer(c, "payco"), event("ok")).encode();
            assertThatThrownBy(() -> submitBatch(payco, ok, forged)).isInstanceOf(PeerException.class).hasMessageContaining("names telco");
            assertThat(bank.operator().orElseThrow().ledger().log().size()).isEqualTo(1);
            assertThat(payco.caseLedger().appendAll(List.of(event("b1"), event("b2"), event("b3")))).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void onlyTheOperatorMayAskAWitnessToCosign() {
        TestConsortium c = new TestConsortium(dir, "bank", "payco", "telco");
        try (MemberNode payco = c.start("payco"); MemberNode telco = c.start("telco")) {
            assertThatThrownBy(() -> {
                try (FramedChannel ch = payco.channels().open("telco", LedgerOperator.COSIGN)) {
                    ch.send(Frames.WITNESS_STATE, event("bank"));
                    ch.receive();
                }
            }).isInstanceOf(PeerException.class).hasMessageContaining("only the ledger's operator bank asks for cosignatures, not payco");
        }
    }

    private static long submitRaw(MemberNode from, byte[] entry) {
        try (FramedChannel ch = from.channels().open("bank", LedgerOperator.SUBMIT)) {
            ch.send(Frames.SUBMIT, java.nio.ByteBuffer.allocate(8 + entry.length).putInt(1).putInt(entry.length).put(entry).array());
            java.nio.ByteBuffer answer = java.nio.ByteBuffer.wrap(ch.expect(Frames.SUBMITTED, "index").payload());
            assertThat(answer.getInt()).isEqualTo(1);
            return answer.getLong();
        }
    }

    private static void submitBatch(MemberNode from, byte[]... entries) {
        try (FramedChannel ch = from.channels().open("bank", LedgerOperator.SUBMIT)) {
            int size = 4;
            for (byte[] e : entries) {
                size += 4 + e.length;
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(size).putInt(entries.length);
            for (byte[] e : entries) {
                b.putInt(e.length).put(e);
            }
            ch.send(Frames.SUBMIT, b.array());
            ch.expect(Frames.SUBMITTED, "indexes");
        }
    }

    @Test
    void withAWitnessDownTheQuorumIsNotMetTheCheckpointStaysUncosignedAndIsRetried() {
        TestConsortium c = new TestConsortium(dir, "bank", "payco", "telco");
        c.edit("bank", "quorum: 1", "quorum: 2");
        try (MemberNode bank = c.start("bank"); MemberNode payco = c.start("payco")) {
            payco.caseLedger().append(event("a"));
            bank.caseLedger().append(event("b"));
            await().atMost(Duration.ofSeconds(10)).until(() -> c.lines.stream()
                    .anyMatch(l -> l.contains("ledger: checkpoint 2 has 1 of 2 cosignatures needed (missing: telco (unreachable")
                            && l.endsWith("kept uncosigned, retrying")));
            LedgerOperator op = bank.operator().orElseThrow();
            assertThat(op.cosignedSize()).isEqualTo(-1);
            SignedNote stored = op.ledger().checkpointAt(2).orElseThrow();
            assertThat(stored.signatures()).hasSize(1); // the operator's own signature only
            try (MemberNode telco = c.start("telco")) {
                await().atMost(Duration.ofSeconds(10)).until(() -> op.cosignedSize() == 2);
                assertThat(op.ledger().checkpointAt(2).orElseThrow().signatures()).hasSize(3);
            }
        }
    }

    @Test
    void witnessesRefuseAForkedCheckpointAndItStaysUncosigned() throws Exception {
        TestConsortium c = new TestConsortium(dir, "bank", "payco", "telco");
        Path ledgerDir;
        try (MemberNode bank = c.start("bank"); MemberNode payco = c.start("payco"); MemberNode telco = c.start("telco")) {
            for (int i = 0; i < 4; i++) {
                payco.caseLedger().append(event("true history " + i));
            }
            LedgerOperator op = bank.operator().orElseThrow();
            await().atMost(Duration.ofSeconds(10)).until(() -> op.cosignedSize() == 4);
            ledgerDir = op.ledger().log().directory();
        }
        // the operator rewrites history: a fresh log of other entries under the same key, one entry longer
        Path moved = dir.resolve("old-ledger");
        Files.move(ledgerDir, moved);
        NoteSigner bankKey = MemberNodeKeys.signer(c, "bank");
        try (Ledger forked = Ledger.open(ledgerDir, bankKey, FsyncPolicy.ON_SYNC)) {
            for (int i = 0; i < 5; i++) {
                forked.append(SignedEntry.sign(bankKey, event("rewritten " + i)).encode());
            }
        }
        c.lines.clear();
        try (MemberNode bank = c.start("bank"); MemberNode payco = c.start("payco"); MemberNode telco = c.start("telco")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> c.lines.stream()
                    .anyMatch(l -> l.startsWith("payco ledger: refused to cosign for bank: NOT_AN_EXTENSION")));
            await().atMost(Duration.ofSeconds(10)).until(() -> c.lines.stream()
                    .anyMatch(l -> l.contains("bank ledger: checkpoint 5 has 0 of 1 cosignatures needed")
                            && l.contains("witness refused (NOT_AN_EXTENSION)")));
            assertThat(bank.operator().orElseThrow().cosignedSize()).isEqualTo(-1);
        }
        List<String> refusals = new ArrayList<>(c.lines.stream().filter(l -> l.contains("refused to cosign")).toList());
        assertThat(refusals).anyMatch(l -> l.startsWith("telco "));
    }
}
