package secplane.governance.scan;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import secplane.governance.catalog.Catalog;
import secplane.governance.detectors.DetectionEngine;

/**
 * Samples every table of a database through plain JDBC and classifies each column by the share of its values
 * holding each type, with the column name as context. Reads only: the connection is marked read-only and,
 * on PostgreSQL, every transaction starts with SET TRANSACTION READ ONLY (which the server enforces; JDBC's
 * setReadOnly is only a hint for some drivers). Each table is read with LIMIT {@code sample} — the first rows
 * the database returns, not a random sample — so a table of any size costs at most that many rows.
 * A table that cannot be read (no privilege, a broken view) is skipped with the database's message.
 */
public final class JdbcScanner {
    private static final Set<String> SYSTEM_SCHEMAS = Set.of("information_schema", "pg_catalog", "pg_toast", "sys", "mysql", "performance_schema");
    private static final Set<Integer> BINARY = Set.of(Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB, Types.ARRAY,
            Types.STRUCT, Types.REF, Types.JAVA_OBJECT, Types.OTHER, Types.DATALINK, Types.ROWID, Types.SQLXML);

    private final DetectionEngine engine;
    private final Catalog catalog;
    private final ScanOptions options;

    public JdbcScanner(DetectionEngine engine, Catalog catalog, ScanOptions options) {
        this.engine = engine;
        this.catalog = catalog;
        this.options = options;
    }

    /** Connects, scans and closes; connection failures end the scan with the reason in the report. */
    public ScanReport scan(String url, String user, String password, ScanListener listener) {
        ScanReport report = new ScanReport(redactUrl(url));
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        try (Connection c = DriverManager.getConnection(url, props)) {
            scan(c, report, listener);
        } catch (SQLException e) {
            report.finish("cannot connect to " + redactUrl(url) + ": " + e.getMessage() + " (check the URL, user and password, and that the JDBC driver is on the class path)");
        }
        return report;
    }

    /** Scans over a connection the caller owns (and closes). */
    public ScanReport scan(Connection c, String label, ScanListener listener) {
        ScanReport report = new ScanReport(label);
        scan(c, report, listener);
        return report;
    }

    private void scan(Connection c, ScanReport report, ScanListener listener) {
        report.sample(options.sample());
        String abort = null;
        try {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            DatabaseMetaData md = c.getMetaData();
            boolean postgres = md.getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
            List<String[]> tables = tables(md);
            listener.started(tables.size());
            report.progress(0, tables.size());
            String quote = md.getIdentifierQuoteString().trim();
            for (int i = 0; i < tables.size(); i++) {
                String[] t = tables.get(i);
                String name = t[1] == null ? t[2] : t[1] + "." + t[2];
                try {
                    scanTable(c, md, postgres, quote, t, name, report);
                } catch (SQLException | RuntimeException e) {
                    report.skip(name, "cannot read table: " + e.getMessage());
                    rollbackQuietly(c);
                }
                if (c.isClosed()) {
                    throw new SQLException("the connection was closed after " + name);
                }
                report.progress(i + 1, tables.size());
                listener.unitDone(name, i + 1, tables.size(), report);
            }
        } catch (SQLException | RuntimeException e) {
            abort = "scan stopped: " + e.getMessage();
        } finally {
            report.finish(abort);
        }
    }

    private static List<String[]> tables(DatabaseMetaData md) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (ResultSet rs = md.getTables(null, null, "%", null)) {
            while (rs.next()) {
                String type = String.valueOf(rs.getString("TABLE_TYPE")).toUpperCase(Locale.ROOT);
                String schema = rs.getString("TABLE_SCHEM");
                if (type.contains("SYSTEM") || !(type.contains("TABLE") || type.contains("VIEW"))
                        || schema != null && SYSTEM_SCHEMAS.contains(schema.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                out.add(new String[] {rs.getString("TABLE_CAT"), schema, rs.getString("TABLE_NAME")});
            }
        }
        return out;
    }

    private void scanTable(Connection c, DatabaseMetaData md, boolean postgres, String quote, String[] t, String name, ScanReport report)
            throws SQLException {
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = md.getColumns(t[0], t[1], t[2], "%")) {
            while (rs.next()) {
                String col = rs.getString("COLUMN_NAME");
                if (BINARY.contains(rs.getInt("DATA_TYPE"))) {
                    report.skip(name + "." + col, "binary column (" + rs.getString("TYPE_NAME") + ") not sampled");
                } else {
                    columns.add(col);
                }
            }
        }
        if (columns.isEmpty()) {
            report.skip(name, "no readable columns");
            return;
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int k = 0; k < columns.size(); k++) {
            sql.append(k == 0 ? "" : ", ").append(q(quote, columns.get(k)));
        }
        sql.append(" FROM ");
        if (t[1] != null) {
            sql.append(q(quote, t[1])).append('.');
        }
        sql.append(q(quote, t[2])).append(" LIMIT ").append(options.sample());
        List<ColumnProfile> profiles = new ArrayList<>();
        for (String col : columns) {
            profiles.add(new ColumnProfile(name, col, "column"));
        }
        int overlong = 0;
        try (Statement st = c.createStatement()) {
            if (postgres) {
                // the server refuses any write in this transaction (PostgreSQL docs, SET TRANSACTION)
                st.execute("SET TRANSACTION READ ONLY");
            }
            st.setFetchSize(1000);
            st.setMaxRows(options.sample());
            try (ResultSet rs = st.executeQuery(sql.toString())) {
                while (rs.next()) {
                    for (int k = 0; k < columns.size(); k++) {
                        String v = rs.getString(k + 1);
                        if (v != null && v.length() > options.maxLineChars()) {
                            overlong++;
                            profiles.get(k).empty();
                            continue;
                        }
                        profiles.get(k).value(v, columns.get(k), engine, catalog, options.examples());
                    }
                }
            }
        } finally {
            rollbackQuietly(c);
        }
        for (ColumnProfile p : profiles) {
            report.add(p.toAsset(catalog, options.minHitRate()));
        }
        if (overlong > 0) {
            report.skip(name, overlong + " values longer than " + options.maxLineChars() + " characters not scanned");
        }
    }

    private static String q(String quote, String id) {
        return quote.isEmpty() ? id : quote + id.replace(quote, quote + quote) + quote;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            if (!c.isClosed()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // the next table reports its own error
        }
    }

    /** Hides a password given in the URL itself (user:password@host, password=...). */
    public static String redactUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("(//[^/:@]+:)[^@/]*@", "$1***@");
    }
}
