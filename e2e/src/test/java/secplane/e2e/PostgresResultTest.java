package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code jdbc.result} on PostgreSQL's own driver: a JVM reads a customer from a real PostgreSQL server (the embedded
 * server's binaries) through PgJDBC, whose {@code PgResultSet} implements {@code java.sql.ResultSet} directly, with
 * {@code getString(int)} and {@code getObject(String)}. Without the agent it reads the row and nothing is reported;
 * under the agent, observing every read, it reads the same values and the data aspect reports the resident ID and the
 * mobile number with their table and column, never the values. JDK 17 and 25.
 */
class PostgresResultTest {
    private static final String ID = "110101199003074477";
    private static final String MOBILE = "13812345678";

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void valuesReadThroughPgJdbcAreObservedWithTheirTableAndColumn(Path javaHome) throws Exception {
        String url = SharedPostgres.newDatabase();
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(100), id_number VARCHAR(18), mobile VARCHAR(11))");
            s.execute("INSERT INTO customers VALUES (1, 'Zhang Wei', '" + ID + "', '" + MOBILE + "')");
        }
        String query = "jdbc-read " + url + " postgres postgres SELECT id, name, id_number, mobile FROM customers";
        String row = "ok rows 1 Zhang Wei " + ID + " " + MOBILE;
        // the driver is the application's: on its class path, as a service would ship it
        List<Path> driver = List.of(Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        try (Probe p = Probe.start(javaHome, tmp, driver)) {
            assertThat(p.send(query)).as("the application reads the row").isEqualTo(row);
        }

        Path data = tmp.resolve("data");
        Path policy = Files.writeString(tmp.resolve("policy.json"), "{\"version\": \"pg\", \"aspects\": {\"data\": {\"rules\": "
                + "{\"data.jdbc-result\": \"observe\"}, \"config\": {\"sample\": 1}}}}");
        try (Probe p = Probe.start(javaHome, tmp, driver, TestEnv.agentArg(data, "policy=" + policy))) {
            assertThat(p.send(query)).as("observing changes nothing the application reads").isEqualTo(row);
            Map<String, Object> id = TestEnv.awaitEvent(data, TestEnv.verdict("data.jdbc-result", "observe")
                    .and(e -> "id_number".equals(TestEnv.evidence(e).get("column"))));
            Map<String, Object> mobile = TestEnv.awaitEvent(data, TestEnv.verdict("data.jdbc-result", "observe")
                    .and(e -> "mobile".equals(TestEnv.evidence(e).get("column"))));
            assertThat(id).containsEntry("joinPoint", "jdbc.result");
            assertThat(TestEnv.evidence(id)).containsEntry("table", "customers").containsEntry("types", "CN_RESIDENT_ID")
                    .containsEntry("dataLevel", "3");
            assertThat(TestEnv.evidence(mobile)).as("read by label with getObject").containsEntry("table", "customers")
                    .containsEntry("types", "CN_MOBILE");
            assertThat(TestEnv.events(data).stream().filter(TestEnv.verdict("data.jdbc-result", "observe")))
                    .as("the name and the id are no personal data of a type configured").hasSize(2);
        }
        assertThat(Files.readString(data.resolve("events.jsonl"))).as("events never hold a value").doesNotContain(ID, MOBILE);
    }
}
