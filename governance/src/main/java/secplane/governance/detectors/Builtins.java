package secplane.governance.detectors;

import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The built-in detectors, each with its rule, its source and its context words. docs/governance.md lists
 * the same rules; a test checks that every detector has a catalog entry and a masking default.
 */
public final class Builtins {
    private Builtins() {
    }

    private static final AreaCodes AREAS = AreaCodes.get();

    public static List<Detector> all() {
        List<Detector> d = new ArrayList<>();
        // ---- mainland China: identity documents and numbers ----
        d.add(new CandidateRule("CN_RESIDENT_ID", Region.CN,
                "18 digits (last may be X): GB/T 2260 area code, a real birth date, GB 11643-1999 ISO 7064 MOD 11-2 check",
                Context.of(List.of("身份证", "证件号", "公民身份号码", "身份号码", "id card", "id no", "idcard", "identity"),
                        List.of("idcard", "idno", "idnumber", "sfz", "sfzh", "身份证", "certno", "identity", "citizenid")),
                false, Builtins::residentId18));
        d.add(new CandidateRule("CN_RESIDENT_ID_15", Region.CN,
                "15 digits issued before 1999: GB/T 2260 area code and a yymmdd birth date in the 1900s (GB 11643-1989, no check digit); needs context",
                Context.of(List.of("身份证", "证件号", "身份号码", "id card", "idcard"), List.of("idcard", "idno", "sfz", "身份证", "certno")),
                false, Builtins::residentId15));
        d.add(new CandidateRule("CN_RESIDENCE_PERMIT_HMT", Region.CN,
                "Residence permit for Hong Kong, Macao and Taiwan residents (2018): 18 digits starting 810000/820000/830000, birth date, MOD 11-2 check",
                Context.of(List.of("居住证", "港澳台", "residence permit"), List.of("permit", "居住证")), false, Builtins::hmtPermit));
        d.add(new CandidateRule("CN_FOREIGN_PERMANENT_RESIDENT_ID", Region.CN,
                "Foreigner's permanent residence ID: 2023 format 18 digits starting 9 (province, country code, birth date, MOD 11-2); 2004 format 3 letters + 12 digits",
                Context.of(List.of("永久居留", "外国人", "permanent residen"), List.of("permanent", "prid", "永久居留")), false, Builtins::foreignPr));
        d.add(new CandidateRule("CN_USCC", Region.CN,
                "Unified social credit code: 18 characters of the GB 32100-2015 alphabet, registration authority + category (GB 32100 Table 1), GB/T 2260 prefecture (or province-level) code, GB 11714 check of the embedded organisation code, MOD 31 check",
                Context.of(List.of("统一社会信用代码", "信用代码", "税号", "纳税人识别号", "credit code", "uscc"), List.of("uscc", "creditcode", "taxno", "taxid", "信用代码")),
                false, Builtins::uscc));
        d.add(new CandidateRule("CN_ORG_CODE", Region.CN,
                "Organisation code: 8 digits/capitals + GB 11714-1997 check character (often written XXXXXXXX-X); needs context",
                Context.of(List.of("组织机构代码", "机构代码", "organization code", "org code"), List.of("orgcode", "organizationcode", "机构代码")),
                true, c -> c.compact().length() == 9 && Checksums.gb11714(c.compact()) ? 0.3 : 0));
        d.add(new CandidateRule("CN_BUSINESS_REG_NO", Region.CN,
                "Business registration number before 2015: 15 digits, GB/T 2260 province, ISO 7064 MOD 11,10 check (GS15-2006); needs context",
                Context.of(List.of("注册号", "营业执照", "工商", "registration no"), List.of("regno", "registrationno", "licenseno", "注册号")),
                true, c -> c.digits() && c.compact().length() == 15 && province(c.compact(), 0) && Checksums.mod11_10(c.compact()) ? 0.3 : 0));
        d.add(new CandidateRule("CN_MOBILE", Region.CN,
                "11 digits 1[3-9]x with an allocated MIIT prefix (optionally +86/86, written 3-4-4)",
                Context.of(List.of("手机", "电话", "联系方式", "tel", "mobile", "phone", "cell"), List.of("mobile", "phone", "tel", "手机", "电话", "cell", "contact")),
                false, Builtins::mobile));
        d.add(new CandidateRule("CN_LANDLINE", Region.CN,
                "0 + 2-3 digit long-distance code + 7-8 digit local number (010-12345678); weak without a separator or context",
                Context.of(List.of("电话", "座机", "固话", "传真", "tel", "phone", "fax"), List.of("tel", "phone", "电话", "fax", "landline")),
                false, Builtins::landline));
        d.add(new CandidateRule("CN_BANK_CARD", Region.CN,
                "UnionPay card / Chinese debit card: 16-19 digits, BIN prefix 62, Luhn check (ISO/IEC 7812); 17-18 digits need context",
                cardContext(List.of("银行卡", "卡号", "账号", "账户", "开户", "bank card", "card no", "card number", "debit", "account"),
                        List.of("cardno", "cardnum", "bankcard", "account", "acct", "卡号", "账号")),
                false, Builtins::unionPay));
        d.add(new CandidateRule("CN_PASSPORT", Region.CN,
                "PRC passport: E/G + 8 digits, E + letter + 7 digits (2012+), D/S/P(E) + 7 digits for diplomatic/service/public affairs",
                Context.of(List.of("护照", "passport"), List.of("passport", "护照", "hz")), false, Builtins::passport));
        d.add(new CandidateRule("CN_HK_MACAU_PASS", Region.CN,
                "Exit-entry permit for travelling to and from HK and Macao (mainland residents): C + 8 digits or C + letter + 7 digits",
                Context.of(List.of("通行证", "港澳", "permit"), List.of("permit", "通行证", "gapass")), false,
                c -> c.compact().length() == 9 && c.compact().charAt(0) == 'C' && match(c, HK_MACAU_PASS) ? 0.45 : 0));
        d.add(new CandidateRule("CN_HOME_RETURN_PERMIT", Region.CN,
                "Mainland travel permit for HK and Macao residents (回乡证): H or M + 8 digits (+2 digits for the card count)",
                Context.of(List.of("回乡证", "来往内地通行证", "通行证", "home return", "permit"), List.of("permit", "homereturn", "回乡证")), false,
                c -> (c.compact().charAt(0) == 'H' || c.compact().charAt(0) == 'M') && match(c, HOME_RETURN) ? 0.45 : 0));
        d.add(new CandidateRule("CN_TAIWAN_COMPATRIOT_PERMIT", Region.CN,
                "Mainland travel permit for Taiwan residents (台胞证, 2015 card): 8 digits; needs context",
                Context.of(List.of("台胞证", "台湾居民来往大陆通行证", "来往大陆通行证", "mtp"), List.of("mtp", "台胞证", "twpermit")), true,
                c -> c.digits() && c.compact().length() == 8 ? 0.25 : 0));
        d.add(new CandidateRule("CN_SOCIAL_SECURITY_CARD", Region.CN,
                "Social security card number (社会保障卡卡号, 9 characters: a letter or digit + 8 digits); needs context. The social security number itself is the resident ID (Social Insurance Law art. 58)",
                Context.of(List.of("社保卡", "社会保障卡", "医保卡", "social security card"), List.of("sscard", "socialsecurity", "社保卡", "medicalcard")), true,
                c -> c.compact().length() == 9 && SS_CARD.matcher(c.compact()).matches() ? 0.2 : 0));
        d.add(new CandidateRule("CN_QQ", Region.CN, "QQ number: 5-11 digits, no leading 0; needs context",
                Context.of(List.of("QQ", "扣扣"), List.of("qq")), true,
                c -> c.digits() && !c.grouped() && c.compact().length() <= 11 && c.compact().charAt(0) != '0' && c.compact().indexOf('X') < 0 ? 0.2 : 0));
        d.add(new CandidateRule("CN_POSTAL_CODE", Region.CN, "Postal code: 6 digits with a valid leading province range (01-86); needs context",
                Context.of(List.of("邮编", "邮政编码", "postcode", "postal code", "zip"), List.of("zip", "postcode", "postal", "邮编", "yzbm")), true,
                c -> c.digits() && c.compact().length() == 6 && c.compact().charAt(0) <= '8' && !c.compact().startsWith("00") ? 0.2 : 0));
        d.add(new WeChatId());
        d.add(new LicensePlate(false));
        d.add(new LicensePlate(true));
        d.add(new PersonName());
        d.add(new PostalAddress());
        // ---- international ----
        d.add(new Email());
        d.add(new CandidateRule("IPV4", Region.INTL, "Dotted quad of four 0-255 parts (RFC 791), not part of a longer dotted version or OID",
                Context.of(List.of("ip", "address", "地址", "host", "client"), List.of("ip", "addr", "host")), false, Builtins::ipv4));
        d.add(new Ipv6OrMac(true));
        d.add(new Ipv6OrMac(false));
        d.add(new CandidateRule("IMEI", Region.INTL,
                "15 digits with a GSMA reporting-body prefix and the Luhn check digit (3GPP TS 23.003 §6.2.1)",
                Context.of(List.of("imei", "设备号", "串号", "device"), List.of("imei", "deviceid")), false, Builtins::imei));
        d.add(new CandidateRule("PAYMENT_CARD", Region.INTL,
                "Visa, Mastercard, Amex, Discover, JCB, Diners numbers: issuer prefix and length (ISO/IEC 7812 IIN ranges) and the Luhn check; 17-18 digits need context",
                cardContext(List.of("card no", "card number", "credit card", "卡号", "信用卡", "visa", "mastercard", "amex"),
                        List.of("cardno", "cardnum", "creditcard", "pan", "ccnum", "卡号")), false, Builtins::paymentCard));
        d.add(new CandidateRule("IBAN", Region.INTL,
                "IBAN: country code, length per the ISO 13616 registry, MOD 97-10 check (ISO 7064); printed in blocks of four or compact",
                Context.of(List.of("iban", "account", "账号"), List.of("iban", "account")), false, Builtins::iban));
        d.add(new CandidateRule("PHONE_E164", Region.INTL, "'+' then 8-15 digits (ITU-T E.164), country code not 0; +86 mobiles are CN_MOBILE",
                Context.of(List.of("phone", "tel", "mobile", "电话", "手机"), List.of("phone", "tel", "mobile")), false, Builtins::e164));
        d.add(new CandidateRule("VIN", Region.INTL,
                "Vehicle identification number: 17 characters without I, O, Q, check digit in position 9 (ISO 3779, 49 CFR 565; GB 16735-2019)",
                Context.of(List.of("vin", "车架号", "车辆识别"), List.of("vin", "chassis", "车架号")), false,
                c -> !c.digits() && Checksums.vin(c.compact()) && hasLetterAndDigit(c.compact()) ? 0.85 : 0));
        d.add(new CandidateRule("US_SSN", Region.INTL,
                "US social security number ddd-dd-dddd: area not 000/666/9xx, group not 00, serial not 0000 (SSA randomization rules)",
                Context.of(List.of("ssn", "social security"), List.of("ssn", "socialsecurity")), false, Builtins::ssn));
        d.add(new PrivateKey());
        d.add(new CandidateRule("AWS_ACCESS_KEY", Region.INTL, "AWS access key id: AKIA/ASIA + 16 base32 characters",
                Context.of(List.of("aws", "access key"), List.of("accesskey", "awskey")), false, c -> c.compact().length() == 20 && c.compact().charAt(0) == 'A' && match(c, AWS_KEY) ? 0.9 : 0));
        d.add(new CandidateRule("ALIYUN_ACCESS_KEY", Region.INTL, "Alibaba Cloud AccessKey ID: LTAI + 12-20 letters and digits",
                Context.of(List.of("aliyun", "accesskey", "access key"), List.of("accesskey", "aliyun")), false, c -> c.compact().startsWith("LTAI") && match(c, ALIYUN_KEY) ? 0.9 : 0));
        d.add(new Jwt());
        d.add(new UrlPassword());
        return d;
    }

    /** Card context: "card" inside "id card" must not count, so identity-number words lower a card's confidence. */
    private static Context cardContext(List<String> keywords, List<String> fields) {
        List<String> negative = new ArrayList<>(Context.BUSINESS_NUMBERS);
        negative.addAll(List.of("身份证", "证件号", "id card", "idcard", "id_card", "id no"));
        List<String> negativeFields = new ArrayList<>(Context.BUSINESS_FIELDS);
        negativeFields.addAll(List.of("idcard", "idno", "sfz", "certno"));
        return new Context(keywords, negative, fields, negativeFields);
    }

    // ---- validators ----

    static final Pattern HK_MACAU_PASS = Pattern.compile("C[0-9]{8}|C[A-HJ-NP-Z][0-9]{7}");
    static final Pattern HOME_RETURN = Pattern.compile("[HM][0-9]{8}([0-9]{2})?");
    static final Pattern PASSPORT = Pattern.compile("[EG][0-9]{8}|E[A-HJ-NP-Z][0-9]{7}|(D|S|P|PE|DE|SE)[0-9]{7}");
    static final Pattern SS_CARD = Pattern.compile("[A-Z0-9][0-9]{8}");
    static final Pattern AWS_KEY = Pattern.compile("(AKIA|ASIA)[A-Z2-7]{16}");
    static final Pattern ALIYUN_KEY = Pattern.compile("LTAI[A-Za-z0-9]{12,20}");
    static final Pattern FOREIGN_PR_OLD = Pattern.compile("[A-Z]{3}[0-9]{12}");

    private static boolean match(Candidate c, Pattern p) {
        return !c.grouped() && p.matcher(c.compact()).matches();
    }

    static boolean province(CharSequence s, int at) {
        int p = (s.charAt(at) - '0') * 10 + (s.charAt(at + 1) - '0');
        return AREAS.isProvince(p);
    }

    static boolean prefecture(CharSequence s, int at) {
        int p = 0;
        for (int i = at; i < at + 4; i++) {
            p = p * 10 + (s.charAt(i) - '0');
        }
        return AREAS.isPrefecture(p);
    }

    /** A real calendar date, not before 1900 and not in the future (GB 11643 §6.2: the date of birth). */
    static boolean birthDate(CharSequence s, int at, int yearDigits) {
        int y = 0;
        for (int i = at; i < at + yearDigits; i++) {
            y = y * 10 + (s.charAt(i) - '0');
        }
        if (yearDigits == 2) {
            y += 1900;
        }
        int m = (s.charAt(at + yearDigits) - '0') * 10 + (s.charAt(at + yearDigits + 1) - '0');
        int d = (s.charAt(at + yearDigits + 2) - '0') * 10 + (s.charAt(at + yearDigits + 3) - '0');
        // checked here rather than by LocalDate.of's exception: benign 18-digit numbers fail here often
        if (y < 1900 || m < 1 || m > 12 || d < 1 || d > Month.of(m).length(Year.isLeap(y))) {
            return false;
        }
        // every zone's date is at least the UTC date minus one (offsets lie within ±18 h): an earlier day is
        // never in the future, and only the last two days need the default zone's date (LocalDate.now)
        long day = LocalDate.of(y, m, d).toEpochDay();
        return day < Math.floorDiv(System.currentTimeMillis(), 86_400_000L) - 1 || day <= LocalDate.now().toEpochDay();
    }

    static double residentId18(Candidate c) {
        return c.digits() ? residentIdDigits(c.compact()) : 0;
    }

    /*
     * The digit validators below take the compact characters of a candidate whose digits() is true (all digits,
     * an X allowed at the end), so that DigitScanner can call them on the text's own characters.
     */

    static double residentIdDigits(CharSequence s) {
        if (s.length() != 18 || s.charAt(0) == '9' || s.charAt(0) == '8' && s.charAt(2) == '0' && s.charAt(3) == '0' && s.charAt(4) == '0' && s.charAt(5) == '0') {
            return 0;
        }
        if (!province(s, 0) || !birthDate(s, 6, 4) || Checksums.gb11643(s) != s.charAt(17)) {
            return 0;
        }
        // codes of abolished prefectures still appear on cards issued before a reorganisation
        return prefecture(s, 0) ? 0.9 : 0.7;
    }

    static double residentId15(Candidate c) {
        String s = c.compact();
        if (!c.digits() || s.length() != 15 || s.indexOf('X') >= 0 || !province(s, 0) || !birthDate(s, 6, 2)) {
            return 0;
        }
        // cards of this format were replaced by 2013; without context a 15-digit number is more likely something else
        return prefecture(s, 0) ? 0.45 : 0.3;
    }

    static double hmtPermit(Candidate c) {
        String s = c.compact();
        if (!c.digits() || s.length() != 18 || !(s.startsWith("810000") || s.startsWith("820000") || s.startsWith("830000"))) {
            return 0;
        }
        return birthDate(s, 6, 4) && Checksums.gb11643(s) == s.charAt(17) ? 0.9 : 0;
    }

    static double foreignPr(Candidate c) {
        String s = c.compact();
        if (c.digits() && s.length() == 18 && s.charAt(0) == '9') {
            // 2023 format: 9, 2-digit province of issue, 3-digit ISO 3166-1 numeric nationality, yyyymmdd, 2 order, check
            return province(s, 1) && !s.startsWith("000", 3) && birthDate(s, 6, 4) && Checksums.gb11643(s) == s.charAt(17) ? 0.85 : 0;
        }
        if (!c.digits() && s.length() == 15 && Character.isUpperCase(s.charAt(0)) && FOREIGN_PR_OLD.matcher(s).matches()) {
            // 2004 format: nationality alpha-3, 2-digit issuing province, yymmdd, order and check digits
            return province(s, 3) && birthDate(s, 5, 2) ? 0.5 : 0;
        }
        return 0;
    }

    /** GB 32100-2015 Table 1: registration authority code and the organisation categories it may use. */
    private static final Map<Character, String> USCC_CATEGORIES = Map.ofEntries(
            Map.entry('1', "1239"), Map.entry('2', "19"), Map.entry('3', "12345679"), Map.entry('4', "19"), Map.entry('5', "1239"),
            Map.entry('6', "129"), Map.entry('7', "129"), Map.entry('8', "19"), Map.entry('9', "123"), Map.entry('A', "19"),
            Map.entry('N', "12349"), Map.entry('Y', "1"));

    static double uscc(Candidate c) {
        String s = c.compact();
        if (s.length() != 18 || c.grouped()) {
            return 0;
        }
        String categories = USCC_CATEGORIES.get(s.charAt(0));
        if (categories == null || categories.indexOf(s.charAt(1)) < 0) {
            return 0;
        }
        for (int i = 2; i < 8; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return 0;
            }
        }
        // the registering office: a prefecture-level code, or a province-level one (pp0000)
        boolean area = prefecture(s, 2) || province(s, 2) && s.startsWith("00", 4);
        // positions 9-17 are the organisation code with its own GB 11714 check character
        return area && Checksums.gb32100(s) && Checksums.gb11714(s.substring(8, 17)) ? 0.95 : 0;
    }

    private static final int[][] MOBILE_PREFIXES = {
        {130, 139}, {145, 149}, {150, 153}, {155, 159}, {162, 162}, {165, 167}, {170, 178}, {180, 189}, {190, 199}};

    static double mobile(Candidate c) {
        return c.digits() ? mobileDigits(c.compact(), c.grouped(), c.plus()) : 0;
    }

    static double mobileDigits(CharSequence s, boolean grouped, boolean plus) {
        int n = s.length();
        if (s.charAt(n - 1) == 'X') {
            return 0;
        }
        int at;
        if (n == 13 && s.charAt(0) == '8' && s.charAt(1) == '6') {
            at = 2;
        } else if (n != 11 || plus) {
            return 0;
        } else {
            at = 0;
        }
        if (s.charAt(at) != '1') {
            return 0;
        }
        int prefix = 100 + (s.charAt(at + 1) - '0') * 10 + (s.charAt(at + 2) - '0');
        for (int[] r : MOBILE_PREFIXES) {
            if (prefix >= r[0] && prefix <= r[1]) {
                return grouped || plus ? 0.8 : 0.7;
            }
        }
        return 0;
    }

    static double landline(Candidate c) {
        String s = c.compact();
        if (!c.digits() || s.length() < 10 || s.length() > 12 || s.charAt(0) != '0' || s.charAt(1) == '0' || s.indexOf('X') >= 0) {
            return 0;
        }
        // 010 and 02x are the two-digit long-distance codes; all others have three digits (YD/T 2134)
        int areaLen = s.charAt(1) == '1' || s.charAt(1) == '2' ? 3 : 4;
        int local = s.length() - areaLen;
        if (local < 7 || local > 8 || s.charAt(areaLen) == '0' || s.charAt(areaLen) == '1') {
            return 0;
        }
        boolean separated = c.grouped() && c.text().charAt(c.start() + areaLen) == '-';
        return separated ? 0.6 : 0.3;
    }

    static double unionPay(Candidate c) {
        return c.digits() ? unionPayDigits(c.compact()) : 0;
    }

    static double unionPayDigits(CharSequence s) {
        int n = s.length();
        if (n < 16 || n > 19 || s.charAt(0) != '6' || s.charAt(1) != '2' || !Checksums.luhn(s)) {
            return 0;
        }
        return n == 16 || n == 19 ? 0.75 : 0.4;
    }

    static double paymentCard(Candidate c) {
        return c.digits() ? paymentCardDigits(c.compact()) : 0;
    }

    static double paymentCardDigits(CharSequence s) {
        int n = s.length();
        if (n < 13 || n > 19 || s.charAt(0) == '6' && s.charAt(1) == '2' || !Checksums.luhn(s)) {
            return 0;
        }
        // Luhn passed, so every character is a digit
        int p2 = (s.charAt(0) - '0') * 10 + (s.charAt(1) - '0');
        int p4 = p2 * 100 + (s.charAt(2) - '0') * 10 + (s.charAt(3) - '0');
        boolean brand = s.charAt(0) == '4' && (n == 13 || n == 16 || n == 19)
                || (p2 >= 51 && p2 <= 55 || p4 >= 2221 && p4 <= 2720) && n == 16
                || (p2 == 34 || p2 == 37) && n == 15
                || (p4 == 6011 || p2 == 65 || p4 >= 6440 && p4 <= 6499) && n >= 16
                || p4 >= 3528 && p4 <= 3589 && n >= 16
                || (p2 == 36 || p2 == 38 || p4 >= 3000 && p4 <= 3059) && n >= 14;
        // 17- and 18-digit numbers are rarely cards: they need a card keyword or field
        return brand ? (n == 17 || n == 18 ? 0.4 : 0.7) : 0;
    }

    /** GSMA reporting body identifiers (the first two TAC digits) in use. */
    private static final Set<String> IMEI_RBI = Set.of("01", "10", "30", "33", "35", "44", "45", "49", "50", "51", "52", "53", "54", "86", "91", "98", "99");

    static double imei(Candidate c) {
        String s = c.compact();
        if (!c.digits() || s.length() != 15 || !IMEI_RBI.contains(s.substring(0, 2)) || !Checksums.luhn(s)) {
            return 0;
        }
        return c.grouped() ? 0.7 : 0.55;
    }

    /** ISO 13616 registry: IBAN length per country (the common ones). */
    static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AT", 20), Map.entry("AZ", 28), Map.entry("BA", 20), Map.entry("BE", 16),
            Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BR", 29), Map.entry("CH", 21), Map.entry("CY", 28), Map.entry("CZ", 24),
            Map.entry("DE", 22), Map.entry("DK", 18), Map.entry("EE", 20), Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FR", 27),
            Map.entry("GB", 22), Map.entry("GE", 22), Map.entry("GI", 23), Map.entry("GR", 27), Map.entry("HR", 21), Map.entry("HU", 28),
            Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IS", 26), Map.entry("IT", 27), Map.entry("JO", 30), Map.entry("KW", 30),
            Map.entry("KZ", 20), Map.entry("LB", 28), Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20), Map.entry("LV", 21),
            Map.entry("MC", 27), Map.entry("MD", 24), Map.entry("ME", 22), Map.entry("MK", 19), Map.entry("MT", 31), Map.entry("MU", 30),
            Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("PK", 24), Map.entry("PL", 28), Map.entry("PS", 29), Map.entry("PT", 25),
            Map.entry("QA", 29), Map.entry("RO", 24), Map.entry("RS", 22), Map.entry("SA", 24), Map.entry("SE", 24), Map.entry("SI", 19),
            Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("TN", 24), Map.entry("TR", 26), Map.entry("UA", 29), Map.entry("VG", 24),
            Map.entry("XK", 20));

    static double iban(Candidate c) {
        String s = c.compact();
        if (s.length() < 15 || s.length() > 34 || c.digits()) {
            return 0;
        }
        Integer len = IBAN_LENGTHS.get(s.substring(0, 2));
        return len != null && len == s.length() && Checksums.iban(s) ? 0.9 : 0;
    }

    static double e164(Candidate c) {
        String s = c.compact();
        if (!c.plus() || !c.digits() || s.length() < 8 || s.length() > 15 || s.charAt(0) == '0' || s.indexOf('X') >= 0) {
            return 0;
        }
        if (s.startsWith("86") && s.length() == 13 && s.charAt(2) == '1') {
            return 0;
        }
        return 0.65;
    }

    static double ssn(Candidate c) {
        String s = c.compact();
        if (!c.grouped() || s.length() != 9 || !c.digits() || c.end() - c.start() != 11
                || c.text().charAt(c.start() + 3) != '-' || c.text().charAt(c.start() + 6) != '-') {
            return 0;
        }
        int area = Integer.parseInt(s.substring(0, 3));
        return area == 0 || area == 666 || area >= 900 || s.startsWith("00", 3) || s.endsWith("0000") ? 0 : 0.45;
    }

    static double ipv4(Candidate c) {
        if (c.digits() || !c.grouped()) {
            return 0;
        }
        String[] parts = c.compact().split("\\.");
        if (parts.length != 4) {
            return 0;
        }
        for (String p : parts) {
            if (p.length() > 1 && p.charAt(0) == '0' || Integer.parseInt(p) > 255) {
                return 0;
            }
        }
        char before = c.before();
        if (before == 'v' || before == 'V') {
            return 0; // v1.2.3.4: a version
        }
        return c.compact().equals("0.0.0.0") ? 0 : 0.65;
    }

    static boolean hasLetterAndDigit(String s) {
        boolean letter = false;
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            letter |= ch >= 'A' && ch <= 'Z';
            digit |= ch >= '0' && ch <= '9';
        }
        return letter && digit;
    }

    static double passport(Candidate c) {
        int n = c.compact().length();
        return n >= 8 && n <= 10 && "EGDSP".indexOf(c.compact().charAt(0)) >= 0 && match(c, PASSPORT) ? 0.55 : 0;
    }
}
