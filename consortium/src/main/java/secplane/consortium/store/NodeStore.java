package secplane.consortium.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a member node keeps about its own cases: the cases it filed, their trace results, the freeze requests it sent
 * or received with their answers, and the ledger indexes of the case events it recorded. JDBC: an embedded H2 file by
 * default, PostgreSQL in production. A {@code schema_version} table records the schema applied; a store written by
 * a newer version is refused rather than misread. Every write is committed before the call returns, so a restart
 * loses nothing acknowledged.
 */
public final class NodeStore implements AutoCloseable {
    /** The schema this code writes; raise it with a migration step in {@link #migrate}. */
    public static final int SCHEMA_VERSION = 1;

    private final Connection db;
    private final String url;

    private NodeStore(Connection db, String url) {
        this.db = db;
        this.url = url;
    }

    /** A filed case. {@code request} is the case as filed (JSON), {@code status} e.g. {@code traced}. */
    public record CaseRecord(String caseId, Instant filedAt, String request, String status) {
    }

    /** A freeze request this member sent ({@code SENT}) or received ({@code RECEIVED}), and its answer once known. */
    public record FreezeRecord(String caseId, String account, String member, Direction direction, Instant requestedAt,
            Optional<String> outcome) {
    }

    public enum Direction { SENT, RECEIVED }

    /** A case event this member put on the ledger. */
    public record LedgerRecord(String caseId, String event, long index) {
    }

    public static NodeStore open(String url, String user, String password) {
        try {
            Connection c = DriverManager.getConnection(url, user, password);
            c.setAutoCommit(false);
            NodeStore s = new NodeStore(c, url);
            s.migrate();
            return s;
        } catch (SQLException e) {
            throw new StoreException("cannot open the node store " + redact(url) + ": " + e.getMessage()
                    + " (check store.url, store.user and store.password in member.yaml)", e);
        }
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    private void migrate() throws SQLException {
        try (Statement st = db.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL, applied_at TIMESTAMP NOT NULL)");
            int current = 0;
            try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
                if (rs.next()) {
                    current = rs.getInt(1);
                }
            }
            if (current > SCHEMA_VERSION) {
                db.rollback();
                throw new StoreException("the node store " + redact(url) + " has schema version " + current
                        + ", newer than this node's " + SCHEMA_VERSION + "; run the newer secplane version", null);
            }
            if (current < 1) {
                st.execute("CREATE TABLE cases (case_id VARCHAR(100) PRIMARY KEY, filed_at TIMESTAMP NOT NULL, request TEXT NOT NULL,"
                        + " status VARCHAR(40) NOT NULL)");
                st.execute("CREATE TABLE trace_results (case_id VARCHAR(100) NOT NULL, recorded_at TIMESTAMP NOT NULL, result TEXT NOT NULL)");
                st.execute("CREATE INDEX trace_results_case ON trace_results (case_id)");
                st.execute("CREATE TABLE freezes (id BIGINT NOT NULL PRIMARY KEY, case_id VARCHAR(100) NOT NULL, account VARCHAR(200) NOT NULL,"
                        + " member VARCHAR(100) NOT NULL, direction VARCHAR(10) NOT NULL, requested_at TIMESTAMP NOT NULL, outcome VARCHAR(400))");
                st.execute("CREATE INDEX freezes_case ON freezes (case_id)");
                st.execute("CREATE TABLE ledger_entries (case_id VARCHAR(100) NOT NULL, event VARCHAR(40) NOT NULL, ledger_index BIGINT NOT NULL)");
                st.execute("CREATE INDEX ledger_entries_case ON ledger_entries (case_id)");
                try (PreparedStatement ps = db.prepareStatement("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
                    ps.setInt(1, 1);
                    ps.setTimestamp(2, Timestamp.from(Instant.now()));
                    ps.executeUpdate();
                }
            }
            db.commit();
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        }
    }

    public synchronized int schemaVersion() {
        return query("SELECT MAX(version) FROM schema_version", ps -> { }, rs -> rs.getInt(1)).get(0);
    }

    public synchronized void saveCase(CaseRecord c) {
        update("INSERT INTO cases (case_id, filed_at, request, status) VALUES (?, ?, ?, ?)", ps -> {
            ps.setString(1, c.caseId());
            ps.setTimestamp(2, Timestamp.from(c.filedAt()));
            ps.setString(3, c.request());
            ps.setString(4, c.status());
        });
    }

    public synchronized void setStatus(String caseId, String status) {
        update("UPDATE cases SET status = ? WHERE case_id = ?", ps -> {
            ps.setString(1, status);
            ps.setString(2, caseId);
        });
    }

    public synchronized List<CaseRecord> cases() {
        return query("SELECT case_id, filed_at, request, status FROM cases ORDER BY filed_at, case_id", ps -> { },
                rs -> new CaseRecord(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4)));
    }

    public synchronized Optional<CaseRecord> caseById(String caseId) {
        return query("SELECT case_id, filed_at, request, status FROM cases WHERE case_id = ?", ps -> ps.setString(1, caseId),
                rs -> new CaseRecord(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4)))
                .stream().findFirst();
    }

    public synchronized void saveTraceResult(String caseId, String resultJson) {
        update("INSERT INTO trace_results (case_id, recorded_at, result) VALUES (?, ?, ?)", ps -> {
            ps.setString(1, caseId);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setString(3, resultJson);
        });
    }

    /** The latest trace result of a case. */
    public synchronized Optional<String> traceResult(String caseId) {
        return query("SELECT result FROM trace_results WHERE case_id = ? ORDER BY recorded_at DESC", ps -> ps.setString(1, caseId),
                rs -> rs.getString(1)).stream().findFirst();
    }

    /** Records a freeze request; returns its id for {@link #answerFreeze}. */
    public synchronized long saveFreeze(FreezeRecord f) {
        long id = query("SELECT COALESCE(MAX(id), 0) + 1 FROM freezes", ps -> { }, rs -> rs.getLong(1)).get(0);
        update("INSERT INTO freezes (id, case_id, account, member, direction, requested_at, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setLong(1, id);
            ps.setString(2, f.caseId());
            ps.setString(3, f.account());
            ps.setString(4, f.member());
            ps.setString(5, f.direction().name());
            ps.setTimestamp(6, Timestamp.from(f.requestedAt()));
            ps.setString(7, f.outcome().orElse(null));
        });
        return id;
    }

    public synchronized void answerFreeze(long id, String outcome) {
        update("UPDATE freezes SET outcome = ? WHERE id = ?", ps -> {
            ps.setString(1, outcome);
            ps.setLong(2, id);
        });
    }

    public synchronized List<FreezeRecord> freezes(String caseId) {
        return query("SELECT case_id, account, member, direction, requested_at, outcome FROM freezes WHERE case_id = ? ORDER BY id",
                ps -> ps.setString(1, caseId), rs -> new FreezeRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                        Direction.valueOf(rs.getString(4)), rs.getTimestamp(5).toInstant(), Optional.ofNullable(rs.getString(6))));
    }

    public synchronized void saveLedgerEntry(LedgerRecord r) {
        update("INSERT INTO ledger_entries (case_id, event, ledger_index) VALUES (?, ?, ?)", ps -> {
            ps.setString(1, r.caseId());
            ps.setString(2, r.event());
            ps.setLong(3, r.index());
        });
    }

    public synchronized List<LedgerRecord> ledgerEntries(String caseId) {
        return query("SELECT case_id, event, ledger_index FROM ledger_entries WHERE case_id = ? ORDER BY ledger_index",
                ps -> ps.setString(1, caseId), rs -> new LedgerRecord(rs.getString(1), rs.getString(2), rs.getLong(3)));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private void update(String sql, Binder b) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            b.bind(ps);
            ps.executeUpdate();
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw new StoreException("the node store refused a write: " + e.getMessage(), e);
        }
    }

    private <T> List<T> query(String sql, Binder b, Row<T> row) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            b.bind(ps);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            db.commit();
            return out;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("reading the node store failed: " + e.getMessage(), e);
        }
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the original error is reported
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing is best effort
        }
    }
}
