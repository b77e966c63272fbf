package secplane.consortium.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import secplane.consortium.config.MemberConfig;
import secplane.consortium.config.MemberIdentity;
import secplane.consortium.data.MuleNetwork;
import secplane.consortium.data.MuleNetworkGenerator;
import secplane.consortium.ledger.Finding;
import secplane.consortium.ledger.Ledger;
import secplane.consortium.ledger.LedgerFetcher;
import secplane.consortium.ledger.LedgerVerifier;
import secplane.consortium.ledger.SignedEntry;
import secplane.consortium.ledger.VerificationReport;
import secplane.consortium.log.FsyncPolicy;
import secplane.consortium.net.TlsMemberChannels;
import secplane.consortium.note.NoteSigner;
import secplane.consortium.note.SignedNote;
import secplane.consortium.note.VerifierKey;
import secplane.consortium.store.NodeStore;

/**
 * Three member nodes, each in its own JVM, on loopback: a case end to end, a node restart, and tampering with the
 * operator's ledger files afterwards. The tests run in order on one consortium.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiProcessConsortiumTest {
    private static final Duration READY = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private TestConsortium c;
    private MuleNetwork net;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private String firstCase;
    private long entriesAfterFirstCase;

    @BeforeAll
    void startThreeNodes() {
        c = new TestConsortium(dir, "bank", "payco", "telco");
        net = MemberTracing.generate(List.of(c.load("bank"), c.load("payco"), c.load("telco")), MuleNetworkGenerator.Params.small(11));
        for (String m : c.names) {
            nodes.add(NodeProcess.node(c.config(m), dir.resolve(m + ".out")));
        }
        nodes.forEach(n -> n.awaitReady(READY));
    }

    @AfterAll
    void stopAll() {
        nodes.forEach(NodeProcess::close);
    }

    private CaseClient.Filed fileTheCase() {
        return CaseClient.file(c.load("bank"), net.victimAccount(), null, net.stolenAmount(), net.windowStart(), net.windowEnd(), 5,
                Duration.ofMinutes(2), line -> { });
    }

    private static long cosignedSize(MemberConfig member, MemberIdentity id, String operator) {
        TlsMemberChannels ch = new TlsMemberChannels(member.name(), id.tls(), member.addresses(), Duration.ofSeconds(10));
        try (LedgerFetcher f = LedgerFetcher.open(ch, operator)) {
            return f.latest(true, id.verifierKeys().get(operator))
                    .map(n -> secplane.consortium.note.Checkpoint.parse(n.text()).size()).orElse(-1L);
        }
    }

    @Test
    @Order(1)
    void aCaseFiledAtOneNodeIsTracedAcrossTheOtherProcessesAndItsLedgerCopyVerifies() {
        CaseClient.Filed filed = fileTheCase();
        for (MuleNetwork.Hop h : net.transfers()) {
            assertThat(filed.report()).contains(h.transfer().id());
        }
        assertThat(filed.report()).contains(" 0 gaps").doesNotContain("NOT RECORDED");
        // the holding members logged the requests they served, without account ids
        String paycoOut = nodes.get(1).output();
        assertThat(paycoOut).contains("request trace.onward from bank: ok", "request ledger.cosign from bank: ok");
        for (String account : net.holders().keySet()) {
            assertThat(paycoOut).doesNotContain(account);
            assertThat(nodes.get(2).output()).doesNotContain(account);
        }
        MemberConfig payco = c.load("payco");
        MemberIdentity paycoId = MemberIdentity.load(payco);
        entriesAfterFirstCase = 1 + net.transfers().size() + 2L * (net.holders().size() - 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> cosignedSize(payco, paycoId, "bank") >= entriesAfterFirstCase);

        TlsMemberChannels ch = new TlsMemberChannels("payco", paycoId.tls(), payco.addresses(), Duration.ofSeconds(10));
        VerifierKey bankKey = paycoId.verifierKeys().get("bank");
        List<VerifierKey> witnesses = List.of(paycoId.witnessKeys().get("payco"), paycoId.witnessKeys().get("telco"));
        try (LedgerFetcher f = LedgerFetcher.open(ch, "bank")) {
            SignedNote cp = f.latest(true, bankKey).orElseThrow();
            LedgerFetcher.Inclusion inc = f.proveInclusion(0, cp, witnesses);
            assertThat(SignedEntry.decode(inc.entry()).submitter()).isEqualTo("bank");
            assertThat(inc.cosignedBy()).isNotEmpty();
            assertThat(f.copyTo(dir.resolve("payco-copy"), bankKey)).isEqualTo(entriesAfterFirstCase);
        }
        VerificationReport r = LedgerVerifier.verify(dir.resolve("payco-copy"), Optional.of(bankKey), witnesses);
        assertThat(r.tampered()).as(r.findings().toString()).isFalse();
        assertThat(r.cosignatures()).isPositive();
    }

    @Test
    @Order(2)
    void aNodeStoppedWithSigtermAndRestartedHasLostNothing() {
        firstCase = null;
        NodeProcess bank = nodes.get(0);
        // 143 = 128 + SIGTERM: the JVM's exit status after its shutdown hooks ran; the node's hook logs "stopped" last
        assertThat(bank.stop()).isEqualTo(143);
        assertThat(bank.output()).contains("node bank stopped");
        MemberConfig bankConfig = c.load("bank");
        try (NodeStore store = NodeStore.open(bankConfig.store().url(), "", "")) {
            NodeStore.CaseRecord only = store.cases().get(0);
            firstCase = only.caseId();
            assertThat(store.cases()).hasSize(1);
            assertThat(store.traceResult(firstCase)).get().asString().contains(net.victimAccount());
            assertThat(store.freezes(firstCase)).hasSize(net.holders().size() - 1);
            assertThat(store.ledgerEntries(firstCase)).hasSize((int) entriesAfterFirstCase);
        }
        VerificationReport before = LedgerVerifier.verify(bankConfig.ledger().directory(), Optional.empty(), List.of());
        assertThat(before.entries()).isEqualTo(entriesAfterFirstCase);

        NodeProcess restarted = NodeProcess.node(c.config("bank"), dir.resolve("bank-2.out")).awaitReady(READY);
        nodes.set(0, restarted);
        CaseClient.Filed second = fileTheCase();
        assertThat(second.report()).contains("report #" + entriesAfterFirstCase);
        MemberConfig payco = c.load("payco");
        MemberIdentity paycoId = MemberIdentity.load(payco);
        // the witnesses cosign the longer log: it extends what they cosigned before the restart
        await().atMost(Duration.ofSeconds(20)).until(() -> cosignedSize(payco, paycoId, "bank") == 2 * entriesAfterFirstCase);
        assertThat(nodes.get(1).output()).doesNotContain("refused to cosign");
    }

    @Test
    @Order(3)
    void tamperingWithTheOperatorsLedgerFilesIsDetected() throws IOException {
        for (NodeProcess n : nodes) {
            assertThat(n.stop()).isEqualTo(143);
            assertThat(n.output()).contains(" stopped\n");
        }
        MemberConfig bankConfig = c.load("bank");
        Path ledger = bankConfig.ledger().directory();
        MemberIdentity bankId = MemberIdentity.load(bankConfig);
        VerifierKey bankKey = bankId.verifierKeys().get("bank");
        List<VerifierKey> witnesses = List.of(bankId.witnessKeys().get("payco"), bankId.witnessKeys().get("telco"));
        assertThat(LedgerVerifier.verify(ledger, Optional.of(bankKey), witnesses).tampered()).isFalse();

        // an edited entry: one byte of the 4th entry's event changed in place
        Path edited = copy(ledger, dir.resolve("edited"));
        long offset = entryOffset(edited, 3) + 40;
        try (FileChannel f = FileChannel.open(edited.resolve("entries"), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            f.read(b, offset);
            b.flip();
            byte flipped = (byte) (b.get(0) ^ 0x01);
            f.write(java.nio.ByteBuffer.wrap(new byte[] {flipped}), offset);
        }
        VerificationReport e = LedgerVerifier.verify(edited, Optional.of(bankKey), witnesses);
        assertThat(e.tamperFindings()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.EDITED_ENTRY);
            assertThat(f.firstBadEntry()).isEqualTo(3);
        });

        // a truncated log: the last 5 entries cut off (entries and leaf hashes both)
        Path truncated = copy(ledger, dir.resolve("truncated"));
        long keep = 2 * entriesAfterFirstCase - 5;
        try (FileChannel f = FileChannel.open(truncated.resolve("entries"), StandardOpenOption.WRITE)) {
            f.truncate(entryOffset(truncated, keep));
        }
        try (FileChannel f = FileChannel.open(truncated.resolve("leaves"), StandardOpenOption.WRITE)) {
            f.truncate(keep * 32);
        }
        VerificationReport t = LedgerVerifier.verify(truncated, Optional.of(bankKey), witnesses);
        assertThat(t.tamperFindings()).anySatisfy(f -> assertThat(f.kind()).isEqualTo(Finding.Kind.TRUNCATED));

        // forked checkpoints: the operator's key signs another tree of a size it already checkpointed
        Path forked = copy(ledger, dir.resolve("forked"));
        NoteSigner bankSigner = NoteSigner.decode(Files.readString(c.config("bank").resolveSibling("bank.skey"), StandardCharsets.US_ASCII));
        long size = entriesAfterFirstCase;
        Path other = dir.resolve("other-history");
        try (Ledger alt = Ledger.open(other, bankSigner, FsyncPolicy.ON_SYNC)) {
            for (long i = 0; i < size; i++) {
                alt.append(SignedEntry.sign(bankSigner, ("another history " + i).getBytes(StandardCharsets.UTF_8)).encode());
            }
            SignedNote fork = alt.checkpoint();
            Files.writeString(forked.resolve("checkpoints").resolve(String.format("%020d.note", size)), fork.format(), StandardCharsets.UTF_8);
        }
        VerificationReport k = LedgerVerifier.verify(forked, Optional.of(bankKey), witnesses);
        assertThat(k.tamperFindings()).anySatisfy(f -> assertThat(f.kind()).isIn(Finding.Kind.FORK, Finding.Kind.REWRITTEN));
    }

    /** Byte offset of entry {@code index} in the entries file (u32 length, then the entry). */
    private static long entryOffset(Path ledgerDir, long index) throws IOException {
        try (FileChannel f = FileChannel.open(ledgerDir.resolve("entries"), StandardOpenOption.READ)) {
            long pos = 0;
            java.nio.ByteBuffer len = java.nio.ByteBuffer.allocate(4);
            for (long i = 0; i < index; i++) {
                len.clear();
                f.read(len, pos);
                pos += 4 + len.flip().getInt();
            }
            return pos;
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
