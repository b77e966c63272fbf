package secplane.governance.accuracy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.datafaker.Faker;
import secplane.governance.detectors.AreaCodes;
import secplane.governance.detectors.Checksums;

/**
 * A reproducible labelled corpus: valid identifiers (right checksums, real area codes and dates) and near-misses
 * (broken checksums, impossible dates, random 18-digit numbers, order numbers) planted in Chinese and English
 * text, JSON records and CSV cells, around realistic filler from Datafaker (zh_CN and en). Same seed, same corpus.
 */
public final class Corpus {
    /** A planted value: positive (a real instance of type) or a near-miss imitating it. */
    public record Planted(String type, int start, int end, boolean positive, String kind) {
    }

    /** One text to detect in; field is the CSV column or null. */
    public record Doc(String text, String field, List<Planted> planted) {
    }

    public static final List<String> CHECKSUMMED = List.of("CN_RESIDENT_ID", "CN_USCC", "CN_BANK_CARD", "PAYMENT_CARD", "IBAN", "VIN", "IMEI");
    static final List<String> POSITIVE_TYPES = List.of("CN_RESIDENT_ID", "CN_USCC", "CN_BANK_CARD", "PAYMENT_CARD", "IBAN", "VIN", "IMEI",
            "CN_MOBILE", "EMAIL", "CN_PASSPORT", "CN_LICENSE_PLATE", "IPV4", "CN_PERSON_NAME", "CN_ADDRESS");
    static final List<String> NEAR_MISS_KINDS = List.of("id-broken-check", "id-impossible-date", "random-18-digits", "order-number",
            "card-broken-luhn", "uscc-broken-check", "iban-broken-check", "vin-broken-check", "imei-broken-luhn");

    private static final String USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final String VIN_CHARS = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";
    private static final String[] MOBILE_PREFIXES = {"130", "135", "138", "139", "150", "158", "166", "177", "186", "189", "199"};

    private final Random rnd;
    private final Faker zh;
    private final Faker en;
    private final List<String> prefectures = AreaCodes.get().prefectureCodes();

    public Corpus(long seed) {
        this.rnd = new Random(seed);
        this.zh = new Faker(Locale.SIMPLIFIED_CHINESE, new Random(seed + 1));
        this.en = new Faker(Locale.ENGLISH, new Random(seed + 2));
    }

    /** n documents; about 70% plant a valid value, 30% a near-miss. */
    public List<Doc> generate(int n) {
        List<Doc> docs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(10) < 7) {
                String type = POSITIVE_TYPES.get(rnd.nextInt(POSITIVE_TYPES.size()));
                docs.add(place(type, value(type), true, type));
            } else {
                String kind = NEAR_MISS_KINDS.get(rnd.nextInt(NEAR_MISS_KINDS.size()));
                String[] tv = nearMiss(kind);
                docs.add(place(tv[0], tv[1], false, kind));
            }
        }
        return docs;
    }

    // ---- valid values ----

    /** A valid value of one of the planted types, for benchmarks that build their own records. */
    public String valueOf(String type) {
        return value(type);
    }

    String value(String type) {
        switch (type) {
            case "CN_RESIDENT_ID": return residentId(true, true);
            case "CN_USCC": return uscc(true);
            case "CN_BANK_CARD": return luhnComplete("62" + digits(rnd.nextBoolean() ? 13 : 16), true);
            case "PAYMENT_CARD": return luhnComplete(cardPrefix(), true);
            case "IBAN": return iban(true);
            case "VIN": return vin(true);
            case "IMEI": return luhnComplete("35" + digits(12), true);
            case "CN_MOBILE": return MOBILE_PREFIXES[rnd.nextInt(MOBILE_PREFIXES.length)] + digits(8);
            case "EMAIL": return en.internet().emailAddress();
            case "CN_PASSPORT": return "E" + digits(8);
            case "CN_LICENSE_PLATE": return "京沪粤浙苏川鲁豫".charAt(rnd.nextInt(8)) + "" + (char) ('A' + rnd.nextInt(8)) + digits(4) + (char) ('A' + rnd.nextInt(8));
            case "IPV4": return (1 + rnd.nextInt(223)) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
            case "CN_PERSON_NAME": return zh.name().lastName() + zh.name().firstName();
            case "CN_ADDRESS": return address();
            default: throw new IllegalArgumentException(type);
        }
    }

    private String cardPrefix() {
        // Visa 16, Mastercard 51-55 16, Amex 34/37 15
        int k = rnd.nextInt(3);
        return k == 0 ? "4" + digits(14) : k == 1 ? "5" + (1 + rnd.nextInt(5)) + digits(13) : (rnd.nextBoolean() ? "34" : "37") + digits(12);
    }

    String residentId(boolean validDate, boolean validCheck) {
        String area = prefectures.get(rnd.nextInt(prefectures.size())) + String.format("%02d", 1 + rnd.nextInt(20));
        String date;
        if (validDate) {
            LocalDate d = LocalDate.of(1940, 1, 1).plusDays(rnd.nextInt(365 * 70));
            date = String.format("%04d%02d%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
        } else {
            String[] impossible = {"0230", "0231", "0431", "1332", "0000", "1200"};
            date = (1950 + rnd.nextInt(60)) + impossible[rnd.nextInt(impossible.length)];
        }
        String body = area + date + digits(3);
        char check = Checksums.gb11643(body);
        if (!validCheck) {
            check = other(check, "0123456789X");
        }
        return body + check;
    }

    String uscc(boolean valid) {
        String org = randomFrom("0123456789ABCDEFGHJKLMNPQRTUWXY", 8);
        String orgCheck = "";
        for (char c : "0123456789X".toCharArray()) {
            if (Checksums.gb11714(org + c)) {
                orgCheck = String.valueOf(c);
            }
        }
        String body = "9" + "123".charAt(rnd.nextInt(3)) + prefectures.get(rnd.nextInt(prefectures.size())) + "00" + org + orgCheck;
        for (char c : USCC_CHARS.toCharArray()) {
            if (Checksums.gb32100(body + c)) {
                return valid ? body + c : body + other(c, USCC_CHARS);
            }
        }
        throw new IllegalStateException("no USCC check character for " + body);
    }

    String iban(boolean valid) {
        String bban = digits(18);
        String check = String.format("%02d", 98 - mod97(bban + "1314" + "00"));
        String s = "DE" + check + bban;
        if (!valid) {
            char last = s.charAt(s.length() - 1);
            s = s.substring(0, s.length() - 1) + other(last, "0123456789");
        }
        return rnd.nextBoolean() ? s : s.replaceAll("(.{4})", "$1 ").trim();
    }

    private static int mod97(String digits) {
        int m = 0;
        for (char c : digits.toCharArray()) {
            m = (m * 10 + (c - '0')) % 97;
        }
        return m;
    }

    String vin(boolean valid) {
        while (true) {
            char[] v = (randomFrom(VIN_CHARS, 8) + "0" + randomFrom(VIN_CHARS, 8)).toCharArray();
            for (char c : "0123456789X".toCharArray()) {
                v[8] = c;
                if (Checksums.vin(new String(v))) {
                    if (!valid) {
                        v[8] = other(c, "0123456789X");
                    }
                    String s = new String(v);
                    if (hasLetterAndDigit(s)) {
                        return s;
                    }
                }
            }
        }
    }

    private String address() {
        String code = prefectures.get(rnd.nextInt(prefectures.size()));
        AreaCodes a = AreaCodes.get();
        String city = a.name(code);
        String province = a.name(code.substring(0, 2));
        String prefix = city.contains("辖") ? province : province + city;
        String[] districts = {"城关区", "新城区", "高新区", "开发区", "东湖区", "西山区", "南湖县", "北关镇"};
        String road = zh.name().lastName() + (rnd.nextBoolean() ? "华" : "兴") + "路".charAt(0);
        String tail = (1 + rnd.nextInt(300)) + "号" + (rnd.nextBoolean() ? (1 + rnd.nextInt(20)) + "栋" + (100 + rnd.nextInt(1800)) + "室" : "");
        return (rnd.nextInt(4) == 0 ? "" : prefix) + districts[rnd.nextInt(districts.length)] + road + tail;
    }

    // ---- near-misses: {imitated type, value} ----

    String[] nearMiss(String kind) {
        switch (kind) {
            case "id-broken-check": return new String[] {"CN_RESIDENT_ID", residentId(true, false)};
            case "id-impossible-date": return new String[] {"CN_RESIDENT_ID", residentId(false, true)};
            case "random-18-digits": return new String[] {"CN_RESIDENT_ID", (1 + rnd.nextInt(9)) + digits(17)};
            case "order-number": return new String[] {"CN_BANK_CARD", "62" + digits(17)};
            case "card-broken-luhn": return new String[] {"CN_BANK_CARD", luhnComplete("62" + digits(16), false)};
            case "uscc-broken-check": return new String[] {"CN_USCC", uscc(false)};
            case "iban-broken-check": return new String[] {"IBAN", iban(false)};
            case "vin-broken-check": return new String[] {"VIN", vin(false)};
            case "imei-broken-luhn": return new String[] {"IMEI", luhnComplete("35" + digits(12), false)};
            default: throw new IllegalArgumentException(kind);
        }
    }

    // ---- placing a value in a document ----

    static String label(String type) {
        switch (type) {
            case "CN_RESIDENT_ID": return "身份证号";
            case "CN_USCC": return "统一社会信用代码";
            case "CN_BANK_CARD": return "银行卡号";
            case "PAYMENT_CARD": return "card number";
            case "IBAN": return "IBAN";
            case "VIN": return "车架号";
            case "IMEI": return "IMEI";
            case "CN_MOBILE": return "手机";
            case "EMAIL": return "邮箱";
            case "CN_PASSPORT": return "护照号码";
            case "CN_LICENSE_PLATE": return "车牌";
            case "IPV4": return "登录IP";
            case "CN_PERSON_NAME": return "联系人";
            case "CN_ADDRESS": return "地址";
            default: return "备注";
        }
    }

    static String column(String type) {
        switch (type) {
            case "CN_RESIDENT_ID": return "id_card";
            case "CN_USCC": return "credit_code";
            case "CN_BANK_CARD": case "PAYMENT_CARD": return "card_no";
            case "CN_MOBILE": return "mobile";
            case "EMAIL": return "email";
            case "CN_PERSON_NAME": return "customer_name";
            case "CN_ADDRESS": return "address";
            case "CN_LICENSE_PLATE": return "plate_no";
            default: return type.toLowerCase(Locale.ROOT);
        }
    }

    private Doc place(String type, String value, boolean positive, String kind) {
        StringBuilder sb = new StringBuilder();
        int format = rnd.nextInt(4);
        String field = null;
        // order numbers sit after their own label, which is what tells them apart
        String lbl = kind.equals("order-number") ? "订单号" : label(type);
        int start;
        switch (format) {
            case 0: // Chinese prose with the label
                sb.append(zh.address().city()).append("的客户").append(zh.name().lastName()).append("先生于").append(1 + rnd.nextInt(12)).append("月办理了业务，")
                        .append(lbl).append("：");
                start = sb.length();
                sb.append(value).append("，请核对后归档。");
                break;
            case 1: // English prose, value without a Chinese label (unlabelled in half of the cases)
                sb.append(en.lorem().sentence()).append(' ');
                if (kind.equals("order-number") || rnd.nextBoolean()) {
                    sb.append(kind.equals("order-number") ? "order no " : lbl).append(": ");
                }
                start = sb.length();
                sb.append(value).append(". ").append(en.lorem().sentence());
                break;
            case 2: // a JSON record
                sb.append("{\"seq\":").append(rnd.nextInt(100000)).append(",\"remark\":\"").append(zh.address().city()).append("\",\"")
                        .append(kind.equals("order-number") ? "orderNo" : column(type)).append("\":\"");
                start = sb.length();
                sb.append(value).append("\",\"status\":\"ok\"}");
                break;
            default: // a CSV cell under its column
                field = kind.equals("order-number") ? "order_no" : column(type);
                start = 0;
                sb.append(value);
        }
        List<Planted> planted = new ArrayList<>();
        planted.add(new Planted(type, start, start + value.length(), positive, kind));
        return new Doc(sb.toString(), field, planted);
    }

    // ---- random parts ----

    private String digits(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + rnd.nextInt(10)));
        }
        return sb.toString();
    }

    private String randomFrom(String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private char other(char c, String alphabet) {
        while (true) {
            char o = alphabet.charAt(rnd.nextInt(alphabet.length()));
            if (o != c) {
                return o;
            }
        }
    }

    private String luhnComplete(String body, boolean valid) {
        for (char c = '0'; c <= '9'; c++) {
            if (Checksums.luhn(body + c)) {
                return valid ? body + c : body + other(c, "0123456789");
            }
        }
        throw new IllegalStateException();
    }

    private static boolean hasLetterAndDigit(String s) {
        return s.chars().anyMatch(Character::isLetter) && s.chars().anyMatch(Character::isDigit);
    }
}
