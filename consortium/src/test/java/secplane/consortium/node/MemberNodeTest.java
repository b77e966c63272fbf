package secplane.consortium.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.consortium.cases.CaseEvent;
import secplane.consortium.data.MuleNetwork;
import secplane.consortium.data.MuleNetworkGenerator;
import secplane.consortium.ledger.LedgerOperator;
import secplane.consortium.ledger.SignedEntry;
import secplane.consortium.store.NodeStore;

class MemberNodeTest {
    @TempDir
    Path dir;

    @Test
    void aCaseFiledWithItsOwnNodeIsTracedFrozenRecordedOnTheLedgerAndStored() {
        TestConsortium c = new TestConsortium(dir, "bank", "payco", "telco");
        MuleNetwork net = MemberTracing.generate(List.of(c.load("bank"), c.load("payco"), c.load("telco")),
                MuleNetworkGenerator.Params.small(7));
        assertThat(net.victimMember()).isEqualTo("bank");
        try (MemberNode bank = MemberNode.start(c.load("bank"), c.log("bank"));
                MemberNode payco = MemberNode.start(c.load("payco"), c.log("payco"));
                MemberNode telco = MemberNode.start(c.load("telco"), c.log("telco"))) {
            CaseClient.Filed filed = CaseClient.file(c.load("bank"), net.victimAccount(), null, net.stolenAmount(), net.windowStart(),
                    net.windowEnd(), 5, Duration.ofMinutes(2), line -> c.lines.add("progress " + line));
            // every planted transfer appears in the report's graph
            for (MuleNetwork.Hop h : net.transfers()) {
                assertThat(filed.report()).contains(h.transfer().id());
            }
            assertThat(filed.json()).contains(net.victimAccount());
            assertThat(c.lines).anyMatch(l -> l.startsWith("progress tracing up to 5 hops"));
            assertThat(filed.report()).contains("report #0").doesNotContain("NOT RECORDED");

            NodeStore.CaseRecord stored = bank.store().cases().get(0);
            assertThat(stored.status()).isEqualTo("traced");
            assertThat(bank.store().traceResult(stored.caseId())).isPresent();
            Set<String> mules = new java.util.HashSet<>(net.holders().keySet());
            mules.remove(net.victimAccount());
            assertThat(bank.store().freezes(stored.caseId())).extracting(NodeStore.FreezeRecord::account)
                    .containsExactlyInAnyOrderElementsOf(mules);
            // the freeze requests reached the holding members' stores
            // the holding members recorded the freeze requests they received, with the case and their answer
            List<NodeStore.FreezeRecord> received = new java.util.ArrayList<>(payco.store().freezes(stored.caseId()));
            received.addAll(telco.store().freezes(stored.caseId()));
            assertThat(received).allSatisfy(f -> {
                assertThat(f.direction()).isEqualTo(NodeStore.Direction.RECEIVED);
                assertThat(f.member()).isEqualTo("bank");
                assertThat(f.outcome()).hasValueSatisfying(o -> assertThat(o).startsWith("accepted: "));
            });
            assertThat(received).extracting(NodeStore.FreezeRecord::account)
                    .containsExactlyInAnyOrderElementsOf(mules.stream().filter(a -> !"bank".equals(net.holders().get(a))).toList());
            long ledgerEvents = bank.store().ledgerEntries(stored.caseId()).size();
            assertThat(ledgerEvents).isEqualTo(1 + net.transfers().size() + 2L * mules.size());

            LedgerOperator op = bank.operator().orElseThrow();
            await().atMost(Duration.ofSeconds(15)).until(() -> op.cosignedSize() == ledgerEvents);
            // no account id in the clear on the ledger
            for (long i = 0; i < ledgerEvents; i++) {
                byte[] entry = op.ledger().log().entry(i);
                String text = new String(entry, java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(text).doesNotContain(net.victimAccount());
                for (String mule : mules) {
                    assertThat(text).doesNotContain(mule);
                }
                CaseEvent ev = CaseEvent.parse(SignedEntry.decode(entry).event());
                assertThat(ev.by()).isEqualTo("bank");
            }
        }
    }

    @Test
    void theNodesAnswerJointRiskSignalsWhoseTotalsEqualThePlainSums() {
        TestConsortium c = new TestConsortium(dir, "bank", "payco", "telco");
        MemberTracing.generate(List.of(c.load("bank"), c.load("payco"), c.load("telco")), MuleNetworkGenerator.Params.small(9));
        try (MemberNode bank = MemberNode.start(c.load("bank"), c.log("bank"));
                MemberNode payco = MemberNode.start(c.load("payco"), c.log("payco"));
                MemberNode telco = MemberNode.start(c.load("telco"), c.log("telco"))) {
            // ask about every account payco and telco flagged, plus one nobody flagged
            List<secplane.consortium.data.Flag> flags = new java.util.ArrayList<>();
            flags.addAll(payco.tracing().orElseThrow().data().flags());
            flags.addAll(telco.tracing().orElseThrow().data().flags());
            assertThat(flags).isNotEmpty();
            List<String> asked = new java.util.ArrayList<>(flags.stream().map(secplane.consortium.data.Flag::account).distinct().toList());
            asked.add("never-flagged-account");
            long count = flags.size();
            long amount = flags.stream().mapToLong(secplane.consortium.data.Flag::amount).sum();
            secplane.consortium.signals.SignalResult r = new secplane.consortium.signals.SignalQuerier(bank.channels(),
                    secplane.consortium.signals.SignalQuerier.Transcript.NONE).query(asked);
            assertThat(r.flags()).isEqualTo(count);
            assertThat(r.reportedAmount()).isEqualTo(amount);
            assertThat(r.contributors()).containsExactlyInAnyOrder("payco", "telco");
        }
    }

    @Test
    void aMemberWhoseDataIsInCsvFilesTracesThroughItsNode() throws Exception {
        TestConsortium c = new TestConsortium(dir, "bank", "payco");
        // payco's data as CSV files beside its member.yaml; bank's in its H2 file
        Path home = c.config("payco").getParent();
        java.nio.file.Files.writeString(home.resolve("accounts.csv"), "account\nPW1\nPW2\n");
        java.nio.file.Files.writeString(home.resolve("transfers.csv"), "id,from_account,to_member,to_account,amount,time\n"
                + "P-1,PW1,,PW2,9000,2026-03-02T09:00:00Z\n");
        c.edit("payco", "  jdbc: \"jdbc:h2:file:./data/payco\"", "  accounts: accounts.csv\n  transfers: transfers.csv");
        try (secplane.consortium.data.MemberData bankData = MemberTracing.dataConfig(c.load("bank")).open();
                secplane.consortium.data.MemberData.Loader l = bankData.loader()) {
            l.account("B1");
            l.account("B2");
            l.transfer(new secplane.consortium.data.Transfer("B-1", "B1", "payco", "PW1", 10_000, java.time.Instant.parse("2026-03-02T08:30:00Z")));
            l.commit();
        }
        try (MemberNode bank = MemberNode.start(c.load("bank"), c.log("bank"));
                MemberNode payco = MemberNode.start(c.load("payco"), c.log("payco"))) {
            CaseClient.Filed filed = CaseClient.file(c.load("bank"), "B1", null, 10_000, java.time.Instant.parse("2026-03-02T08:00:00Z"),
                    java.time.Instant.parse("2026-03-03T08:00:00Z"), 5, Duration.ofMinutes(1), line -> { });
            assertThat(filed.report()).contains("B-1", "P-1", "PW2");
        }
        // a bad CSV row stops the node at start with the file and line
        java.nio.file.Files.writeString(home.resolve("transfers.csv"), "id,from_account,to_member,to_account,amount,time\n"
                + "P-1,PW1,,PW2,lots,2026-03-02T09:00:00Z\n");
        assertThatThrownBy(() -> MemberNode.start(c.load("payco"), c.log("payco"))).hasMessageContaining("transfers.csv:2");
    }

    @Test
    void withTheLedgerOperatorDownACaseIsStillTracedAndTheReportSaysWhatWasNotRecorded() {
        TestConsortium c = new TestConsortium(dir, "bank", "payco", "telco");
        // the victim banks with payco; bank (the ledger's operator) is down
        MuleNetwork net = MemberTracing.generate(List.of(c.load("bank"), c.load("payco"), c.load("telco")),
                new MuleNetworkGenerator.Params(4, List.of("payco", "bank", "telco"), 200, 1000, 4, 2, 4, 20));
        assertThat(net.victimMember()).isEqualTo("payco");
        try (MemberNode payco = MemberNode.start(c.load("payco"), c.log("payco"));
                MemberNode telco = MemberNode.start(c.load("telco"), c.log("telco"))) {
            CaseClient.Filed filed = CaseClient.file(c.load("payco"), net.victimAccount(), null, net.stolenAmount(), net.windowStart(),
                    net.windowEnd(), 5, Duration.ofMinutes(2), line -> { });
            assertThat(filed.report()).contains("report NOT RECORDED: bank: cannot reach").contains("trace-step NOT RECORDED");
            assertThat(filed.json()).contains("\"member\":\"bank\"");
            NodeStore.CaseRecord stored = payco.store().cases().get(0);
            assertThat(stored.status()).isEqualTo("traced with gaps");
            assertThat(payco.store().ledgerEntries(stored.caseId())).isEmpty();
            assertThat(payco.store().traceResult(stored.caseId())).isPresent();
        }
    }

    @Test
    void anotherMemberCannotFileACaseAtThisNode() {
        TestConsortium c = new TestConsortium(dir, "bank", "payco");
        MemberTracing.generate(List.of(c.load("bank"), c.load("payco")),
                new MuleNetworkGenerator.Params(3, List.of("bank", "payco"), 40, 100, 2, 2, 4, 2));
        try (MemberNode bank = MemberNode.start(c.load("bank"), c.log("bank"))) {
            // payco's certificate, dialling bank's node for case.file
            var paycoChannels = new secplane.consortium.net.TlsMemberChannels("payco",
                    secplane.consortium.config.MemberIdentity.load(c.load("payco")).tls(), c.load("payco").addresses(), Duration.ofSeconds(5));
            assertThatThrownBy(() -> paycoChannels.open("bank", CaseService.KIND).receive())
                    .hasMessageContaining("cases are filed by this member's own operator, not by payco");
        }
    }
}
