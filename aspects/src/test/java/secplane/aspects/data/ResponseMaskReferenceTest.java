package secplane.aspects.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import secplane.aspect.AspectConfig;
import secplane.aspect.Finding;
import secplane.aspect.testing.TestJoinPoint;
import secplane.aspect.testing.TestRequest;
import secplane.governance.catalog.Catalog;
import secplane.governance.detectors.Builtins;
import secplane.governance.detectors.Checksums;
import secplane.governance.detectors.DetectionEngine;
import secplane.protocol.json.Json;

/**
 * The aspect's masked response against a reference computed the slow, plain way: every finding of the engine's
 * general path (detectAll, threshold, overlaps), the catalog's keep-first-last mask counted in code points,
 * same-length masks checked with String.getBytes, '0' for '*' outside JSON strings. Random JSON bodies with
 * planted resident IDs, cards and mobiles beside benign look-alikes; every masked body must still parse.
 */
class ResponseMaskReferenceTest {
    private static final Set<String> TYPES = Set.copyOf(DataAspect.DEFAULT_LOG_TYPES);
    private final Random rnd = new Random(20261130);

    @Test
    void maskedBodiesEqualTheReferenceAndStayValidJson() throws Exception {
        DataAspect aspect = new DataAspect();
        aspect.configure(new AspectConfig(Map.of("sample", 0)));
        DetectionEngine general = new DetectionEngine(Builtins.all().stream().filter(d -> TYPES.contains(d.type())).collect(Collectors.toList()),
                DetectionEngine.DEFAULT_THRESHOLD);
        Catalog catalog = Catalog.builtin();
        int masked = 0;
        int untouched = 0;
        for (int i = 0; i < 1500; i++) {
            String body = json(1 + rnd.nextInt(10));
            String expected = reference(general, catalog, body);
            Finding f = aspect.inspect(new TestJoinPoint("http.response", new TestRequest().uri("/customers"),
                    new Object[] {body, "application/json;charset=UTF-8", true}));
            String actual = f == null ? null : f.evidence().get(DataAspect.REWRITE);
            assertThat(actual).as(body).isEqualTo(expected);
            if (actual != null) {
                masked++;
                assertThat(actual).hasSameSizeAs(body);
                assertThat(actual.getBytes(StandardCharsets.UTF_8)).hasSameSizeAs(body.getBytes(StandardCharsets.UTF_8));
                Json.parse(actual);
            } else {
                untouched++;
            }
        }
        assertThat(masked).isGreaterThan(1000);
        assertThat(untouched).isGreaterThan(20);
    }

    @Test
    void utf8LengthIsTheEncodedLength() {
        String alphabet = "a0*-\u00e9\u4e2d\uFF0A\ud83d\ude00\ud83d\ude00";
        for (int i = 0; i < 5000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(12);
            for (int k = 0; k < n; k++) {
                // mostly whole pairs, sometimes a lone high or low surrogate
                int pick = rnd.nextInt(alphabet.length());
                sb.append(alphabet.charAt(pick));
            }
            String s = sb.toString();
            assertThat(DataAspect.utf8Length(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    private static String reference(DetectionEngine general, Catalog catalog, String body) {
        List<secplane.governance.detectors.Finding> kept = new ArrayList<>();
        for (secplane.governance.detectors.Finding f : general.detectAll(body, null)) {
            if (f.confidence() >= general.threshold()) {
                kept.add(f);
            }
        }
        char[] out = null;
        for (secplane.governance.detectors.Finding f : DetectionEngine.resolveOverlaps(kept)) {
            String spec = catalog.entry(f.type()).mask();
            String[] nm = spec.substring("keep:".length()).split(",");
            String m = keepFirstLast(f.value(), Integer.parseInt(nm[0]), Integer.parseInt(nm[1]));
            if (m.length() != f.value().length() || m.getBytes(StandardCharsets.UTF_8).length != f.value().getBytes(StandardCharsets.UTF_8).length) {
                m = "*".repeat(f.value().length());
            }
            if (!insideString(body, f.start())) {
                m = m.replace('*', '0');
            }
            if (out == null) {
                out = body.toCharArray();
            }
            m.getChars(0, m.length(), out, f.start());
        }
        return out == null ? null : new String(out);
    }

    /** KeepFirstLast as specified: code points, '-', ' ' and '·' kept, at least one character masked. */
    private static String keepFirstLast(String value, int first, int last) {
        int[] cps = value.codePoints().toArray();
        int n = cps.length;
        while (first + last >= n && first + last > 0) {
            if (first >= last && first > 0) {
                first--;
            } else {
                last--;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            boolean keep = i < first || i >= n - last || cps[i] == '-' || cps[i] == ' ' || cps[i] == '·';
            if (keep) {
                sb.appendCodePoint(cps[i]);
            } else {
                sb.append('*');
            }
        }
        return sb.toString();
    }

    private static boolean insideString(String json, int at) {
        boolean in = false;
        for (int i = 0; i < at; i++) {
            char c = json.charAt(i);
            if (c == '\\' && in) {
                i++;
            } else if (c == '"') {
                in = !in;
            }
        }
        return in;
    }

    // ---- random bodies ----

    private String json(int records) {
        StringBuilder sb = new StringBuilder("{\"customers\":[");
        for (int r = 0; r < records; r++) {
            if (r > 0) {
                sb.append(',');
            }
            sb.append("{\"id\":").append(rnd.nextInt(100000)).append(",\"name\":\"").append(rnd.nextBoolean() ? "张伟" : "Customer \\\"" + r + "\\\"")
                    .append('"');
            int fields = 1 + rnd.nextInt(5);
            for (int f = 0; f < fields; f++) {
                String key = List.of("idCard", "mobile", "bankCard", "cardNo", "orderNo", "note", "traceId", "createdAt").get(rnd.nextInt(8));
                sb.append(",\"").append(key).append(f).append("\":");
                if (rnd.nextInt(5) == 0) {
                    sb.append(rnd.nextBoolean() ? mobile() : luhn("62" + digits(17))); // a bare number
                } else {
                    String v = rnd.nextInt(3) == 0 ? lookAlike() : value();
                    sb.append('"').append(rnd.nextInt(4) == 0 ? "订单 " + v + " 手机" : rnd.nextInt(4) == 0 ? "call " + v + " after 6pm" : v).append('"');
                }
            }
            sb.append('}');
        }
        return sb.append("]}").toString();
    }

    private String value() {
        switch (rnd.nextInt(5)) {
            case 0: {
                String body = "110101" + (1950 + rnd.nextInt(60)) + String.format("%02d%02d", 1 + rnd.nextInt(12), 1 + rnd.nextInt(28)) + digits(3);
                String id = body + Checksums.gb11643(body);
                return rnd.nextInt(4) == 0 ? id.substring(0, 6) + " " + id.substring(6, 14) + " " + id.substring(14) : id;
            }
            case 1: return luhn("62" + digits(rnd.nextBoolean() ? 13 : 16));
            case 2: return luhn("4" + digits(14));
            case 3: return rnd.nextBoolean() ? mobile() : "+86 " + mobile().substring(0, 3) + " " + mobile().substring(3, 7) + " " + digits(4);
            default: return luhn("5" + (1 + rnd.nextInt(5)) + digits(13)).replaceAll("(\\d{4})(?=\\d)", "$1-");
        }
    }

    private String lookAlike() {
        switch (rnd.nextInt(4)) {
            case 0: return "ORD-" + digits(8) + "-" + digits(6);
            case 1: return "2024-03-1" + rnd.nextInt(10) + "T10:15:30Z";
            case 2: {
                String body = (1 + rnd.nextInt(9)) + digits(16);
                char check = Checksums.gb11643(body);
                return body + (check == '1' ? '2' : '1');
            }
            default: return "SKU-AB12-" + digits(4);
        }
    }

    private String mobile() {
        return List.of("138", "139", "150", "186", "199").get(rnd.nextInt(5)) + digits(8);
    }

    private String luhn(String body) {
        for (char c = '0'; c <= '9'; c++) {
            if (Checksums.luhn(body + c)) {
                return body + c;
            }
        }
        throw new IllegalStateException(body);
    }

    private String digits(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + rnd.nextInt(10)));
        }
        return sb.toString();
    }
}
