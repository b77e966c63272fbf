package secplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerMainTest {
    @TempDir
    Path data;

    @Test
    void options_are_parsed_with_the_password_from_the_environment() {
        ServerConfig c = ServerMain.parse(new String[] {"--data", data.toString(), "--port=0", "--bind", "0.0.0.0",
                "--db", "jdbc:postgresql://db:5432/plane", "--db-user", "plane"}, Map.of("SECPLANE_DB_PASSWORD", "s3cret"));
        assertThat(c.dataDir()).isEqualTo(data);
        assertThat(c.port()).isZero();
        assertThat(c.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(c.effectiveDbUrl()).isEqualTo("jdbc:postgresql://db:5432/plane");
        assertThat(c.dbUser()).isEqualTo("plane");
        assertThat(c.dbPassword()).isEqualTo("s3cret");
        assertThat(ServerMain.parse(new String[] {"--data", data.toString()}, Map.of()).effectiveDbUrl()).startsWith("jdbc:h2:file:" + data.toAbsolutePath());
    }

    @Test
    void webhook_is_repeatable_and_must_be_an_http_url() {
        ServerConfig c = ServerMain.parse(new String[] {"--webhook", "https://alerts.internal/secplane", "--webhook=http://127.0.0.1:9000/hook"},
                Map.of());
        assertThat(c.webhooks()).containsExactly(java.net.URI.create("https://alerts.internal/secplane"), java.net.URI.create("http://127.0.0.1:9000/hook"));
        assertThat(ServerMain.parse(new String[0], Map.of()).webhooks()).isEmpty();
        assertThatThrownBy(() -> ServerMain.parse(new String[] {"--webhook", "alerts.internal/secplane"}, Map.of()))
                .hasMessageContaining("--webhook alerts.internal/secplane is not an http:// or https:// URL");
    }

    @Test
    void bad_options_say_what_is_wrong() {
        assertThatThrownBy(() -> ServerMain.parse(new String[] {"--prot", "1"}, Map.of())).hasMessage("unknown option --prot");
        assertThatThrownBy(() -> ServerMain.parse(new String[] {"--port", "http"}, Map.of())).hasMessageContaining("not a number");
        assertThatThrownBy(() -> ServerMain.parse(new String[] {"--data"}, Map.of())).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> ServerMain.run(new String[] {"--data", data.toString(), "--port", "0", "--db", "jdbc:mysql://x/y"}, Map.of()))
                .hasMessageContaining("unsupported database URL");
    }

    @Test
    void run_starts_a_server_on_h2_in_the_data_directory() {
        try (ControlPlane plane = ServerMain.run(new String[] {"--data", data.toString(), "--port", "0"}, Map.of())) {
            assertThat(new Api(plane.port()).get("/health", null).json()).containsEntry("db", "h2");
            assertThat(data.resolve("secplane.mv.db")).exists();
        }
    }
}
