package secplane.consortium.data;

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
import java.util.function.Consumer;

/**
 * A member's own accounts, the transfers out of them and its fraud flags, in a JDBC database (embedded H2 by default,
 * PostgreSQL tested as well).
 * Transfers are indexed on (from_account, at): the only query tracing asks is "what left this account inside this
 * window". Reads are thread-safe (one connection per call).
 */
public final class MemberData implements AutoCloseable {
    private static final int BATCH = 2000;
    private final String url;
    /** Keeps an in-memory H2 database alive between calls. */
    private final Connection keepAlive;

    private MemberData(String url, Connection keepAlive) {
        this.url = url;
        this.keepAlive = keepAlive;
    }

    /** Opens (creating the tables if absent) the database at {@code jdbcUrl}. */
    public static MemberData open(String jdbcUrl) {
        try {
            Connection c = DriverManager.getConnection(jdbcUrl);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS accounts (id VARCHAR(64) PRIMARY KEY)");
                s.execute("CREATE TABLE IF NOT EXISTS transfers (id VARCHAR(64) PRIMARY KEY, from_account VARCHAR(64) NOT NULL,"
                        + " to_member VARCHAR(64), to_account VARCHAR(64) NOT NULL, amount BIGINT NOT NULL, at TIMESTAMP(3) WITH TIME ZONE NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS flags (account VARCHAR(64) NOT NULL, amount BIGINT NOT NULL)");
            }
            index(c);
            return new MemberData(jdbcUrl, c);
        } catch (SQLException e) {
            throw new IllegalArgumentException("cannot open the member data at " + jdbcUrl + ": " + e.getMessage()
                    + " (check the data: jdbc URL in the member configuration)", e);
        }
    }

    private static void index(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE INDEX IF NOT EXISTS transfers_from_at ON transfers (from_account, at)");
        }
        // DDL is transactional in PostgreSQL (not in H2): make the index stick
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** Whether this member holds {@code account}. */
    public boolean holds(String account) {
        return query("SELECT 1 FROM accounts WHERE id = ?", ps -> ps.setString(1, account), rs -> rs.next());
    }

    /** Every account this member holds (for preparing its OPRF lookup set). */
    public List<String> accounts() {
        return query("SELECT id FROM accounts", ps -> { }, rs -> {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        });
    }

    public long accountCount() {
        return count("accounts");
    }

    public long transferCount() {
        return count("transfers");
    }

    private long count(String table) {
        return query("SELECT COUNT(*) FROM " + table, ps -> { }, rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    /**
     * Transfers out of {@code account} at or after {@code from} and at or before {@code to}, earliest first, at most
     * {@code limit}.
     */
    public List<Transfer> transfersOut(String account, Instant from, Instant to, int limit) {
        return query("SELECT id, from_account, to_member, to_account, amount, at FROM transfers WHERE from_account = ? AND at >= ? AND at <= ?"
                + " ORDER BY at, id LIMIT ?", ps -> {
                    ps.setString(1, account);
                    ps.setTimestamp(2, Timestamp.from(from));
                    ps.setTimestamp(3, Timestamp.from(to));
                    ps.setInt(4, limit);
                }, rs -> {
                    List<Transfer> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new Transfer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                                rs.getTimestamp(6).toInstant()));
                    }
                    return out;
                });
    }

    public List<Flag> flags() {
        return query("SELECT account, amount FROM flags", ps -> { }, rs -> {
            List<Flag> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Flag(rs.getString(1), rs.getLong(2)));
            }
            return out;
        });
    }

    /**
     * Loads data in one transaction: {@code producer} writes into the sink; if it throws, nothing it wrote stays.
     * Rows are inserted in batches as they come.
     */
    public void load(Consumer<DataSink> producer) {
        try (Loader l = loader()) {
            producer.accept(l);
            l.commit();
        }
    }

    /** An open transaction to load rows into; nothing is visible until {@link Loader#commit}, and closing without it rolls back. */
    public Loader loader() {
        try {
            return new Loader(connect());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + url + " for loading: " + e.getMessage(), e);
        }
    }

    /** Batched inserts inside one transaction. */
    public final class Loader implements DataSink, AutoCloseable {
        private final Connection c;
        private final PreparedStatement accounts;
        private final PreparedStatement transfers;
        private final PreparedStatement flags;
        private int na;
        private int nt;
        private int nf;
        private boolean committed;

        Loader(Connection c) throws SQLException {
            this.c = c;
            // into an empty table, rows go in without the (from_account, at) index, which is built once at the end:
            // kept up row by row, its random inserts make H2's file ~15 times larger and the load slower
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM transfers")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    s.execute("DROP INDEX IF EXISTS transfers_from_at");
                }
            }
            c.setAutoCommit(false);
            accounts = c.prepareStatement("INSERT INTO accounts (id) VALUES (?)");
            transfers = c.prepareStatement("INSERT INTO transfers (id, from_account, to_member, to_account, amount, at) VALUES (?, ?, ?, ?, ?, ?)");
            flags = c.prepareStatement("INSERT INTO flags (account, amount) VALUES (?, ?)");
        }

        @Override
        public void account(String id) {
            try {
                accounts.setString(1, id);
                accounts.addBatch();
                if (++na % BATCH == 0) {
                    accounts.executeBatch();
                }
            } catch (SQLException e) {
                throw failed("account", e);
            }
        }

        @Override
        public void transfer(Transfer t) {
            try {
                transfers.setString(1, t.id());
                transfers.setString(2, t.fromAccount());
                transfers.setString(3, t.toMember());
                transfers.setString(4, t.toAccount());
                transfers.setLong(5, t.amount());
                transfers.setTimestamp(6, Timestamp.from(t.time()));
                transfers.addBatch();
                if (++nt % BATCH == 0) {
                    transfers.executeBatch();
                }
            } catch (SQLException e) {
                throw failed("transfer", e);
            }
        }

        @Override
        public void flag(Flag f) {
            try {
                flags.setString(1, f.account());
                flags.setLong(2, f.amount());
                flags.addBatch();
                if (++nf % BATCH == 0) {
                    flags.executeBatch();
                }
            } catch (SQLException e) {
                throw failed("flag", e);
            }
        }

        private IllegalStateException failed(String what, SQLException e) {
            return new IllegalStateException("inserting " + what + " rows into " + url + " failed: " + e.getMessage() + "; nothing was loaded", e);
        }

        public void commit() {
            try {
                accounts.executeBatch();
                transfers.executeBatch();
                flags.executeBatch();
                c.commit();
                committed = true;
                index(c);
            } catch (SQLException e) {
                throw failed("the last", e);
            }
        }

        @Override
        public void close() {
            try {
                if (!committed) {
                    c.rollback();
                    index(c);
                }
                c.close();
            } catch (SQLException ignored) {
                // the connection is going away; an uncommitted transaction is discarded with it
            }
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T query(String sql, Binder binder, Reader<T> reader) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the member data at " + url + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            keepAlive.close();
        } catch (SQLException ignored) {
            // closing a read connection; nothing to flush
        }
    }
}
