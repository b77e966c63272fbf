package secplane.consortium.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemberDataTest {
    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    @Test
    void csvFilesLoadAndAnswerWindowedOnwardQueries() throws Exception {
        Path accounts = write("accounts.csv", "account", "A1", "A2");
        Path transfers = write("transfers.csv", "id,from_account,to_member,to_account,amount,time",
                "t1,A1,payco,P9,5000,2026-03-01T10:00:00Z",
                "t2,A1,,X7,3000,2026-03-01T12:00:00Z",
                "t3,A1,bank,A2,100,2026-03-05T00:00:00Z",
                "t4,A2,bank,A1,50,2026-03-01T11:00:00Z");
        Path flags = write("flags.csv", "account,amount", "P9,2500");
        try (MemberData d = new DataConfig(null, accounts, transfers, flags).open()) {
            assertThat(d.holds("A1")).isTrue();
            assertThat(d.holds("P9")).isFalse();
            List<Transfer> out = d.transfersOut("A1", Instant.parse("2026-03-01T09:00:00Z"), Instant.parse("2026-03-02T00:00:00Z"), 10);
            assertThat(out).extracting(Transfer::id).containsExactly("t1", "t2");
            assertThat(out.get(1).toMember()).isNull();
            assertThat(d.transfersOut("A1", Instant.parse("2026-03-01T11:00:00Z"), Instant.parse("2026-03-09T00:00:00Z"), 1))
                    .extracting(Transfer::id).containsExactly("t2");
            assertThat(d.flags()).containsExactly(new Flag("P9", 2500));
        }
    }

    @Test
    void postgresqlHoldsTheSameDataAndAnswersTheSameQueries() throws Exception {
        Path accounts = write("accounts.csv", "account", "A1", "A2");
        Path transfers = write("transfers.csv", "id,from_account,to_member,to_account,amount,time",
                "t1,A1,payco,P9,5000,2026-03-01T10:00:00Z",
                "t2,A1,,X7,3000,2026-03-01T12:00:00Z",
                "t3,A2,bank,A1,50,2026-03-01T11:00:00Z");
        Path bad = write("bad.csv", "id,from_account,to_member,to_account,amount,time", "t9,A1,payco,P9,-4,2026-03-01T10:00:00Z");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            new DataConfig(url, accounts, transfers, null).open().close();
            assertThatThrownBy(() -> new DataConfig(url, accounts, bad, null).open()).hasMessageContaining("bad.csv:2");
            try (MemberData d = MemberData.open(url); Connection c = DriverManager.getConnection(url);
                    ResultSet rs = c.createStatement().executeQuery("SELECT indexname FROM pg_indexes WHERE tablename = 'transfers'")) {
                assertThat(d.accountCount()).as("the failed load left nothing").isEqualTo(2);
                assertThat(d.transfersOut("A1", Instant.parse("2026-03-01T09:00:00Z"), Instant.parse("2026-03-02T00:00:00Z"), 10))
                        .extracting(Transfer::id).containsExactly("t1", "t2");
                assertThat(d.transfersOut("A1", Instant.parse("2026-03-01T09:00:00Z"), Instant.parse("2026-03-02T00:00:00Z"), 10).get(0).time())
                        .isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
                List<String> indexes = new ArrayList<>();
                while (rs.next()) {
                    indexes.add(rs.getString(1));
                }
                assertThat(indexes).contains("transfers_from_at");
            }
        }
    }

    @Test
    void aBadRowNamesFileAndLineAndNothingIsLoaded() throws Exception {
        Path accounts = write("accounts.csv", "account", "A1", "A2");
        Path transfers = write("transfers.csv", "id,from_account,to_member,to_account,amount,time",
                "t1,A1,payco,P9,5000,2026-03-01T10:00:00Z",
                "t2,A1,payco,P9,12.50,2026-03-01T10:00:00Z");
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
        assertThatThrownBy(() -> new DataConfig(url, accounts, transfers, null).open())
                .hasMessageContaining("transfers.csv:3").hasMessageContaining("minor units");
        try (MemberData d = MemberData.open(url)) {
            assertThat(d.accountCount()).isZero();
            assertThat(d.transferCount()).isZero();
        }
    }

    @Test
    void otherBadInputIsNamed() throws Exception {
        Path accounts = write("accounts.csv", "account", "A1");
        Path wrongHeader = write("t.csv", "id,from,to,amount");
        assertThatThrownBy(() -> new DataConfig(null, accounts, wrongHeader, null).open()).hasMessageContaining("t.csv:1")
                .hasMessageContaining("id,from_account,to_member,to_account,amount,time");
        Path foreign = write("t2.csv", "id,from_account,to_member,to_account,amount,time", "t1,ZZ,payco,P9,5,2026-03-01T10:00:00Z");
        assertThatThrownBy(() -> new DataConfig(null, accounts, foreign, null).open()).hasMessageContaining("t2.csv:2")
                .hasMessageContaining("not among this member's accounts");
        Path badTime = write("t3.csv", "id,from_account,to_member,to_account,amount,time", "t1,A1,payco,P9,5,yesterday");
        assertThatThrownBy(() -> new DataConfig(null, accounts, badTime, null).open()).hasMessageContaining("t3.csv:2")
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> DataConfig.fromMap(Map.of("jdbcurl", "x"), dir)).hasMessageContaining("unknown key 'jdbcurl'");
        assertThatThrownBy(() -> new DataConfig(null, accounts, null, null)).hasMessageContaining("both");
    }

    private static final class Collect implements DataSink {
        final List<String> accounts = new ArrayList<>();
        final List<Transfer> transfers = new ArrayList<>();
        final List<Flag> flags = new ArrayList<>();

        @Override
        public void account(String id) {
            accounts.add(id);
        }

        @Override
        public void transfer(Transfer t) {
            transfers.add(t);
        }

        @Override
        public void flag(Flag f) {
            flags.add(f);
        }
    }

    private static Map<String, Collect> run(long seed, MuleNetwork[] out) {
        Map<String, Collect> sinks = new HashMap<>();
        out[0] = MuleNetworkGenerator.generate(MuleNetworkGenerator.Params.small(seed), m -> sinks.computeIfAbsent(m, k -> new Collect()));
        return sinks;
    }

    @Test
    void theGeneratorIsDeterministicAndPlantsALayeredDecreasingNetworkInsideTheWindow() {
        MuleNetwork[] a = new MuleNetwork[1];
        MuleNetwork[] b = new MuleNetwork[1];
        Map<String, Collect> da = run(3, a);
        Map<String, Collect> db = run(3, b);
        assertThat(a[0]).isEqualTo(b[0]);
        assertThat(da.get("telco").transfers).isEqualTo(db.get("telco").transfers);
        MuleNetwork[] c = new MuleNetwork[1];
        run(4, c);
        assertThat(c[0].transfers()).isNotEqualTo(a[0].transfers());

        MuleNetwork n = a[0];
        assertThat(da).containsOnlyKeys("bank", "payco", "telco");
        assertThat(da.get("bank").accounts).hasSize(200);
        assertThat(da.get("bank").transfers).hasSize(1000);
        assertThat(n.holders().values()).contains("bank", "payco", "telco");
        assertThat(n.depth()).isEqualTo(4);
        Map<String, Long> received = new HashMap<>();
        Map<String, Instant> arrived = new HashMap<>();
        received.put(n.victimAccount(), n.stolenAmount());
        arrived.put(n.victimAccount(), n.windowStart());
        long outOfVictim = 0;
        for (MuleNetwork.Hop h : n.transfers()) {
            Transfer t = h.transfer();
            assertThat(t.time()).isAfterOrEqualTo(arrived.get(t.fromAccount())).isBefore(n.windowEnd());
            assertThat(t.amount()).isLessThanOrEqualTo(received.get(t.fromAccount()));
            received.merge(t.toAccount(), t.amount(), Long::sum);
            arrived.putIfAbsent(t.toAccount(), t.time());
            assertThat(da.get(h.fromMember()).transfers).contains(t);
            if (t.fromAccount().equals(n.victimAccount())) {
                outOfVictim += t.amount();
            }
        }
        assertThat(outOfVictim).isEqualTo(n.stolenAmount());
        // nothing else leaves the victim or a mule: background senders never use them
        for (Collect col : da.values()) {
            assertThat(col.transfers).filteredOn(t -> n.holders().containsKey(t.fromAccount()))
                    .allMatch(t -> n.transfers().stream().anyMatch(h -> h.transfer().equals(t)));
        }
    }
}
