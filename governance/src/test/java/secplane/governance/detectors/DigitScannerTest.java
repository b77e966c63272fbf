package secplane.governance.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import secplane.governance.accuracy.Corpus;

/**
 * The digit fast path (DigitScanner) against the engine's general path over the same detectors: the same
 * findings (type, span, value and confidence, to the last bit) on the governance corpus and on thousands of
 * random JSON documents, log lines and strings with planted values and benign look-alikes.
 */
class DigitScannerTest {
    private static final List<String> DIGIT_TYPES = List.of("CN_RESIDENT_ID", "CN_BANK_CARD", "PAYMENT_CARD", "CN_MOBILE");
    private static final String[] MOBILE_PREFIXES = {"130", "135", "138", "145", "150", "162", "166", "170", "177", "186", "199"};
    private static final String[] NOT_MOBILE = {"120", "140", "144", "154", "160", "163", "168", "179", "100", "110"};
    /** Keywords of the four detectors' contexts, positive and negative, in several cases and scripts. */
    private static final String[] WORDS = {"身份证", "证件号", "id card", "ID Card", "idcard", "identity", "手机", "电话", "tel", "TEL", "mobile",
        "Phone", "cell", "银行卡", "卡号", "账号", "bank card", "card no", "Card Number", "credit card", "debit", "account", "visa", "amex",
        "订单", "单号", "流水", "交易号", "order", "ORDER", "invoice", "tracking", "txn", "serial", "sku", "batch", "ticket", "id no",
        "id_card", "note", "name", "since", "city", "联系方式", "信用卡", "开户"};
    private static final String[] FIELDS = {null, "id_card", "mobile", "card_no", "order_no", "bank_card_no", "id_card_no", "remark",
        "orderMobile", "txn_id", "contact", "pan"};

    private final Random rnd = new Random(20261130);

    /** Built once: every Builtins.all() registers its context keywords anew. */
    private static final List<Detector> BUILTINS = Builtins.all();

    private static DetectionEngine engine(List<String> types, double threshold) {
        List<Detector> ds = BUILTINS.stream().filter(d -> types.contains(d.type())).collect(Collectors.toList());
        return new DetectionEngine(ds, threshold);
    }

    /** Every non-empty subset of the digit types, at three thresholds. */
    private static List<DetectionEngine> engines() {
        List<DetectionEngine> out = new ArrayList<>();
        for (int mask = 1; mask < 16; mask++) {
            List<String> types = new ArrayList<>();
            for (int b = 0; b < 4; b++) {
                if ((mask & 1 << b) != 0) {
                    types.add(DIGIT_TYPES.get(b));
                }
            }
            for (double t : new double[] {DetectionEngine.DEFAULT_THRESHOLD, 0.0, 0.75}) {
                out.add(engine(types, t));
            }
        }
        return out;
    }

    /** Compares both paths on every text, counts the findings by type so that the test cannot pass on nothing. */
    private static Map<String, Integer> compare(List<DetectionEngine> engines, List<String> texts, List<String> fields) {
        Map<String, Integer> found = new HashMap<>();
        List<String> differences = new ArrayList<>();
        for (DetectionEngine e : engines) {
            assertThat(e.fastPath()).isTrue();
            for (int i = 0; i < texts.size(); i++) {
                String text = texts.get(i);
                String field = fields.get(i);
                List<Finding> general = e.detectGeneral(text, field);
                List<Finding> fast = e.detect(text, field);
                if (!fast.equals(general) && differences.size() < 5) {
                    differences.add("threshold " + e.threshold() + ", detectors " + e.detectors().stream().map(Detector::type).collect(Collectors.toList())
                            + ", field " + field + ", text " + text + ": fast path " + fast + ", general path " + general);
                }
                for (Finding f : fast) {
                    found.merge(f.type(), 1, Integer::sum);
                }
            }
        }
        assertThat(differences).isEmpty();
        return found;
    }

    @Test
    void onlyEnginesOfDigitRulesTakeTheFastPath() {
        assertThat(DetectionEngine.standard().fastPath()).isFalse();
        assertThat(engine(List.of("CN_MOBILE", "EMAIL"), 0.5).fastPath()).isFalse();
        assertThat(engine(List.of("CN_RESIDENT_ID_15"), 0.5).fastPath()).isFalse();
        assertThat(new DetectionEngine(List.of(), 0.5).fastPath()).isFalse();
        assertThat(engine(DIGIT_TYPES, 0.5).fastPath()).isTrue();
    }

    @Test
    void sameFindingsOnTheGovernanceCorpus() {
        List<Corpus.Doc> docs = new Corpus(20261129).generate(4000);
        List<String> texts = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        for (Corpus.Doc d : docs) {
            texts.add(d.text());
            fields.add(d.field());
            texts.add(d.text());
            fields.add(null);
        }
        Map<String, Integer> found = compare(engines(), texts, fields);
        assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(DIGIT_TYPES);
    }

    @Test
    void sameFindingsOnHandPickedCases() {
        List<String> texts = List.of(
                "身份证号：11010519491231002X，请核对", "id 110105 19491231 002X on file", "id 110105-19491231-002x on file",
                "tel: +86 138 1234 5678", "+8613812345678", "8613812345678", "+13812345678", "138-1234-5678", "138 1234-5678",
                "工资卡 6222021234567890128 已绑定", "6222 0212 3456 7890 128", "visa 4111 1111 1111 1111 exp", "4111-1111-1111-1111",
                "订单号 6222021234567890128", "card no 622202123456789012", "id card 622202123456789012",
                "身份证 11010519491231002X 手机 13812345678", "1 138 1234 5678", "12 13812345678", "13812345678901234567890",
                "abc13812345678", "13812345678abc", "x13812345678x", "13812345678\n13912345678", "ORD-20240317-000123 at 2024-03-17T10:15:30Z",
                "trace 731925846201937462 sku AB12-3456", "4111111111111111 4111111111111111", "11010519491231002X11010519491231002X",
                "1381234567８", "１３８１２３４５６７８", "13812345678-", "-13812345678", " 13812345678 ", "13812345678 ",
                "6011000990139424", "378282246310005", "3530111333300000", "5555555555554444", "2223003122003222",
                "30569309025904", "4222222222222", "6212345678901232", "621234567890123456", "62123456789012345675");
        List<String> fields = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (String t : texts) {
            for (String f : FIELDS) {
                all.add(t);
                fields.add(f);
            }
        }
        Map<String, Integer> found = compare(engines(), all, fields);
        assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(DIGIT_TYPES);
    }

    @Test
    void sameFindingsOnRandomJsonWithPlantedValuesAndLookAlikes() {
        List<String> texts = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            texts.add(json(1 + rnd.nextInt(12)));
            fields.add(rnd.nextInt(8) == 0 ? FIELDS[rnd.nextInt(FIELDS.length)] : null);
        }
        Map<String, Integer> found = compare(List.of(engine(DIGIT_TYPES, 0.5), engine(DIGIT_TYPES, 0.0), engine(List.of("CN_MOBILE"), 0.5),
                engine(List.of("CN_BANK_CARD", "PAYMENT_CARD"), 0.5)), texts, fields);
        assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(DIGIT_TYPES);
        assertThat(found.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(10_000);
    }

    @Test
    void sameFindingsOnRandomLogLinesAndFuzz() {
        List<String> texts = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            texts.add(logLine());
            fields.add(null);
            texts.add(fuzz());
            fields.add(null);
            texts.add(mutate(value()));
            fields.add(null);
        }
        Map<String, Integer> found = compare(List.of(engine(DIGIT_TYPES, 0.5), engine(DIGIT_TYPES, 0.0), engine(List.of("CN_RESIDENT_ID"), 0.5),
                engine(List.of("PAYMENT_CARD", "CN_MOBILE"), 0.75)), texts, fields);
        assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(DIGIT_TYPES);
    }

    @Test
    void benignLookAlikesStayUnfoundOnBothPaths() {
        DetectionEngine e = engine(DIGIT_TYPES, DetectionEngine.DEFAULT_THRESHOLD);
        for (int i = 0; i < 1000; i++) {
            String order = "{\"order\":\"ORD-" + digits(8) + "-" + digits(6) + "\",\"at\":\"2024-0" + (1 + rnd.nextInt(9)) + "-1" + rnd.nextInt(10)
                    + "T10:15:30.123Z\",\"epoch\":" + (1_700_000_000_000L + rnd.nextInt(1_000_000_000)) + ",\"sku\":\"SKU-AB12-" + digits(4)
                    + "\",\"id\":\"" + failingId() + "\"}";
            assertThat(e.detect(order, null)).as(order).isEmpty();
            assertThat(e.detectGeneral(order, null)).as(order).isEmpty();
        }
    }

    /** Builtins.birthDate checks the calendar itself instead of catching LocalDate.of's exception: same answers. */
    @Test
    void birthDateAgreesWithJavaTime() {
        LocalDate today = LocalDate.now();
        int checked = 0;
        int valid = 0;
        for (int y : new int[] {1899, 1900, 1901, 1949, 1996, 2000, 2023, 2024, 2100, today.getYear() - 1, today.getYear(), today.getYear() + 1}) {
            for (int m = 0; m <= 13; m++) {
                for (int d = 0; d <= 32; d++) {
                    String ymd = String.format("%04d%02d%02d", y, m, d);
                    boolean expected = javaTimeBirthDate(y, m, d, today);
                    assertThat(Builtins.birthDate("110101" + ymd + "0011", 6, 4)).as(ymd).isEqualTo(expected);
                    if (y >= 1900 && y < 2000) {
                        assertThat(Builtins.birthDate("110101" + ymd.substring(2) + "001", 6, 2)).as(ymd).isEqualTo(expected);
                    }
                    checked++;
                    valid += expected ? 1 : 0;
                }
            }
        }
        for (int back = -3; back <= 3; back++) {
            LocalDate day = today.plusDays(back);
            String ymd = String.format("%04d%02d%02d", day.getYear(), day.getMonthValue(), day.getDayOfMonth());
            assertThat(Builtins.birthDate("110101" + ymd + "0011", 6, 4)).as(ymd).isEqualTo(back <= 0);
        }
        assertThat(checked).isEqualTo(12 * 14 * 33);
        assertThat(valid).isGreaterThan(3000);
    }

    private static boolean javaTimeBirthDate(int y, int m, int d, LocalDate today) {
        try {
            return y >= 1900 && !LocalDate.of(y, m, d).isAfter(today);
        } catch (java.time.DateTimeException e) {
            return false;
        }
    }

    // ---- generators ----

    private String json(int records) {
        StringBuilder sb = new StringBuilder("{\"items\":[");
        for (int r = 0; r < records; r++) {
            if (r > 0) {
                sb.append(rnd.nextBoolean() ? "," : ", ");
            }
            sb.append('{');
            int fieldsInRecord = 2 + rnd.nextInt(7);
            for (int f = 0; f < fieldsInRecord; f++) {
                if (f > 0) {
                    sb.append(',');
                }
                String key = rnd.nextInt(3) == 0 ? WORDS[rnd.nextInt(WORDS.length)] : List.of("id", "idCard", "mobile", "bankCard", "orderNo",
                        "createdAt", "note", "amount", "traceId", "cardNo", "phone").get(rnd.nextInt(11));
                sb.append('"').append(key).append("\":");
                switch (rnd.nextInt(6)) {
                    case 0:
                        sb.append(digits(1 + rnd.nextInt(19))); // a bare number
                        break;
                    case 1:
                        sb.append('"').append(value()).append('"');
                        break;
                    case 2:
                        sb.append('"').append(rnd.nextBoolean() ? WORDS[rnd.nextInt(WORDS.length)] + " " : "").append(value())
                                .append(rnd.nextBoolean() ? " " + WORDS[rnd.nextInt(WORDS.length)] : "").append('"');
                        break;
                    case 3:
                        sb.append('"').append(lookAlike()).append('"');
                        break;
                    case 4:
                        sb.append("\"call back on ").append(value()).append(" after 6pm, ").append(lookAlike()).append('"');
                        break;
                    default:
                        sb.append('"').append(mutate(value())).append('"');
                }
            }
            sb.append('}');
        }
        return sb.append("]}").toString();
    }

    private String logLine() {
        StringBuilder sb = new StringBuilder();
        int parts = 1 + rnd.nextInt(6);
        for (int p = 0; p < parts; p++) {
            switch (rnd.nextInt(4)) {
                case 0:
                    sb.append(WORDS[rnd.nextInt(WORDS.length)]).append(rnd.nextBoolean() ? ": " : "=");
                    break;
                case 1:
                    sb.append(value());
                    break;
                case 2:
                    sb.append(lookAlike());
                    break;
                default:
                    sb.append("GET /api/orders/").append(digits(1 + rnd.nextInt(6))).append(" 200 in ").append(rnd.nextInt(100)).append(" ms");
            }
            sb.append(" ,;:|/（）".charAt(rnd.nextInt(8)));
        }
        return sb.toString();
    }

    /** Characters that make and break candidates: digits, separators, '+', x, letters, CJK, keyword pieces. */
    private String fuzz() {
        String alphabet = "0123456789012345678901234567890123456789  --+xXaZ.,\"身证卡手号";
        StringBuilder sb = new StringBuilder();
        int n = 5 + rnd.nextInt(80);
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(15) == 0) {
                sb.append(WORDS[rnd.nextInt(WORDS.length)]);
            } else if (rnd.nextInt(20) == 0) {
                sb.append(value());
            } else {
                sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
        }
        return sb.toString();
    }

    /** A valid value of a digit type, compact or grouped with ' ' or '-', sometimes with +86 / 86 or a lower-case x. */
    private String value() {
        String v;
        switch (rnd.nextInt(6)) {
            case 0:
                v = residentId(true);
                break;
            case 1:
                v = luhn("62" + digits(rnd.nextBoolean() ? 13 : 16 + rnd.nextInt(2)));
                break;
            case 2:
                String[] prefixes = {"4" + digits(14), "4" + digits(11), "5" + (1 + rnd.nextInt(5)) + digits(13), "34" + digits(12),
                    "37" + digits(12), "6011" + digits(11), "65" + digits(13), "3530" + digits(11), "36" + digits(11), "2221" + digits(11), "4" + digits(17)};
                v = luhn(prefixes[rnd.nextInt(prefixes.length)]);
                break;
            case 3:
                v = MOBILE_PREFIXES[rnd.nextInt(MOBILE_PREFIXES.length)] + digits(8);
                if (rnd.nextInt(4) == 0) {
                    v = (rnd.nextBoolean() ? "+86" : "86") + (rnd.nextBoolean() ? " " : "") + v;
                }
                break;
            case 4:
                v = NOT_MOBILE[rnd.nextInt(NOT_MOBILE.length)] + digits(8);
                break;
            default:
                v = luhn(digits(12 + rnd.nextInt(8)));
        }
        if (v.endsWith("X") && rnd.nextBoolean()) {
            v = v.substring(0, v.length() - 1) + 'x';
        }
        return rnd.nextInt(3) == 0 ? group(v) : v;
    }

    private String group(String v) {
        char sep = rnd.nextBoolean() ? ' ' : '-';
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < v.length()) {
            int len = Math.min(v.length() - i, 2 + rnd.nextInt(5));
            if (sb.length() > 0) {
                sb.append(rnd.nextInt(12) == 0 ? (sep == ' ' ? '-' : ' ') : sep);
            }
            sb.append(v, i, i + len);
            i += len;
        }
        return sb.toString();
    }

    /** Order numbers, timestamps, product codes, 18-digit ids failing GB 11643, broken Luhn, long runs. */
    private String lookAlike() {
        switch (rnd.nextInt(8)) {
            case 0: return "ORD-" + digits(8) + "-" + digits(6);
            case 1: return "2024-0" + (1 + rnd.nextInt(9)) + "-1" + rnd.nextInt(10) + "T10:15:" + rnd.nextInt(6) + rnd.nextInt(10) + "Z";
            case 2: return "SKU-AB" + digits(2) + "-" + digits(4);
            case 3: return failingId();
            case 4: return residentId(false);
            case 5: return digits(20 + rnd.nextInt(20));
            case 6: return Long.toString(1_700_000_000_000L + rnd.nextInt(1_000_000_000));
            default:
                String card = luhn("62" + digits(16));
                return card.substring(0, 18) + (char) ('0' + (card.charAt(18) - '0' + 1) % 10);
        }
    }

    /** Deletes, duplicates or swaps a character, or inserts a separator, a letter or a '+'. */
    private String mutate(String v) {
        if (v.isEmpty()) {
            return v;
        }
        StringBuilder sb = new StringBuilder(v);
        int at = rnd.nextInt(sb.length());
        switch (rnd.nextInt(5)) {
            case 0: sb.deleteCharAt(at); break;
            case 1: sb.insert(at, sb.charAt(at)); break;
            case 2: sb.insert(at, " -+xA".charAt(rnd.nextInt(5))); break;
            case 3: sb.setCharAt(at, (char) ('0' + rnd.nextInt(10))); break;
            default: sb.insert(0, WORDS[rnd.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    private String residentId(boolean validCheck) {
        List<String> prefectures = AreaCodes.get().prefectureCodes();
        LocalDate d = LocalDate.of(1930, 1, 1).plusDays(rnd.nextInt(365 * 90));
        String body = prefectures.get(rnd.nextInt(prefectures.size())) + String.format("%02d%04d%02d%02d%03d", 1 + rnd.nextInt(20), d.getYear(),
                d.getMonthValue(), d.getDayOfMonth(), rnd.nextInt(1000));
        char check = Checksums.gb11643(body);
        if (!validCheck) {
            check = check == '1' ? '2' : '1';
        }
        return body + check;
    }

    /** An 18-digit id whose last digit fails GB 11643 (random digits otherwise). */
    private String failingId() {
        String body = (1 + rnd.nextInt(9)) + digits(16);
        char check = Checksums.gb11643(body);
        char other = check == '0' ? '1' : (char) ('0' + (check == 'X' ? 5 : (check - '0' + 1) % 10));
        return body + other;
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
