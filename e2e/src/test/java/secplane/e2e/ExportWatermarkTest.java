package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static secplane.e2e.CliRun.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import secplane.governance.watermark.ExportFormat;
import secplane.governance.watermark.ExportTable;

/**
 * Designated exports marked by the agent: the plain servlet testbed serves {@code /export/customers.csv} and
 * {@code .json} behind Tomcat 10.1's own Basic authentication; under the agent with {@code data.export-watermark}
 * in block, each authenticated recipient gets a copy marked for them and recorded in the export registry, and
 * {@code secplane trace <leaked file> --registry DIR} names who leaked a file and when — after rows are deleted,
 * columns reordered and the CSV turned into JSON — while the unmarked original names nobody.
 */
class ExportWatermarkTest {
    private static final String POLICY = "{\"version\": \"exports\", \"aspects\": {\"data\": {\"rules\": "
            + "{\"data.export-watermark\": \"block\"}, \"config\": {\"sample\": 1, "
            + "\"exports\": [{\"endpoint\": \"GET /export/*\", \"recipientHeader\": \"X-Recipient\"}], \"exportRegistry\": \"%s\"}}}}";

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(ServletApp app, String path, String user, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).timeout(Duration.ofSeconds(30));
        b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user + "-pw").getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secplane.e2e.TestEnv#javaHomes")
    void aLeakedCopyOfAnAgentMarkedExportNamesItsRecipientAndExportTime(Path javaHome) throws Exception {
        String plain;
        try (ServletApp app = ServletApp.start(javaHome, Files.createDirectories(tmp.resolve("plain")), "tomcat",
                ServletApp.documents(Files.createDirectories(tmp.resolve("docs-plain"))))) {
            plain = get(app, "/export/customers.csv", "bob").body();
        }
        Path data = tmp.resolve("data");
        Path registry = tmp.resolve("registry");
        Path policy = Files.writeString(tmp.resolve("policy.json"), String.format(POLICY, registry));
        String bob;
        String carol;
        String bobJson;
        try (ServletApp app = ServletApp.start(javaHome, Files.createDirectories(tmp.resolve("marked")), "tomcat",
                ServletApp.documents(Files.createDirectories(tmp.resolve("docs-marked"))), TestEnv.agentArg(data, "policy=" + policy))) {
            HttpResponse<String> b = get(app, "/export/customers.csv", "bob", "X-Recipient", "carol");
            assertThat(b.statusCode()).isEqualTo(200);
            bob = b.body();
            assertThat(b.headers().firstValueAsLong("Content-Length").orElse(-1))
                    .as("the Content-Length is the marked body's").isEqualTo(bob.getBytes(StandardCharsets.UTF_8).length);
            carol = get(app, "/export/customers.csv", "carol").body();
            bobJson = get(app, "/export/customers.json", "bob").body();
            assertThat(app.isAlive()).isTrue();
        }
        ExportTable original = ExportFormat.CSV.parse(plain, "plain");
        ExportTable bobs = ExportFormat.CSV.parse(bob, "bob");
        assertThat(bobs.rows()).hasSize(40);
        assertThat(bob).isNotEqualTo(plain).isNotEqualTo(carol).contains("\u2063");
        assertThat(bobs.columns()).isEqualTo(original.columns());
        for (int i = 0; i < 40; i++) {
            assertThat(bobs.rows().get(i)[0]).as("the key column is left alone").isEqualTo(original.rows().get(i)[0]);
            double delta = Double.parseDouble(bobs.rows().get(i)[4]) - Double.parseDouble(original.rows().get(i)[4]);
            assertThat(delta).as("balances move by at most one cent").isBetween(-0.0001, 0.0101);
        }
        String registryText = Files.readString(registry.resolve("exports.jsonl"));
        assertThat(registryText).contains("\"bob\"", "\"carol\"").doesNotContain("Customer 1", original.rows().get(1)[4]);

        // bob's copy leaks: every second row dropped, the columns reversed, converted to JSON
        Path leak = tmp.resolve("leak.json");
        List<String> columns = new ArrayList<>(bobs.columns());
        java.util.Collections.reverse(columns);
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < bobs.rows().size(); i += 2) {
            String[] r = new String[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                r[c] = bobs.rows().get(i)[bobs.column(columns.get(c))];
            }
            rows.add(r);
        }
        ExportFormat.JSON.write(new ExportTable(columns, rows, bobs.numbers()), leak);
        CliRun traced = cli("trace", leak.toString(), "--registry", registry.toString(), "--json");
        assertThat(traced.code()).as(traced.out() + traced.err()).isZero();
        List<Map<String, Object>> named = named(traced.out());
        assertThat(named).hasSize(1);
        assertThat(named.get(0)).containsEntry("recipient", "bob");
        Map<String, Object> event = TestEnv.awaitEvent(data, e -> TestEnv.verdict("data.export-watermark", "rewrite").test(e)
                && "bob".equals(TestEnv.evidence(e).get("recipient")) && "csv".equals(TestEnv.evidence(e).get("format")));
        assertThat(named.get(0)).containsEntry("exportedAt", TestEnv.evidence(event).get("exportedAt"))
                .containsEntry("export", TestEnv.evidence(event).get("export"));
        assertThat(TestEnv.evidence(event)).containsEntry("recipientFrom", "principal").containsEntry("rows", "40");

        Path carolFile = Files.writeString(tmp.resolve("carol.csv"), carol);
        assertThat(named(cli("trace", carolFile.toString(), "--registry", registry.toString(), "--json").out()))
                .extracting(m -> m.get("recipient")).containsExactly("carol");
        Path bobJsonFile = Files.writeString(tmp.resolve("bob-export.json"), bobJson);
        assertThat(named(cli("trace", bobJsonFile.toString(), "--registry", registry.toString(), "--json").out()))
                .extracting(m -> m.get("recipient")).containsExactly("bob");
        Path unmarked = Files.writeString(tmp.resolve("unmarked.csv"), plain);
        CliRun nobody = cli("trace", unmarked.toString(), "--registry", registry.toString());
        assertThat(nobody.code()).as("the unmarked export names nobody").isEqualTo(4);
        assertThat(nobody.out()).contains("nobody named");
        assertThat(Files.readString(data.resolve("events.jsonl"))).doesNotContain(original.rows().get(3)[4], "Customer 4,");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> named(String json) {
        Map<String, Object> doc = (Map<String, Object>) secplane.protocol.json.Json.parse(json);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : (List<Object>) doc.get("evidence")) {
            Map<String, Object> m = (Map<String, Object>) o;
            if (Boolean.TRUE.equals(m.get("named"))) {
                out.add(m);
            }
        }
        return out;
    }
}
