package secplane.consortium.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.consortium.data.DataConfig;
import secplane.consortium.data.MemberData;
import secplane.consortium.net.TlsMemberChannels;

/** The per-account window: money counts from when it arrived, the earliest arrival when it arrived twice. */
class TracerWindowTest {
    @TempDir
    Path dir;

    @Test
    void transfersOutCountOnlyAfterTheMoneyArrivedAtItsEarliest() throws Exception {
        Files.writeString(dir.resolve("accounts.csv"), "account\nV\nA\nB\nC\nD\nE\n");
        Files.writeString(dir.resolve("transfers.csv"), String.join("\n",
                "id,from_account,to_member,to_account,amount,time",
                "t1,V,bank,A,1000,2026-03-02T10:00:00Z",
                "t2,V,bank,B,1000,2026-03-02T10:05:00Z",
                "t0,A,bank,E,500,2026-03-02T09:45:00Z", // before the money reached A: not part of the flow
                "t3,A,bank,C,900,2026-03-02T11:00:00Z",
                "t4,B,bank,C,900,2026-03-02T10:30:00Z",
                "t5,C,bank,D,1700,2026-03-02T10:45:00Z", // after C's first arrival (10:30), before its second (11:00)
                ""));
        try (MemberData data = new DataConfig(null, dir.resolve("accounts.csv"), dir.resolve("transfers.csv"), null).open()) {
            TraceServices services = TraceServices.open(data, dir.resolve("state"), FreezePolicy.standard(), TestConsortium.POOL,
                    TestConsortium.WORKERS, TraceServices.RequestObserver.NONE);
            Tracer tracer = new Tracer(new TlsMemberChannels("bank", SSLContext.getDefault(), List.of(), Duration.ofSeconds(1)), services,
                    TestConsortium.POOL, TestConsortium.WORKERS, dir.resolve("cache"), 100);
            TraceResult r = tracer.trace(new TraceCase("c", "V", "bank", 2000, Instant.parse("2026-03-02T09:30:00Z"),
                    Instant.parse("2026-03-03T09:30:00Z"), 5));

            assertThat(r.edges()).extracting(TraceResult.Edge::transferId).containsExactlyInAnyOrder("t1", "t2", "t3", "t4", "t5");
            TraceResult.Node c = r.nodes().stream().filter(n -> n.account().equals("C")).findFirst().orElseThrow();
            assertThat(c.arrived()).isEqualTo(Instant.parse("2026-03-02T10:30:00Z"));
            assertThat(c.amountIn()).isEqualTo(1800);
            assertThat(r.freezes()).extracting(TraceResult.Freeze::account).containsExactlyInAnyOrder("A", "B", "C", "D");
        }
    }
}
