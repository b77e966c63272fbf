package secplane.consortium.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeStoreTest {
    @TempDir
    Path dir;

    private static void fill(NodeStore s) {
        Instant t = Instant.parse("2026-11-30T01:00:00Z");
        s.saveCase(new NodeStore.CaseRecord("case-1", t, "{\"account\":\"B-1\"}", "filed"));
        s.saveTraceResult("case-1", "{\"hops\":3}");
        long f = s.saveFreeze(new NodeStore.FreezeRecord("case-1", "P-7", "payco", NodeStore.Direction.SENT, t, Optional.empty()));
        s.answerFreeze(f, "accepted");
        s.saveFreeze(new NodeStore.FreezeRecord("case-9", "B-3", "telco", NodeStore.Direction.RECEIVED, t, Optional.of("rejected")));
        s.saveLedgerEntry(new NodeStore.LedgerRecord("case-1", "report", 0));
        s.saveLedgerEntry(new NodeStore.LedgerRecord("case-1", "freeze.request", 4));
        s.setStatus("case-1", "traced");
    }

    private static void assertFilled(NodeStore s) {
        assertThat(s.schemaVersion()).isEqualTo(NodeStore.SCHEMA_VERSION);
        assertThat(s.cases()).singleElement().satisfies(c -> {
            assertThat(c.caseId()).isEqualTo("case-1");
            assertThat(c.status()).isEqualTo("traced");
            assertThat(c.request()).contains("B-1");
            assertThat(c.filedAt().truncatedTo(ChronoUnit.SECONDS)).isEqualTo(Instant.parse("2026-11-30T01:00:00Z"));
        });
        assertThat(s.traceResult("case-1")).contains("{\"hops\":3}");
        assertThat(s.freezes("case-1")).singleElement().satisfies(f -> {
            assertThat(f.member()).isEqualTo("payco");
            assertThat(f.outcome()).contains("accepted");
        });
        assertThat(s.freezes("case-9")).extracting(NodeStore.FreezeRecord::direction).containsExactly(NodeStore.Direction.RECEIVED);
        assertThat(s.ledgerEntries("case-1")).extracting(NodeStore.LedgerRecord::index).containsExactly(0L, 4L);
    }

    @Test
    void anH2FileStoreKeepsEverythingAcrossARestart() {
        String url = "jdbc:h2:file:" + dir.resolve("store/bank");
        try (NodeStore s = NodeStore.open(url, "", "")) {
            fill(s);
        }
        try (NodeStore s = NodeStore.open(url, "", "")) {
            assertFilled(s);
        }
    }

    @Test
    void aDuplicateCaseIsRefusedWithoutDamagingTheStore() {
        try (NodeStore s = NodeStore.open("jdbc:h2:file:" + dir.resolve("dup"), "", "")) {
            fill(s);
            assertThatThrownBy(() -> s.saveCase(new NodeStore.CaseRecord("case-1", Instant.now(), "{}", "filed")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("refused a write");
            assertFilled(s);
        }
    }

    @Test
    void aStoreOfANewerSchemaIsRefused() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("newer");
        NodeStore.open(url, "", "").close();
        try (Connection c = DriverManager.getConnection(url, "", ""); Statement st = c.createStatement()) {
            st.execute("INSERT INTO schema_version VALUES (" + (NodeStore.SCHEMA_VERSION + 1) + ", CURRENT_TIMESTAMP)");
        }
        assertThatThrownBy(() -> NodeStore.open(url, "", "")).isInstanceOf(StoreException.class)
                .hasMessageContaining("newer than this node's");
    }

    @Test
    void postgresqlKeepsEverythingAcrossAReopen() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            try (NodeStore s = NodeStore.open(url, "postgres", "postgres")) {
                fill(s);
            }
            try (NodeStore s = NodeStore.open(url, "postgres", "postgres")) {
                assertFilled(s);
            }
        }
    }
}
