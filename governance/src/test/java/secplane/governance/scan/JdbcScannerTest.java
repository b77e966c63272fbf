package secplane.governance.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import secplane.governance.catalog.Catalog;
import secplane.governance.catalog.Gbt43697Level;
import secplane.governance.detectors.DetectionEngine;

class JdbcScannerTest {
    private static EmbeddedPostgres pg;
    private final JdbcScanner scanner = new JdbcScanner(DetectionEngine.standard(), Catalog.builtin(), ScanOptions.defaults().withSample(500));

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    /** A customers table: ids, phones, names in a name column, free-text notes and an order number column. */
    static void fill(Connection c, String ddlSuffix) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE customers (id INT PRIMARY KEY, full_name VARCHAR(40), id_card VARCHAR(20), mobile VARCHAR(20), note VARCHAR(200), order_no VARCHAR(30))" + ddlSuffix);
            st.execute("CREATE TABLE products (sku VARCHAR(20), title VARCHAR(100))" + ddlSuffix);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?)")) {
            String[] names = {"张伟", "王芳", "李娜", "欧阳明月", "刘洋"};
            for (int i = 0; i < 1000; i++) {
                ps.setInt(1, i);
                ps.setString(2, names[i % names.length]);
                String body = String.format("330106%04d%02d%02d%03d", 1960 + i % 40, 1 + i % 12, 1 + i % 28, i % 1000);
                ps.setString(3, body + secplane.governance.detectors.Checksums.gb11643(body));
                ps.setString(4, "139" + String.format("%08d", 10_000_000 + i * 7));
                ps.setString(5, i % 10 == 0 ? "客户来电, 邮箱 user" + i + "@example.com" : "无备注");
                ps.setString(6, "2023" + String.format("%014d", i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (Statement st = c.createStatement()) {
            st.execute("INSERT INTO products VALUES ('A-1', 'Tea cup'), ('A-2', 'Kettle')");
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private static Map<String, Asset> byName(ScanReport r) {
        return r.assets().stream().collect(Collectors.toMap(a -> a.name().toLowerCase(), Function.identity()));
    }

    private static void assertCustomers(ScanReport r, String prefix) {
        assertThat(r.aborted()).isNull();
        Map<String, Asset> a = byName(r);
        Asset id = a.get(prefix + "customers.id_card");
        assertThat(id.sampled()).isEqualTo(500);
        assertThat(id.types()).extracting(TypeHit::type).containsExactly("CN_RESIDENT_ID");
        assertThat(id.types().get(0).hitRate()).isEqualTo(1.0);
        assertThat(id.types().get(0).examples()).allMatch(ex -> ex.matches("330\\*{11}[0-9X]{4}"));
        assertThat(id.classification().piplSensitive()).isTrue();
        assertThat(id.classification().gbt43697()).isEqualTo(Gbt43697Level.GENERAL_4);
        assertThat(a.get(prefix + "customers.mobile").types()).extracting(TypeHit::type).containsExactly("CN_MOBILE");
        assertThat(a.get(prefix + "customers.full_name").types()).extracting(TypeHit::type).containsExactly("CN_PERSON_NAME");
        TypeHit email = a.get(prefix + "customers.note").types().get(0);
        assertThat(email.type()).isEqualTo("EMAIL");
        assertThat(email.hitRate()).isEqualTo(0.1);
        assertThat(a.get(prefix + "customers.order_no").types()).isEmpty();
        assertThat(a.get(prefix + "products.title").types()).isEmpty();
    }

    @Test
    void classifiesH2ColumnsFromABoundedSample() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:gov1;DB_CLOSE_DELAY=-1", "sa", "")) {
            fill(c, "");
        }
        assertCustomers(scanner.scan("jdbc:h2:mem:gov1", "sa", "", ScanListener.NONE), "public.");
    }

    /** The suite has no MySQL server to start: H2's MySQL compatibility mode stands in for the dialect (backtick quoting, LIMIT). */
    @Test
    void classifiesAMySqlCompatibleDatabase() throws Exception {
        String url = "jdbc:h2:mem:gov2;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            fill(c, " ENGINE=InnoDB");
        }
        assertCustomers(scanner.scan(url, "sa", "", ScanListener.NONE), "public.");
    }

    @Test
    void classifiesPostgresInAReadOnlyTransactionAndSkipsTablesItMayNotRead() throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS customers, products, secrets");
            fill(c, "");
            st.execute("CREATE TABLE secrets (k TEXT)");
            st.execute("DROP ROLE IF EXISTS auditor");
            st.execute("CREATE ROLE auditor LOGIN PASSWORD 'audit'");
            st.execute("GRANT SELECT ON customers, products TO auditor");
            // a function that writes: if the scan were not read-only, selecting from the view would insert
            st.execute("CREATE TABLE IF NOT EXISTS audit_log (at TIMESTAMP)");
            st.execute("CREATE OR REPLACE FUNCTION touch() RETURNS TEXT AS $$ BEGIN INSERT INTO audit_log VALUES (now()); RETURN 'x'; END $$ LANGUAGE plpgsql");
            st.execute("CREATE OR REPLACE VIEW writes_on_read AS SELECT touch() AS t");
        }
        ScanReport r = scanner.scan("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres", "auditor", "audit", ScanListener.NONE);
        assertCustomers(r, "public.");
        assertThat(r.skipped()).anySatisfy(s -> {
            assertThat(s.what()).isEqualTo("public.secrets");
            assertThat(s.reason()).contains("permission denied");
        });
        ScanReport asOwner = scanner.scan(pg.getJdbcUrl("postgres", "postgres"), "postgres", null, ScanListener.NONE);
        assertThat(asOwner.skipped()).anySatisfy(s -> {
            assertThat(s.what()).isEqualTo("public.writes_on_read");
            assertThat(s.reason()).contains("read-only transaction");
        });
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM audit_log")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void aConnectionLostHalfWayStillReportsTheTablesDoneAndWhy() throws Exception {
        Connection c = DriverManager.getConnection("jdbc:h2:mem:gov3");
        fill(c, "");
        AtomicReference<ScanReport> seen = new AtomicReference<>();
        ScanReport r = scanner.scan(c, "h2", new ScanListener() {
            @Override
            public void unitDone(String unit, int done, int total, ScanReport report) {
                seen.set(report);
                try {
                    c.close();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        assertThat(r.aborted()).contains("closed");
        assertThat(r.unitsDone()).isEqualTo(1);
        assertThat(r.assets()).isNotEmpty();
        assertThat(seen.get()).isSameAs(r);
    }

    @Test
    void anUnreachableDatabaseEndsWithTheReasonNotAnException() {
        ScanReport r = scanner.scan("jdbc:postgresql://127.0.0.1:1/none?password=hunter2", "x", "y", ScanListener.NONE);
        assertThat(r.aborted()).contains("cannot connect").doesNotContain("hunter2");
        assertThat(r.target()).doesNotContain("hunter2");
    }
}
