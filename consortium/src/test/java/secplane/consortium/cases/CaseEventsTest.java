package secplane.consortium.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.consortium.ledger.Ledger;
import secplane.consortium.log.FsyncPolicy;
import secplane.consortium.note.KeyType;
import secplane.consortium.note.NoteSigner;
import secplane.consortium.trace.TraceCase;
import secplane.consortium.trace.TraceResult;

class CaseEventsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SealingKey bank = SealingKey.generate(RANDOM);
    private final SealingKey payco = SealingKey.generate(RANDOM);
    private final SealingKey telco = SealingKey.generate(RANDOM);
    private final byte[] consortiumKey = new byte[32];
    private final Map<String, byte[]> keys = Map.of("bank", bank.publicKey(), "payco", payco.publicKey(), "telco", telco.publicKey());

    // amounts and ids long enough that they cannot appear by chance inside base64
    private static final String VICTIM = "6222000000000000";
    private static final String MULE = "PW0000000001";
    private static final long AMOUNT = 987_654_321L;
    private static final long STEP = 876_543_219L;
    private final TraceCase theCase = new TraceCase("case-0042", VICTIM, "bank", AMOUNT, Instant.parse("2026-03-02T08:00:00Z"),
            Instant.parse("2026-03-04T08:00:00Z"), 5);
    private final TraceResult.Edge edge = new TraceResult.Edge("bank-T000000001", VICTIM, "bank", MULE, "payco", STEP,
            Instant.parse("2026-03-02T08:40:00Z"), 1);
    private final TraceResult.Freeze freeze = new TraceResult.Freeze(MULE, "payco", true, true, "money reached the account inside the case window");

    CaseEventsTest() {
        RANDOM.nextBytes(consortiumKey);
    }

    private List<byte[]> entries(CaseEvents events) {
        return List.of(events.report(theCase), events.traceStep(theCase, edge), events.freezeRequest(theCase, freeze),
                events.freezeAnswer(theCase, freeze));
    }

    @Test
    void noAccountIdOrAmountAppearsInTheClear() {
        for (byte[] entry : entries(new CaseEvents("bank", consortiumKey, keys, RANDOM))) {
            String text = new String(entry, StandardCharsets.UTF_8);
            assertThat(text).doesNotContain(VICTIM).doesNotContain(MULE).doesNotContain(Long.toString(AMOUNT))
                    .doesNotContain(Long.toString(STEP)).doesNotContain("9876543").doesNotContain("case-0042").startsWith(CaseEvent.MAGIC);
        }
    }

    @Test
    void theEntitledPartiesOpenTheDetailsAndOthersCannot() {
        CaseEvents events = new CaseEvents("bank", consortiumKey, keys, RANDOM);
        CaseEvent step = CaseEvent.parse(events.traceStep(theCase, edge));
        assertThat(step.type()).isEqualTo("trace-step");
        assertThat(step.parties()).containsExactly("bank", "payco");
        assertThat(step.open("bank", bank)).contains(VICTIM).contains(MULE).contains(Long.toString(STEP));
        assertThat(step.open("payco", payco)).isEqualTo(step.open("bank", bank));
        assertThatThrownBy(() -> step.open("telco", telco)).hasMessageContaining("not among the parties");
        assertThatThrownBy(() -> step.open("payco", telco)).hasMessageContaining("sealed to another member");

        CaseEvent report = CaseEvent.parse(events.report(theCase));
        assertThat(report.parties()).containsExactly("bank");
        assertThat(report.open("bank", bank)).contains("\"amount\":" + AMOUNT);
        assertThatThrownBy(() -> report.open("payco", payco)).hasMessageContaining("not among the parties");
    }

    @Test
    void aSealedPartMovedUnderAnotherHeaderDoesNotOpen() {
        CaseEvents events = new CaseEvents("bank", consortiumKey, keys, RANDOM);
        String text = new String(events.traceStep(theCase, edge), StandardCharsets.UTF_8);
        byte[] edited = text.replace("type trace-step", "type freeze-request").getBytes(StandardCharsets.UTF_8);
        CaseEvent e = CaseEvent.parse(edited);
        assertThatThrownBy(() -> e.open("payco", payco)).hasMessageContaining("altered");
        assertThatThrownBy(() -> CaseEvent.parse("hello\n".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("not a case event");
    }

    @Test
    void keyedHashesLinkEventsAboutAnAccountOnlyUnderTheConsortiumKey() {
        CaseEvents events = new CaseEvents("bank", consortiumKey, keys, RANDOM);
        CaseEvent step = CaseEvent.parse(events.traceStep(theCase, edge));
        CaseEvent answer = CaseEvent.parse(events.freezeAnswer(theCase, freeze));
        assertThat(step.accountHashes()).containsExactly(events.accountHash(VICTIM), events.accountHash(MULE));
        assertThat(answer.accountHashes()).containsExactly(events.accountHash(MULE));
        assertThat(step.caseRef()).isEqualTo(answer.caseRef());
        byte[] otherKey = consortiumKey.clone();
        otherKey[0] ^= 1;
        assertThat(new CaseEvents("bank", otherKey, keys, RANDOM).accountHash(MULE)).isNotEqualTo(events.accountHash(MULE));
        assertThatThrownBy(() -> new CaseEvents("bank", new byte[16], keys, RANDOM)).hasMessageContaining("at least 32 bytes");
    }

    @Test
    void aTraceIsRecordedOnTheLedgerInOrder(@TempDir Path dir) {
        TraceResult r = new TraceResult(theCase, List.of(), List.of(edge), List.of(), List.of(freeze));
        try (Ledger ledger = Ledger.open(dir, NoteSigner.generate("ledger.example", KeyType.ED25519), FsyncPolicy.ON_SYNC)) {
            List<CaseRecorder.Recorded> rec = new CaseRecorder(new CaseEvents("bank", consortiumKey, keys, RANDOM), ledger::append).record(r);
            assertThat(rec).extracting(CaseRecorder.Recorded::type).containsExactly("report", "trace-step", "freeze-request", "freeze-answer");
            assertThat(rec).extracting(CaseRecorder.Recorded::index).containsExactly(0L, 1L, 2L, 3L);
            List<String> types = new ArrayList<>();
            for (long i = 0; i < 4; i++) {
                types.add(CaseEvent.parse(ledger.log().entry(i)).type());
            }
            assertThat(types).containsExactly("report", "trace-step", "freeze-request", "freeze-answer");
            assertThat(CaseEvent.parse(ledger.log().entry(3)).open("payco", payco)).contains("\"accepted\":true");
        }
    }

    @Test
    void sealingKeysSurviveAFileRoundTrip(@TempDir Path dir) {
        Path f = dir.resolve("sealing.key");
        bank.write(f);
        assertThat(SealingKey.read(f).publicKey()).isEqualTo(bank.publicKey());
        assertThatThrownBy(() -> SealingKey.read(dir.resolve("none"))).hasMessageContaining("no such sealing key");
    }
}
