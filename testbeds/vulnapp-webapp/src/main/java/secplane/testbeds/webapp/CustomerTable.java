package secplane.testbeds.webapp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The customers table the customer endpoint reads from: an in-memory H2 database of the webapp, filled with
 * the synthetic records at start. Reads use plain JDBC by column label, as a DAO or a row mapper does.
 */
final class CustomerTable {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private final JdbcDataSource source;
    /** Keeps the in-memory database alive between requests. */
    private final Connection keepAlive;

    private CustomerTable(JdbcDataSource source, Connection keepAlive) {
        this.source = source;
        this.keepAlive = keepAlive;
    }

    static CustomerTable create(Map<String, String[]> customers) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:customers" + DATABASES.incrementAndGet());
        try {
            Connection c = ds.getConnection();
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE customers (id VARCHAR(20) PRIMARY KEY, name VARCHAR(100), id_number VARCHAR(18), "
                        + "bank_card VARCHAR(19), mobile VARCHAR(11))");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO customers VALUES (?, ?, ?, ?, ?)")) {
                for (Map.Entry<String, String[]> e : customers.entrySet()) {
                    ps.setString(1, e.getKey());
                    for (int i = 0; i < 4; i++) {
                        ps.setString(i + 2, e.getValue()[i]);
                    }
                    ps.executeUpdate();
                }
            }
            return new CustomerTable(ds, c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the customers table: " + e.getMessage(), e);
        }
    }

    /** @return {name, identity number, bank card, mobile}, or null when there is no such customer */
    String[] find(String id) throws SQLException {
        try (Connection c = source.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT name, id_number, bank_card, mobile FROM customers WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new String[] {rs.getString("name"), rs.getString("id_number"), rs.getString("bank_card"), rs.getString("mobile")};
            }
        }
    }
}
