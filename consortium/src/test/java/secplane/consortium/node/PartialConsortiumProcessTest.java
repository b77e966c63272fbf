package secplane.consortium.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.consortium.data.MuleNetwork;
import secplane.consortium.data.MuleNetworkGenerator;

/** Node processes with one member down or misbehaving: the trace says what is missing and goes on. */
class PartialConsortiumProcessTest {
    private static final Duration READY = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static long found(MuleNetwork net, String report) {
        return net.transfers().stream().filter(h -> report.contains(h.transfer().id())).count();
    }

    @Test
    void withTelcoDownTheTraceReportsWhatIsMissingAndFollowsTheOtherBranches() {
        TestConsortium c = new TestConsortium(dir, "bank", "payco", "telco");
        MuleNetwork net = MemberTracing.generate(List.of(c.load("bank"), c.load("payco"), c.load("telco")), MuleNetworkGenerator.Params.small(5));
        try (NodeProcess bank = NodeProcess.node(c.config("bank"), dir.resolve("bank.out"));
                NodeProcess payco = NodeProcess.node(c.config("payco"), dir.resolve("payco.out"))) {
            bank.awaitReady(READY);
            payco.awaitReady(READY);
            CaseClient.Filed filed = CaseClient.file(c.load("bank"), net.victimAccount(), null, net.stolenAmount(), net.windowStart(),
                    net.windowEnd(), 5, Duration.ofMinutes(2), line -> { });
            long telcoHops = net.transfers().stream().filter(h -> "telco".equals(net.holders().get(h.transfer().toAccount()))).count();
            assertThat(telcoHops).as("the planted network passes through telco").isPositive();
            assertThat(filed.report()).contains("telco").containsPattern("(?s)gaps.*telco");
            assertThat(filed.json()).contains("\"member\":\"telco\"");
            // the branches not behind telco were followed: at least the first hop and every hop out of payco's and bank's mules
            assertThat(found(net, filed.report())).isGreaterThan(0).isLessThan(net.transfers().size());
            assertThat(filed.report()).contains("report #0");
        }
    }

    @Test
    void aMemberAnsweringMalformedOnwardDataIsRejectedWithAClearErrorAndTheTraceGoesOn() {
        TestConsortium c = new TestConsortium(dir, "bank", "payco", "telco");
        MuleNetwork net = MemberTracing.generate(List.of(c.load("bank"), c.load("payco"), c.load("telco")), MuleNetworkGenerator.Params.small(5));
        try (NodeProcess bank = NodeProcess.node(c.config("bank"), dir.resolve("bank.out"));
                NodeProcess payco = NodeProcess.node(c.config("payco"), dir.resolve("payco.out"));
                NodeProcess telco = NodeProcess.start(MalformedMemberMain.class, c.config("telco"), dir.resolve("telco.out"))) {
            bank.awaitReady(READY);
            payco.awaitReady(READY);
            telco.awaitReady(READY);
            CaseClient.Filed filed = CaseClient.file(c.load("bank"), net.victimAccount(), null, net.stolenAmount(), net.windowStart(),
                    net.windowEnd(), 5, Duration.ofMinutes(2), line -> { });
            assertThat(filed.json()).contains("malformed onward answer rejected");
            assertThat(found(net, filed.report())).isGreaterThan(0);
            assertThat(bank.alive()).isTrue();
        }
    }
}
