package secplane.governance.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatermarkTest {
    private static final String[] NAMES = {"张伟", "王芳", "李娜", "刘洋", "陈静", "Alice Wong", "Bob Li", "赵磊", "孙丽", "周杰"};
    private static final String[] NOTES = {"月度对账", "refund requested", "线上支付", "branch transfer", "salary", "房租", "loan repayment", "gift"};

    @TempDir
    Path dir;

    static ExportTable customers(long seed, int rows) {
        return customers(seed, seed, rows);
    }

    /** Rows keyed by {@code seed}, their values drawn from {@code valueSeed}. */
    static ExportTable customers(long seed, long valueSeed, int rows) {
        Random r = new Random(valueSeed);
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            out.add(new String[] {
                "ORD-" + (seed * 1_000_000 + i),
                NAMES[r.nextInt(NAMES.length)],
                "13" + (100_000_000 + r.nextInt(899_999_999)),
                String.format("%d.%02d", r.nextInt(50_000), r.nextInt(100)),
                NOTES[r.nextInt(NOTES.length)] + " " + r.nextInt(1000)});
        }
        return new ExportTable(List.of("order_id", "name", "mobile", "amount", "note"), out, Set.of());
    }

    private ExportRegistry registry() {
        return ExportRegistry.open(dir.resolve("registry"), true);
    }

    @Test
    void namesTheRecipientAndNobodyElse() {
        ExportRegistry reg = registry();
        ExportTable data = customers(1, 400);
        Watermarker.Marked a = Watermarker.mark(data, "Acme Credit Ltd", Instant.parse("2026-11-01T10:00:00Z"), reg, List.of());
        Watermarker.Marked b = Watermarker.mark(data, "Beta Collections", Instant.parse("2026-11-02T10:00:00Z"), reg, List.of());
        assertThat(a.record().identity()).containsExactly("order_id");
        assertThat(a.record().numeric()).containsOnlyKeys("amount");
        assertThat(a.record().text()).containsExactly("name", "note"); // not the order ids or mobile numbers

        LeakTracer.Report ra = LeakTracer.trace(a.table(), reg);
        assertThat(ra.named()).extracting(e -> e.export().recipient()).containsExactly("Acme Credit Ltd");
        assertThat(ra.named().get(0).export().exportedAt()).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
        LeakTracer.Report rb = LeakTracer.trace(b.table(), reg);
        assertThat(rb.named()).extracting(e -> e.export().recipient()).containsExactly("Beta Collections");
        // the unmarked original names nobody
        assertThat(LeakTracer.trace(data, reg).named()).isEmpty();
    }

    @Test
    void survivesReorderingHalfTheRowsAndCsvJsonConversion() throws Exception {
        ExportRegistry reg = registry();
        Watermarker.mark(customers(2, 300), "decoy", Instant.now(), reg, List.of());
        Watermarker.Marked m = Watermarker.mark(customers(2, 300), "Gamma Analytics", Instant.now(), reg, List.of());
        Path csv = dir.resolve("export.csv");
        ExportFormat.CSV.write(m.table(), csv);

        // the leaker: reorders columns, keeps every second row, converts to JSON
        ExportTable read = ExportFormat.read(csv);
        List<String> cols = new ArrayList<>(read.columns());
        Collections.reverse(cols);
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < read.rows().size(); i += 2) {
            String[] src = read.rows().get(i);
            String[] dst = new String[cols.size()];
            for (int c = 0; c < cols.size(); c++) {
                dst[c] = src[read.column(cols.get(c))];
            }
            rows.add(dst);
        }
        Collections.shuffle(rows, new Random(7));
        Path json = dir.resolve("leak.json");
        ExportFormat.JSON.write(new ExportTable(cols, rows, Set.of("amount")), json);
        assertThat(Files.readString(json)).startsWith("[{\"note\"");

        LeakTracer.Report r = LeakTracer.trace(ExportFormat.read(json), reg);
        assertThat(r.named()).extracting(e -> e.export().recipient()).containsExactly("Gamma Analytics");

        // back to CSV and with every invisible character removed: the numeric channel alone still names it
        String stripped = ZeroWidth.strip(ExportFormat.CSV.render(ExportFormat.read(json)));
        Path noText = dir.resolve("stripped.csv");
        Files.writeString(noText, stripped);
        LeakTracer.Report numericOnly = LeakTracer.trace(ExportFormat.read(noText), reg);
        assertThat(numericOnly.named()).singleElement().satisfies(e -> {
            assertThat(e.export().recipient()).isEqualTo("Gamma Analytics");
            assertThat(e.tokenCells()).isZero();
            assertThat(e.agreeing()).isEqualTo(e.bits());
            assertThat(e.log10P()).isLessThan(r.log10Threshold());
        });

        // with the amounts deleted, the text channel alone still names it
        ExportTable noAmounts = drop(ExportFormat.read(json), "amount");
        assertThat(LeakTracer.trace(noAmounts, reg).named()).singleElement()
                .satisfies(e -> assertThat(e.export().recipient()).isEqualTo("Gamma Analytics"));
    }

    @Test
    void unrelatedFilesAreNeverAttributedAndTheChanceModelHolds() {
        ExportRegistry reg = registry();
        for (int i = 0; i < 20; i++) {
            Watermarker.mark(customers(100 + i % 4, 200), "recipient-" + i, Instant.now(), reg, List.of());
        }
        int trials = 600;
        int below1Percent = 0;
        int tests = 0;
        for (int t = 0; t < trials; t++) {
            // unrelated data on the same keys (the exporter's own rows, re-drawn amounts) and on other keys
            ExportTable unrelated = t % 2 == 0 ? customers(100 + t % 4, 9000 + t, 200) : customers(5000 + t, 200);
            LeakTracer.Report r = LeakTracer.trace(unrelated, reg);
            assertThat(r.named()).as("trial %d", t).isEmpty();
            for (LeakTracer.Evidence e : r.evidence()) {
                tests++;
                if (e.log10P() <= -2) {
                    below1Percent++;
                }
            }
        }
        // every export is tested on every file (all have its identity column): when the bits behave as fair coins,
        // a little under 1 % of the tests fall below p = 0.01 (the binomial tail is discrete)
        assertThat(tests).isEqualTo(trials * 20);
        assertThat((double) below1Percent / tests).isBetween(0.004, 0.014);
    }

    @Test
    void binomialTailIsExact() {
        // P[X ≥ 8], X ~ B(10, 1/2) = (45 + 10 + 1) / 1024
        assertThat(Math.pow(10, LeakTracer.log10BinomialTail(10, 8))).isCloseTo(56.0 / 1024, within(1e-12));
        assertThat(LeakTracer.log10BinomialTail(100, 100)).isCloseTo(-100 * Math.log10(2), within(1e-9));
        assertThat(LeakTracer.log10BinomialTail(100, 0)).isZero();
    }

    @Test
    void markedFilesStayValidAndCloseToTheOriginal() throws Exception {
        ExportRegistry reg = registry();
        ExportTable data = customers(3, 500);
        Watermarker.Marked m = Watermarker.mark(data, "Delta", Instant.now(), reg, List.of("order_id"));
        Path csv = dir.resolve("m.csv");
        ExportFormat.CSV.write(m.table(), csv);
        ExportTable back = ExportFormat.read(csv);
        assertThat(back.rows()).hasSize(500);
        for (int i = 0; i < 500; i++) {
            String[] o = data.rows().get(i);
            String[] n = back.rows().get(i);
            assertThat(n[0]).isEqualTo(o[0]);
            assertThat(n[2]).isEqualTo(o[2]); // mobile numbers are never touched
            assertThat(ZeroWidth.strip(n[1])).isEqualTo(o[1]);
            assertThat(ZeroWidth.strip(n[4])).isEqualTo(o[4]);
            java.math.BigDecimal delta = new java.math.BigDecimal(n[3]).subtract(new java.math.BigDecimal(o[3]));
            assertThat(delta).isIn(new java.math.BigDecimal("0.00"), new java.math.BigDecimal("0.01"));
        }
        assertThat(m.changedValues()).isBetween(180L, 320L); // about half the amounts move by one cent
        Path json = dir.resolve("m.json");
        ExportFormat.JSON.write(m.table(), json);
        assertThat(ExportFormat.read(json).rows()).hasSize(500);
    }

    @Test
    void onlyFreeTextCarriesInvisibleCharacters() {
        assertThat(Cells.freeText("张伟")).isTrue();
        assertThat(Cells.freeText("refund requested")).isTrue();
        assertThat(Cells.freeText("11010519491231002X")).isFalse();
        assertThat(Cells.freeText("6222021234567890123")).isFalse();
        assertThat(Cells.freeText("zhang.wei@example.cn")).isFalse();
        assertThat(Cells.freeText("https://例子.cn/a b")).isFalse();
        assertThat(Cells.freeText("ORD-123")).isFalse();
        ExportTable t = new ExportTable(List.of("id", "id_card", "remark"),
                List.<String[]>of(new String[] {"1", "11010519491231002X", "客户投诉"}, new String[] {"2", "110105194912310021", "已处理"}), Set.of());
        Watermarker.Marked m = Watermarker.mark(t, "X", Instant.now(), registry(), List.of());
        assertThat(m.record().text()).containsExactly("remark");
        assertThat(m.table().rows().get(0)[1]).isEqualTo("11010519491231002X");
        assertThat(m.table().rows().get(0)[2]).hasSize(4 + ZeroWidth.FRAME_CHARS);
    }

    @Test
    void badInputGetsClearErrors() throws Exception {
        ExportRegistry reg = registry();
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "a,b\n1,2\n3\n");
        assertThatThrownBy(() -> ExportFormat.read(bad)).hasMessageContaining("line 3").hasMessageContaining("1 fields where the header has 2");
        Path latin = dir.resolve("latin.csv");
        Files.write(latin, "name\nJos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> ExportFormat.read(latin)).hasMessageContaining("not UTF-8");
        Path notJson = dir.resolve("x.json");
        Files.writeString(notJson, "[{\"a\": 1},");
        assertThatThrownBy(() -> ExportFormat.read(notJson)).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> ExportFormat.read(dir.resolve("x.xlsx"))).hasMessageContaining("unknown export format");
        ExportTable ids = new ExportTable(List.of("id"), List.<String[]>of(new String[] {"1"}, new String[] {"2"}), Set.of());
        assertThatThrownBy(() -> Watermarker.mark(ids, "X", Instant.now(), reg, List.of())).hasMessageContaining("nothing to mark");
        assertThatThrownBy(() -> Watermarker.mark(customers(1, 5), " ", Instant.now(), reg, List.of())).hasMessageContaining("recipient");
        assertThatThrownBy(() -> Watermarker.mark(customers(1, 5), "X", Instant.now(), reg, List.of("nope"))).hasMessageContaining("\"nope\" is not in the export");
        assertThatThrownBy(() -> ExportRegistry.open(dir.resolve("elsewhere"), false)).hasMessageContaining("no watermark.key");
        // a failed mark records nothing
        assertThat(reg.exports()).isEmpty();
        Files.writeString(reg.dir().resolve(ExportRegistry.EXPORTS_FILE), "{broken\n");
        assertThatThrownBy(reg::exports).hasMessageContaining("line 1 is damaged");
    }

    private static ExportTable drop(ExportTable t, String column) {
        List<String> cols = new ArrayList<>(t.columns());
        int c = cols.indexOf(column);
        cols.remove(c);
        List<String[]> rows = new ArrayList<>();
        for (String[] r : t.rows()) {
            List<String> l = new ArrayList<>(List.of(r));
            l.remove(c);
            rows.add(l.toArray(String[]::new));
        }
        return new ExportTable(cols, rows, Set.of());
    }
}
