package secplane.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.report.clause.Clauses;
import secplane.report.drill.DrillFormatException;
import secplane.report.drill.DrillResult;

/** Bad input gets an error that says what was wrong and what to do. */
class BadInputTest {
    @TempDir
    Path dir;

    static final String GOOD = """
            {"format": "secplane-drill/1", "drill": {"id": "dr-1", "startedAt": "2026-11-30T06:00:00.000Z", "finishedAt": "2026-11-30T06:01:00.000Z"},
             "categories": [{"category": "sql", "cases": 2, "detected": 2, "blocked": 1, "missed": 0, "errors": 0, "benignRequests": 10, "falseAlarms": 0}],
             "cases": []}
            """;

    DrillFormatException drill(String content) throws Exception {
        Path f = dir.resolve("drill.json");
        Files.writeString(f, content);
        try {
            DrillResult.read(f);
        } catch (DrillFormatException e) {
            return e;
        }
        throw new AssertionError("accepted: " + content);
    }

    @Test
    void malformed_drill_files_name_the_file_and_the_field() throws Exception {
        assertThat(DrillResult.read(write(GOOD)).totalBlocked()).isEqualTo(1);
        assertThat(drill("{not json").getMessage()).contains("drill.json").contains("not JSON");
        assertThat(drill("{\"format\": \"other/2\"}").getMessage()).contains("/format").contains("secplane drill --json");
        assertThat(drill(GOOD.replace("\"blocked\": 1", "\"blocked\": -1")).getMessage()).contains("/categories/0/blocked");
        assertThat(drill(GOOD.replace("\"blocked\": 1", "\"blocked\": 3")).getMessage()).contains("/categories/0").contains("do not add up");
        assertThat(drill(GOOD.replace("\"cases\": []", "\"cases\": [{\"id\": \"x\", \"category\": \"sql\", \"outcome\": \"won\"}]")).getMessage())
                .contains("/cases/0/outcome");
        assertThatThrownBy(() -> DrillResult.read(dir.resolve("missing.json"))).hasMessageContaining("no such file");
    }

    Path write(String content) throws Exception {
        Path f = dir.resolve("good.json");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void an_unreachable_plane_says_to_check_the_server() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PlaneClient client = new PlaneClient("http://127.0.0.1:" + port, "sp_op_x");
        assertThatThrownBy(() -> new Gatherer(client, Clauses.builtin(), Instant.now().minusSeconds(60), Instant.now(), s -> { }).gather(List.of()))
                .isInstanceOfSatisfying(ReportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ReportException.Kind.UNREACHABLE);
                    assertThat(e.getMessage()).contains("cannot reach the control plane at http://127.0.0.1:" + port).contains("--server");
                });
    }

    @Test
    void a_wrong_token_says_which_token_to_use() throws Exception {
        try (FilledPlane plane = new FilledPlane(dir.resolve("plane"))) {
            PlaneClient wrong = new PlaneClient(plane.base, "sp_op_not-a-token");
            assertThatThrownBy(() -> new Gatherer(wrong, Clauses.builtin(), Instant.now().minusSeconds(60), Instant.now(), s -> { }).gather(List.of()))
                    .isInstanceOfSatisfying(ReportException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ReportException.Kind.UNAUTHORIZED);
                        assertThat(e.getMessage()).contains("refused the token").contains("viewer");
                    });
            // an enrolment token is not an operator token
            String enrol = (String) FilledPlane.ok(plane.post("/v1/tokens", plane.admin, java.util.Map.of("kind", "enrol", "service", "orders")), 201).json().get("token");
            assertThatThrownBy(() -> new Gatherer(new PlaneClient(plane.base, enrol), Clauses.builtin(), Instant.now().minusSeconds(60), Instant.now(), s -> { })
                    .gather(List.of())).isInstanceOfSatisfying(ReportException.class, e -> assertThat(e.kind()).isEqualTo(ReportException.Kind.UNAUTHORIZED));
            // and an empty plane makes a report with nothing in it, not an error
            ComplianceReport empty = new Gatherer(new PlaneClient(plane.base, plane.viewer), Clauses.builtin(), Instant.now().minusSeconds(60), Instant.now(), s -> { })
                    .gather(List.of());
            assertThat(empty.figure("services-covered").orElseThrow().value()).isEqualTo("0 of 0");
            assertThat(empty.figure("drills").orElseThrow().value()).isEqualTo("0");
        }
        assertThatThrownBy(() -> new PlaneClient("ftp://x", "t")).hasMessageContaining("http://");
        assertThatThrownBy(() -> new PlaneClient("http://127.0.0.1:1", " ")).hasMessageContaining("--token");
    }

    @Test
    void the_clause_mapping_is_checked_and_covers_every_control_of_the_report() {
        Clauses builtin = Clauses.builtin();
        assertThat(builtin.controls()).extracting(c -> c.id()).containsExactly("agent-coverage", "runtime-protection", "attack-drills", "vulnerability-response",
                "data-classification", "data-baseline");
        assertThat(builtin.laws()).extracting(l -> l.id()).containsExactly("CSL", "MLPS", "DSL", "PIPL", "GBT35273", "GBT43697", "JRT0197");
        builtin.controls().forEach(c -> assertThat(c.title().zh()).isNotBlank());
        assertThatThrownBy(() -> Clauses.parse("""
                {"format": "secplane-clauses/1", "laws": [{"id": "CSL", "en": "a", "zh": "b"}],
                 "controls": [{"id": "x", "en": "x", "zh": "x", "evidence": "GET /v1/agents", "clauses": [{"law": "GDPR", "clause": "Art. 32", "en": "a", "zh": "b"}]}]}
                """)).hasMessageContaining("/controls/0/clauses/0/law").hasMessageContaining("GDPR");
        assertThatThrownBy(() -> Clauses.parse("""
                {"format": "secplane-clauses/1", "laws": [], "controls": [{"id": "x", "en": "x", "zh": "x", "evidence": "e", "clauses": []}]}
                """)).hasMessageContaining("at least one clause");
    }
}
