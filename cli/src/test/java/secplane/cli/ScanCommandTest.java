package secplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
    @Test
    void scansADirectoryAndWritesBothReports(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.writeString(data.resolve("c.csv"), "id_card,mobile\n11010519491231002X,13812345678\n");
        String out = Cli.run("scan", data.toString(), "--json", dir.resolve("r.json").toString(), "--html", dir.resolve("r.html").toString());
        assertThat(out).startsWith("0\n").contains("c.csv#id_card").contains("CN_RESIDENT_ID").contains("110***********002X").contains("general-4");
        assertThat(Files.readString(dir.resolve("r.json"))).contains("\"complete\":true").doesNotContain("11010519491231002X");
        assertThat(Files.readString(dir.resolve("r.html"))).contains("138****5678");
    }

    @Test
    void scansAnH2DatabaseWithABoundedSample(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:" + dir.resolve("db").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (email VARCHAR(50)) AS SELECT 'u' || X || '@example.com' FROM SYSTEM_RANGE(1, 500)");
        }
        Path json = dir.resolve("db.json");
        String out = Cli.run("scan", url, "--user", "sa", "--sample", "100", "--json", json.toString());
        assertThat(out).startsWith("0\n").contains("PUBLIC.T.EMAIL").contains("EMAIL").contains("100.0%");
        assertThat(Files.readString(json)).contains("\"sampled\":100");
    }

    @Test
    void badUsageSaysWhatToDo(@TempDir Path dir) throws Exception {
        assertThat(Cli.run("scan", dir.resolve("missing").toString())).startsWith("2\n");
        Path bad = dir.resolve("cat.json");
        Files.writeString(bad, "{\"types\": {\"CN_MOBILE\": {\"jrt0197\": 9}}}");
        assertThat(Cli.run("scan", dir.toString(), "--catalog", bad.toString())).startsWith("2\n");
    }
}
