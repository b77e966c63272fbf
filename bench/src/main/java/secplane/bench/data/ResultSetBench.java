package secplane.bench.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The {@code jdbc.result} join point's cost on a real driver: one operation moves an open H2 result set of
 * 10,000 customers to its next row (back to the first at the end) and reads two columns with
 * {@code ResultSet.getString(int)}: a mobile number (11 digits: it passes the data aspect's pre-check) and a
 * name (it does not). Run without the agent, with the agent and the data aspect disabled, and with the agent's
 * default policy (the data aspect observing at its default 1 % sample) by {@link ResultSetRunner}; outside a
 * request, so lineage does not apply (its cost is {@link LineageBench}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ResultSetBench {
    static final int ROWS = 10_000;
    private Connection connection;
    private ResultSet rs;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
        connection = ds.getConnection();
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(40), mobile VARCHAR(11))");
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO customers VALUES (?, ?, ?)")) {
            for (int i = 0; i < ROWS; i++) {
                ps.setInt(1, i);
                ps.setString(2, "customer " + i);
                ps.setString(3, String.format("138%08d", i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        Statement s = connection.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY);
        rs = s.executeQuery("SELECT id, name, mobile FROM customers ORDER BY id");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        rs.close();
        connection.close();
    }

    /** The baseline in the same fork: moving to the next row and reading the row's id as an int (not a join point). */
    @Benchmark
    public int nextRow() throws Exception {
        if (!rs.next()) {
            rs.first();
        }
        return rs.getInt(1);
    }

    @Benchmark
    public void nextRowTwoStrings(Blackhole bh) throws Exception {
        if (!rs.next()) {
            rs.first();
        }
        bh.consume(rs.getString(2));
        bh.consume(rs.getString(3));
    }
}
