package secplane.bench.governance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import secplane.governance.catalog.Catalog;
import secplane.governance.detectors.DetectionEngine;
import secplane.governance.scan.Asset;
import secplane.governance.scan.JdbcScanner;
import secplane.governance.scan.ScanListener;
import secplane.governance.scan.ScanOptions;
import secplane.governance.scan.ScanReport;

/**
 * Classifying a 1,000,000-row H2 table (file database) from a 10,000-row sample: wall time of the whole
 * {@link JdbcScanner} run (connect, metadata, LIMIT query, detection over 6 columns, classification), several
 * runs, beside the time a plain full read of the same table takes (no detection) in the same run.
 *
 * <pre>java -cp bench/target/benchmarks.jar secplane.bench.governance.TableClassifyBench [--rows 1000000] [--sample 10000] [--runs 5]</pre>
 */
public final class TableClassifyBench {
    public static void main(String[] args) throws Exception {
        int rows = 1_000_000;
        int sample = ScanOptions.DEFAULT_SAMPLE;
        int runs = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows": rows = Integer.parseInt(args[++i]); break;
                case "--sample": sample = Integer.parseInt(args[++i]); break;
                case "--runs": runs = Integer.parseInt(args[++i]); break;
                default: throw new IllegalArgumentException("usage: TableClassifyBench [--rows N] [--sample N] [--runs N]");
            }
        }
        Path dir = Files.createDirectories(Path.of("bench/target/governance-h2"));
        String url = "jdbc:h2:" + dir.toAbsolutePath().resolve("customers");
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS customers");
            st.execute("DROP TABLE IF EXISTS valid_ids");
            // 1,000 valid identity numbers (area, date, MOD 11-2), cycled over the rows
            st.execute("CREATE TABLE valid_ids (k INT PRIMARY KEY, v VARCHAR(18))");
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO valid_ids VALUES (?, ?)")) {
                for (int k = 0; k < 1000; k++) {
                    String body = String.format("330106%04d%02d%02d%03d", 1950 + k % 50, 1 + k % 12, 1 + k % 28, k);
                    ps.setInt(1, k);
                    ps.setString(2, body + secplane.governance.detectors.Checksums.gb11643(body));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            // deterministic rows: a valid identity number, an 11-digit mobile, an e-mail, a name, an address and a note
            st.execute("CREATE TABLE customers (id BIGINT PRIMARY KEY, full_name VARCHAR(20), id_card VARCHAR(18), mobile VARCHAR(11), email VARCHAR(40), "
                    + "address VARCHAR(80), note VARCHAR(100)) AS SELECT X, "
                    + "CASEWHEN(MOD(X, 2) = 0, '张伟', '欧阳明月'), "
                    + "(SELECT v FROM valid_ids WHERE k = MOD(X, 1000)), "
                    + "'138' || LPAD(CAST(MOD(X * 7919, 100000000) AS VARCHAR), 8, '0'), "
                    + "'user' || X || '@example.com', "
                    + "'浙江省杭州市西湖区文三路' || MOD(X, 500) || '号', "
                    + "'order ' || X || ' shipped' FROM SYSTEM_RANGE(1, " + rows + ")");
            st.execute("DROP TABLE valid_ids");
        }
        System.out.printf("created %d rows in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
        JdbcScanner scanner = new JdbcScanner(DetectionEngine.standard(), Catalog.builtin(), ScanOptions.defaults().withSample(sample));
        for (int r = 0; r < runs; r++) {
            long s = System.nanoTime();
            ScanReport report = scanner.scan(url, "sa", "", ScanListener.NONE);
            double sec = (System.nanoTime() - s) / 1e9;
            long sampled = report.assets().stream().mapToLong(Asset::sampled).max().orElse(0);
            System.out.printf("run %d: classified %d columns from %d sampled rows in %.2f s (aborted: %s); id_card types %s%n", r + 1,
                    report.assets().size(), sampled, sec, report.aborted(),
                    report.assets().stream().filter(a -> a.location().equalsIgnoreCase("id_card")).map(a -> a.types().toString()).findFirst().orElse("?"));
        }
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            long s = System.nanoTime();
            long n = 0;
            try (ResultSet rs = st.executeQuery("SELECT * FROM customers")) {
                while (rs.next()) {
                    for (int k = 1; k <= 7; k++) {
                        if (rs.getString(k) != null) {
                            n++;
                        }
                    }
                }
            }
            System.out.printf("baseline: full read of all %d rows (%d values, no detection) in %.2f s%n", rows, n, (System.nanoTime() - s) / 1e9);
        }
    }
}
