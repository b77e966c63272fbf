package secplane.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No detector throws or counts a failure on garbage, nulls or huge arguments, and work per call is
 * capped: inputs are matched on their first 4 KiB, sink arguments checked on their first 64 KiB.
 */
@ExtendWith(NoDetectorFailures.class)
class RobustnessTest {
    private static final String ALPHABET = "abcXYZ019 \t\n\r'\"`;#-/*()[]{}<>=!|&^~%$@:.,\\?+_\0\u00a0\u3002\uff0e\u2028\ud83d\ude00\ud800\udfff"
            + "SELECTUNIONORAND<script>javascript:${}#{}T(%2e%c0%af..//DOCTYPEENTITYSYSTEM";
    private static final Resolver PUBLIC = host -> new InetAddress[] {InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 215, 14})};

    private static String random(Random r, int max) {
        int n = r.nextInt(max + 1);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** Inputs that are pieces of the sink (so that they occur in it) and random strings. */
    private static List<Input> inputs(Random r, String sink) {
        List<Input> out = new ArrayList<>();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            String v;
            if (r.nextBoolean() && sink.length() > 1) {
                int a = r.nextInt(sink.length());
                int b = Math.min(sink.length(), a + 1 + r.nextInt(40));
                v = sink.substring(a, b);
            } else {
                v = random(r, 30);
            }
            out.add(new Input(r.nextBoolean() ? "query" : null, r.nextBoolean() ? "p" + i : null, r.nextInt(20) == 0 ? null : v));
        }
        return out;
    }

    private static void all(String sink, List<Input> inputs) {
        Detectors.sql(sink, Dialect.values()[Math.abs(sink.hashCode()) % Dialect.values().length], inputs);
        Detectors.command(sink, null, inputs);
        Detectors.command(null, Arrays.asList(sink.split(" ")), inputs);
        Detectors.command(null, Arrays.asList("sh", "-c", sink), inputs);
        Detectors.command(null, Arrays.asList("cmd", "/c", sink), inputs);
        Detectors.command(null, Arrays.asList("powershell", "-Command", sink), inputs);
        Detectors.command(null, Arrays.asList("python3", "-c", sink), inputs);
        Detectors.path(sink, inputs);
        Detectors.ssrf(sink, inputs, PUBLIC);
        Detectors.ssrf("http://" + sink, inputs, PUBLIC);
        Detectors.xml(sink, inputs);
        byte[] bytes = sink.getBytes(StandardCharsets.UTF_16LE);
        Detectors.xml(bytes, bytes.length, inputs);
        Detectors.ldap(sink, inputs);
        Detectors.ldap("(" + sink, inputs);
        Detectors.xpath(sink, inputs);
        for (String lang : new String[] {"spel", "ognl", "mvel", "jexl", "el", null, "nonsense"}) {
            Detectors.expression(sink, lang, inputs);
        }
        Detectors.xss(sink, inputs);
    }

    @Test
    void garbageNeverThrowsNorCountsAFailure() {
        long before = Detectors.failures();
        Random r = new Random(20261129);
        for (int i = 0; i < 3000; i++) {
            String sink = random(r, 300);
            all(sink, inputs(r, sink));
        }
        assertThat(Detectors.failures()).as("last failure: %s", Detectors.lastFailure()).isEqualTo(before);
    }

    @Test
    void nullsAndEmptiesAreNone() {
        long before = Detectors.failures();
        List<Input> some = List.of(new Input("query", "q", "' OR 1=1"));
        assertThat(Detectors.sql(null, Dialect.MYSQL, some)).isSameAs(Verdict.none());
        assertThat(Detectors.sql("SELECT 1", null, null)).isSameAs(Verdict.none());
        assertThat(Detectors.sql("SELECT 1", Dialect.MYSQL, List.of())).isSameAs(Verdict.none());
        assertThat(Detectors.command(null, null, some)).isSameAs(Verdict.none());
        assertThat(Detectors.command(null, List.of(), some)).isSameAs(Verdict.none());
        assertThat(Detectors.path(null, some)).isSameAs(Verdict.none());
        assertThat(Detectors.ssrf(null, some, null).verdict()).isSameAs(Verdict.none());
        assertThat(Detectors.ssrf("http://x.example/", null, null).addresses()).isEmpty();
        assertThat(Detectors.xml((byte[]) null, 10, some)).isSameAs(Verdict.none());
        assertThat(Detectors.xml(new byte[4], -1, some)).isSameAs(Verdict.none());
        assertThat(Detectors.xml((String) null, some)).isSameAs(Verdict.none());
        assertThat(Detectors.ldap(null, some)).isSameAs(Verdict.none());
        assertThat(Detectors.xpath(null, some)).isSameAs(Verdict.none());
        assertThat(Detectors.expression(null, "spel", some)).isSameAs(Verdict.none());
        assertThat(Detectors.xss(null, some)).isSameAs(Verdict.none());
        List<Input> withNull = new ArrayList<>();
        withNull.add(null);
        withNull.add(new Input(null, null, null));
        all("SELECT 'a' FROM t", withNull);
        assertThat(Detectors.command(null, Arrays.asList("sh", null, "x"), some)).isNotNull();
        assertThat(Detectors.command(null, Arrays.asList(null, "-c", "' OR 1=1"), some).attack()).isFalse();
        assertThat(Detectors.failures()).as("last failure: %s", Detectors.lastFailure()).isEqualTo(before);
    }

    @Test
    void statementsAreCheckedOnTheirFirst64KiB() {
        String filler = "SELECT 1 FROM t WHERE a = '" + "x".repeat(70_000) + "'";
        List<Input> attack = List.of(new Input("query", "id", "1 OR 1=1"));
        assertThat(Detectors.sql("SELECT * FROM t WHERE id = 1 OR 1=1; " + filler, Dialect.MYSQL, attack).attack()).isTrue();
        assertThat(Detectors.sql(filler + "; SELECT * FROM t WHERE id = 1 OR 1=1", Dialect.MYSQL, attack).attack())
                .as("an injection after the first 64 KiB is not seen (documented limit)").isFalse();
    }

    @Test
    void aLiteralCutByTheCapIsNotCalledUnterminated() {
        String statement = "INSERT INTO t VALUES ('" + "a".repeat(70_000) + "it's" + "')";
        List<Input> in = List.of(new Input("form", "body", "a".repeat(100) + "it'"));
        assertThat(Detectors.sql(statement.substring(0, 65_530) + "it'" + statement.substring(65_530), Dialect.GENERIC, in).attack()).isFalse();
    }

    @Test
    void inputsAreMatchedOnTheirFirst4KiB() {
        String payload = "1 OR 1=1 " + "-".repeat(5000);
        String statement = "SELECT * FROM t WHERE id = " + payload.substring(0, 4096) + " AND x = 1";
        assertThat(Detectors.sql(statement, Dialect.GENERIC, List.of(new Input("query", "id", payload))).attack()).isTrue();
    }

    @Test
    void hugeAndPathologicalArgumentsStayFast() {
        String quotes = "'".repeat(1 << 20);
        String parens = "(".repeat(1 << 19) + ")".repeat(1 << 19);
        String repeated = "ab ".repeat(300_000);
        List<Input> in = List.of(new Input("q", "a", "''"), new Input("q", "b", "(("), new Input("q", "c", "ab ab"),
                new Input("q", "d", "x".repeat(100_000)));
        for (String sink : new String[] {quotes, parens, repeated}) {
            long t0 = System.nanoTime();
            all(sink, in);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).as("all detectors on a %d-character argument", sink.length()).isLessThan(3000);
        }
    }

    @Test
    void manyEchoedInputsCostOneScanOfThePage() {
        List<Input> inputs = new ArrayList<>();
        StringBuilder page = new StringBuilder("<html><body>");
        for (int i = 0; i < 100; i++) {
            inputs.add(new Input("query", "p" + i, "a'" + i + "'"));
        }
        while (page.length() < 65_000) {
            for (int i = 0; i < 100 && page.length() < 65_000; i++) {
                page.append("<p title=\"a'").append(i).append("'\">x</p>");
            }
        }
        String html = page.toString();
        Detectors.xss(html, inputs);
        long t0 = System.nanoTime();
        for (int r = 0; r < 10; r++) {
            assertThat(Detectors.xss(html, inputs).attack()).isFalse();
        }
        assertThat((System.nanoTime() - t0) / 10 / 1_000_000).as("ms per 64 KB page with 100 inputs echoed").isLessThan(100);
    }

    @Test
    void concurrentCallsGiveTheSameVerdicts() throws Exception {
        List<Corpus.Line> lines = new ArrayList<>();
        for (String c : Corpus.CATEGORIES) {
            lines.addAll(Corpus.load(c, "attack"));
            lines.addAll(Corpus.load(c, "benign"));
        }
        List<Boolean> expected = new ArrayList<>();
        for (Corpus.Line l : lines) {
            expected.add(Corpus.verdict(l).attack());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Boolean>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    List<Boolean> out = new ArrayList<>();
                    for (Corpus.Line l : lines) {
                        out.add(Corpus.verdict(l).attack());
                    }
                    return out;
                }));
            }
            for (Future<List<Boolean>> f : results) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
