package secplane.aspects.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.aspect.AspectConfig;
import secplane.aspect.Finding;
import secplane.aspect.testing.TestJoinPoint;
import secplane.aspect.testing.TestRequest;
import secplane.governance.watermark.ExportFormat;
import secplane.governance.watermark.ExportRegistry;
import secplane.governance.watermark.ExportTable;
import secplane.governance.watermark.LeakTracer;

/** The {@code data.export-watermark} rule of the data aspect: which bodies are held, and how a whole body is marked. */
class ExportWatermarkTest {
    @TempDir
    Path registry;

    private DataAspect aspect() throws Exception {
        DataAspect a = new DataAspect();
        a.configure(new AspectConfig(Map.of("exports", List.of(Map.of("endpoint", "GET /export/*", "recipientHeader", "X-Recipient")),
                "exportRegistry", registry.toString())));
        return a;
    }

    private static String csv(int rows) {
        StringBuilder sb = new StringBuilder("customer_id,name,remark,balance\r\n");
        for (int i = 0; i < rows; i++) {
            sb.append("C").append(10001 + i).append(",Customer ").append(i).append(",asked about the savings plan,")
                    .append(1000 + i * 37).append('.').append(String.format("%02d", i * 7 % 100)).append("\r\n");
        }
        return sb.toString();
    }

    @Test
    void chunksOfADesignatedExportAreHeldAndOthersAreNot() throws Exception {
        DataAspect a = aspect();
        Finding f = a.inspect(new TestJoinPoint("http.response",
                new TestRequest().method("GET").uri("/export/customers.csv").user("bob"),
                new Object[] {"customer_id,name", "text/csv", true}));
        assertThat(f.rule()).isEqualTo("data.export-watermark");
        assertThat(f.evidence()).containsEntry("hold", "1").containsEntry("recipient", "bob").containsEntry("recipientFrom", "principal");
        assertThat(a.inspect(new TestJoinPoint("http.response",
                new TestRequest().method("POST").uri("/export/customers.csv").user("bob"),
                new Object[] {"customer_id,name", "text/csv", true})))
                .as("another method").isNull();
        assertThat(a.inspect(new TestJoinPoint("http.response", new TestRequest().method("GET").uri("/reports/x.csv").user("bob"),
                new Object[] {"customer_id,name", "text/csv", true})))
                .as("another path").isNull();
    }

    @Test
    void theWholeBodyIsMarkedForTheAuthenticatedRecipientAndTracedToThem() throws Exception {
        DataAspect a = aspect();
        String body = csv(60);
        Finding bob = a.inspect(new TestJoinPoint("http.response",
                new TestRequest().method("GET").uri("/export/customers.csv").user("bob").header("x-recipient", "alice"),
                new Object[] {body, "text/csv;charset=UTF-8", true, "body"}));
        Finding carol = a.inspect(new TestJoinPoint("http.response",
                new TestRequest().method("GET").uri("/export/customers.csv").user("carol"),
                new Object[] {body, "text/csv;charset=UTF-8", true, "body"}));
        assertThat(bob.evidence()).containsEntry("recipient", "bob").containsEntry("rows", "60").containsEntry("numericColumns", "balance")
                .containsEntry("textColumns", "name,remark");
        String marked = bob.evidence().get("rewrite");
        assertThat(marked).isNotEqualTo(body).contains("\u2063");
        ExportRegistry r = ExportRegistry.open(registry, false);
        assertThat(r.exports()).extracting(e -> e.recipient()).containsExactly("bob", "carol");

        ExportTable leaked = ExportFormat.CSV.parse(marked, "leak");
        List<String[]> half = new ArrayList<>(leaked.rows().subList(0, 30));
        Collections.reverse(half);
        LeakTracer.Report report = LeakTracer.trace(new ExportTable(leaked.columns(), half, leaked.numbers()), r);
        assertThat(report.named()).extracting(e -> e.export().recipient()).containsExactly("bob");
        assertThat(LeakTracer.trace(ExportFormat.CSV.parse(carol.evidence().get("rewrite"), "c"), r).named())
                .extracting(e -> e.export().recipient()).containsExactly("carol");
        assertThat(LeakTracer.trace(ExportFormat.CSV.parse(body, "plain"), r).named()).as("the unmarked body names nobody").isEmpty();
    }

    @Test
    void anAnonymousRequestUsesTheHeaderAndWithoutOneTheBodyGoesOutUnmarked() throws Exception {
        DataAspect a = aspect();
        Finding viaHeader = a.inspect(new TestJoinPoint("http.response",
                new TestRequest().method("GET").uri("/export/customers.csv").header("x-recipient", "partner-7"),
                new Object[] {csv(30), "text/csv", true, "body"}));
        assertThat(viaHeader.evidence()).containsEntry("recipient", "partner-7").containsEntry("recipientFrom", "header").containsKey("rewrite");
        Finding nobody = a.inspect(new TestJoinPoint("http.response", new TestRequest().method("GET").uri("/export/customers.csv"),
                new Object[] {csv(30), "text/csv", true, "body"}));
        assertThat(nobody.evidence()).doesNotContainKey("rewrite").containsKey("notMarked");
        assertThat(nobody.evidence().get("notMarked")).contains("no recipient");
        Finding notATable = a.inspect(new TestJoinPoint("http.response",
                new TestRequest().method("GET").uri("/export/customers.csv").user("bob"),
                new Object[] {"a,b\r\n1\r\n", "text/csv", true, "body"}));
        assertThat(notATable.evidence()).doesNotContainKey("rewrite").containsKey("notMarked");
        assertThat(ExportRegistry.open(registry, false).exports()).as("a failed mark records nothing").hasSize(1);
    }

    @Test
    void exportsWithoutARegistryOrWithABadEndpointAreRefusedWithAHint() {
        assertThatThrownBy(() -> new DataAspect().configure(new AspectConfig(Map.of("exports", List.of(Map.of("endpoint", "/export/*"))))))
                .hasMessageContaining("exportRegistry");
        assertThatThrownBy(() -> new DataAspect().configure(new AspectConfig(Map.of("exports", List.of(Map.of("endpoint", "GET export")),
                "exportRegistry", "/tmp/x")))).hasMessageContaining("starting with '/'");
    }
}
