package secplane.governance.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.governance.catalog.Catalog;
import secplane.governance.detectors.DetectionEngine;
import secplane.governance.report.HtmlReport;
import secplane.governance.report.JsonReport;
import secplane.governance.report.ReportFiles;

class FileScannerTest {
    private final Catalog catalog = Catalog.builtin();
    private final FileScanner scanner = new FileScanner(DetectionEngine.standard(), catalog, ScanOptions.defaults().withMaxLineChars(4096));

    private static Map<String, Asset> byName(ScanReport r) {
        return r.assets().stream().collect(Collectors.toMap(Asset::name, Function.identity()));
    }

    private static String reason(ScanReport r, String what) {
        return r.skipped().stream().filter(s -> s.what().equals(what)).map(Skipped::reason).collect(Collectors.joining(" | "));
    }

    @Test
    void scansCsvByColumnJsonByKeyPathAndLogsAsText(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("users.csv"), "name,phone,remark\n张伟,13812345678,\"VIP, 老客户\"\n王芳,13912345678,无\n");
        Files.writeString(dir.resolve("orders.json"), "{\"orders\": [{\"buyer\": {\"mobile\": \"13700001111\", \"email\": \"a@b.cn\"}, \"sku\": \"X-1\"},"
                + " {\"buyer\": {\"mobile\": \"13700002222\", \"email\": \"c@d.cn\"}, \"sku\": \"X-2\"}]}");
        Files.writeString(dir.resolve("events.jsonl"), "{\"user\": {\"idCard\": \"11010519491231002X\"}}\n{\"user\": {\"idCard\": null}}\n");
        Files.writeString(dir.resolve("app.log"), "2024-01-01 INFO login ok ip=10.1.2.3\n2024-01-01 INFO logout\n");
        ScanReport r = scanner.scan(dir, ScanListener.NONE);
        Map<String, Asset> a = byName(r);
        assertThat(a.get("users.csv#phone").types()).extracting(TypeHit::type).containsExactly("CN_MOBILE");
        assertThat(a.get("users.csv#name").types()).extracting(TypeHit::type).containsExactly("CN_PERSON_NAME");
        assertThat(a.get("users.csv#remark").types()).isEmpty();
        assertThat(a.get("orders.json#orders[].buyer.mobile").types().get(0).hits()).isEqualTo(2);
        assertThat(a.get("orders.json#orders[].buyer.email").types()).extracting(TypeHit::type).containsExactly("EMAIL");
        assertThat(a.get("events.jsonl#user.idCard").types()).extracting(TypeHit::type).containsExactly("CN_RESIDENT_ID");
        TypeHit ip = a.get("app.log").types().get(0);
        assertThat(ip.type()).isEqualTo("IPV4");
        assertThat(ip.hitRate()).isEqualTo(0.5);
        assertThat(ip.examples()).containsExactly("10.1.2.0/24");
    }

    @Test
    void skipsBinaryBadEncodingOverlongLinesAndBrokenLinksWithReasons(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("image.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, ' ', (byte) 0x80, (byte) 0x81, (byte) 0xFF, (byte) 0xFE, 0x01, 0x02});
        Files.write(dir.resolve("gbk.txt"), "手机 13812345678 联系人：张伟\n".getBytes(Charset.forName("GBK")));
        Files.writeString(dir.resolve("long.log"), "x".repeat(10_000) + " 13812345678\n" + "tel 13912345678\n");
        Files.createSymbolicLink(dir.resolve("dangling.txt"), dir.resolve("missing.txt"));
        // valid UTF-8 for the first 64 KiB, then an invalid byte: what came before is kept
        byte[] head = ("手机 13812345678\n" + "y".repeat(70_000) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[head.length + 3];
        System.arraycopy(head, 0, bad, 0, head.length);
        bad[head.length] = (byte) 0xC3;
        bad[head.length + 1] = '(';
        bad[head.length + 2] = '\n';
        Files.write(dir.resolve("halfbad.txt"), bad);
        ScanReport r = scanner.scan(dir, ScanListener.NONE);
        assertThat(r.aborted()).isNull();
        assertThat(reason(r, "image.png")).contains("binary");
        assertThat(reason(r, "latin1.txt")).contains("invalid encoding");
        assertThat(reason(r, "gbk.txt")).contains("GB18030");
        assertThat(byName(r).get("gbk.txt").types()).extracting(TypeHit::type).contains("CN_MOBILE", "CN_PERSON_NAME");
        assertThat(reason(r, "long.log")).contains("1 lines longer than 4096");
        assertThat(byName(r).get("long.log").types().get(0).hits()).isEqualTo(1);
        assertThat(reason(r, "dangling.txt")).contains("cannot read");
        assertThat(reason(r, "halfbad.txt")).contains("invalid UTF-8").contains("not scanned");
        assertThat(byName(r).get("halfbad.txt").types()).extracting(TypeHit::type).containsExactly("CN_MOBILE");
    }

    @Test
    void reportsHoldMaskedExamplesOnlyAndEscapeEverything(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectory(data);
        Files.writeString(data.resolve("<script>x.csv"), "身份证<b>,note\n11010519491231002X,<img src=x onerror=alert(1)> 13812345678\n");
        Path json = dir.resolve("r.json");
        Path html = dir.resolve("r.html");
        ReportFiles files = new ReportFiles(catalog, json, html);
        ScanReport r = scanner.scan(data, files);
        files.write(r);
        String j = Files.readString(json);
        String h = Files.readString(html);
        for (String out : new String[] {j, h}) {
            assertThat(out).doesNotContain("11010519491231002X").doesNotContain("13812345678").contains("110***********002X").contains("138****5678");
        }
        assertThat(h).doesNotContain("<script>").doesNotContain("<img").doesNotContain("<b>").contains("&lt;script&gt;x.csv")
                .doesNotContain("http://").doesNotContain("https://").doesNotContain("<link").contains("<style>");
        assertThat(j).contains("\"complete\":true").contains("\"gbt43697\":\"general-4\"");
        // the file as a whole takes the highest level of its columns: the identity number's
        assertThat(JsonReport.bySource(r, catalog).get("<script>x.csv").gbt43697().label()).isEqualTo("general-4");
        assertThat(JsonReport.bySource(r, catalog).get("<script>x.csv").types()).containsExactlyInAnyOrder("CN_RESIDENT_ID", "CN_MOBILE");
        assertThat(JsonReport.toMap(r, catalog)).containsKey("assets");
        assertThat(HtmlReport.render(r, catalog)).contains("PIPL sensitive");
    }

    @Test
    void reportFileIsWrittenAfterEachFileSoAKilledScanLeavesOne(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("d");
        Files.createDirectory(data);
        Files.writeString(data.resolve("a.txt"), "手机 13812345678\n");
        Files.writeString(data.resolve("b.txt"), "邮箱 x@example.com\n");
        Path json = dir.resolve("partial.json");
        ReportFiles files = new ReportFiles(catalog, json, null);
        scanner.scan(data, new ScanListener() {
            @Override
            public void unitDone(String unit, int done, int total, ScanReport report) {
                files.unitDone(unit, done, total, report);
                if (done == 1) {
                    // what a crash after the first file would leave on disk
                    try {
                        assertThat(Files.readString(json)).contains("CN_MOBILE").contains("\"complete\":false").doesNotContain("EMAIL");
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        });
        assertThat(Files.readString(json)).contains("EMAIL");
    }

    @Test
    void aMissingTargetEndsWithAHelpfulReason(@TempDir Path dir) {
        ScanReport r = scanner.scan(dir.resolve("nope"), ScanListener.NONE);
        assertThat(r.aborted()).contains("does not exist").contains("jdbc:");
    }
}
