package secplane.governance.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import secplane.governance.catalog.Catalog;
import secplane.governance.mask.MaskSpec;

class DetectorsTest {
    private final DetectionEngine engine = DetectionEngine.standard();

    private List<String> types(String text, String field) {
        return engine.detect(text, field).stream().map(Finding::type).collect(Collectors.toList());
    }

    private Finding only(String text, String type) {
        List<Finding> fs = engine.detect(text, null).stream().filter(f -> f.type().equals(type)).collect(Collectors.toList());
        assertThat(fs).as("findings of %s in %s: %s", type, text, engine.detect(text, null)).hasSize(1);
        return fs.get(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "CN_RESIDENT_ID|身份证号：11010519491231002X，请核对|11010519491231002X",
        "CN_RESIDENT_ID|id 110105 19491231 002X on file|110105 19491231 002X",
        "CN_RESIDENT_ID_15|老身份证 110105491231002 已换领|110105491231002",
        "CN_RESIDENCE_PERMIT_HMT|居住证号码 810000199001010019 有效|810000199001010019",
        "CN_FOREIGN_PERMANENT_RESIDENT_ID|永久居留身份证 911840199001010018|911840199001010018",
        "CN_USCC|统一社会信用代码：91350100M000100Y43。|91350100M000100Y43",
        "CN_ORG_CODE|组织机构代码 M000100Y-4|M000100Y-4",
        "CN_MOBILE|请拨打 13812345678 联系|13812345678",
        "CN_MOBILE|tel: +86 138 1234 5678|86 138 1234 5678",
        "CN_LANDLINE|办公电话 0571-88886666 转 8|0571-88886666",
        "CN_BANK_CARD|工资卡 6222021234567890128 已绑定|6222021234567890128",
        "CN_PASSPORT|护照号 E12345678 有效期|E12345678",
        "CN_HK_MACAU_PASS|往来港澳通行证 C12345678|C12345678",
        "CN_HOME_RETURN_PERMIT|回乡证 H12345678 已登记|H12345678",
        "CN_TAIWAN_COMPATRIOT_PERMIT|台胞证 01234567 已登记|01234567",
        "CN_SOCIAL_SECURITY_CARD|社保卡号：A12345678|A12345678",
        "CN_QQ|我的QQ 12345678 欢迎加|12345678",
        "CN_WECHAT_ID|微信号：zhang_san88 备注|zhang_san88",
        "CN_POSTAL_CODE|邮编 310012 浙江|310012",
        "CN_LICENSE_PLATE|车牌 粤B·12345 违停|粤B·12345",
        "CN_LICENSE_PLATE_NEV|新能源车 沪AD12345 充电|沪AD12345",
        "CN_PERSON_NAME|收件人：欧阳明月，电话见下|欧阳明月",
        "CN_ADDRESS|寄往上海市浦东新区世纪大道100号5楼|上海市浦东新区世纪大道100号5楼",
        "EMAIL|mail li.lei+news@mail.example.cn today|li.lei+news@mail.example.cn",
        "IPV4|client 10.20.30.40 connected|10.20.30.40",
        "IPV6|from 2001:db8:85a3::8a2e:370:7334 ok|2001:db8:85a3::8a2e:370:7334",
        "MAC_ADDRESS|hw 00-1A-2B-3C-4D-5E up|00-1A-2B-3C-4D-5E",
        "IMEI|IMEI 35-209900-176148-1 lost|35-209900-176148-1",
        "PAYMENT_CARD|visa 4111 1111 1111 1111 exp|4111 1111 1111 1111",
        "IBAN|IBAN DE89 3704 0044 0532 0130 00.|DE89 3704 0044 0532 0130 00",
        "PHONE_E164|call +14155552671 now|14155552671",
        "VIN|车架号 LSVAU218XN2183294 维修|LSVAU218XN2183294",
        "US_SSN|SSN 123-45-6789 on form|123-45-6789",
        "AWS_ACCESS_KEY|aws_access_key_id=AKIAIOSFODNN7EXAMPLE|AKIAIOSFODNN7EXAMPLE",
        "ALIYUN_ACCESS_KEY|accessKeyId: LTAI5tQ4GbL2xZp9KmRv7WdE|LTAI5tQ4GbL2xZp9KmRv7WdE",
        "URL_PASSWORD|url=mysql://app:Pa55w0rd!@10.0.0.5:3306/db|Pa55w0rd!",
        "JWT|Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U|eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    })
    void findsEachTypeInText(String type, String text, String value) {
        assertThat(only(text, type).value()).isEqualTo(value);
    }

    @Test
    void findsPemPrivateKeys() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7Q==\n-----END RSA PRIVATE KEY-----";
        assertThat(only("config:\n" + pem + "\nend", "PRIVATE_KEY").value()).isEqualTo(pem);
        assertThat(types("-----BEGIN PUBLIC KEY-----\nMIIBIjAN\n-----END PUBLIC KEY-----", null)).doesNotContain("PRIVATE_KEY");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "broken ID check digit|身份证 110105194912310021",
        "impossible birth date|身份证 110105194902300027",
        "unknown province|身份证 190105194912310020",
        "future birth date|身份证 110105209912310024",
        "broken card Luhn|卡号 6222021234567890123",
        "broken USCC|信用代码 91350100M000100Y44",
        "broken VIN check|VIN 1M8GDM9A1KP042788",
        "broken IBAN|IBAN DE89370400440532013001",
        "version not IP|released v1.2.3.4 and 1.2.3.4.5",
        "time not IPv6|at 12:30:45 today",
        "QQ-like without context|ref 12345678 done",
        "plain prose|The quick brown fox jumps over the lazy dog 42 times in 2024.",
        "unallocated mobile prefix|call 12012345678",
    })
    void rejectsNearMisses(String why, String text) {
        assertThat(engine.detect(text, null)).as(why).isEmpty();
    }

    @Test
    void orderNumberContextSuppressesALuhnValidCard() {
        String card = "6222021234567890128";
        assertThat(types("付款卡 " + card, null)).containsExactly("CN_BANK_CARD");
        assertThat(types("订单号 " + card, null)).isEmpty();
        assertThat(types(card, "order_no")).isEmpty();
    }

    @Test
    void columnNameRaisesContextOnlyTypes() {
        assertThat(types("12345678", null)).isEmpty();
        assertThat(types("12345678", "qq_number")).containsExactly("CN_QQ");
        assertThat(types("张伟", null)).isEmpty();
        assertThat(types("张伟", "customer_name")).containsExactly("CN_PERSON_NAME");
        assertThat(types("杭州市西湖区文三路", "home_address")).containsExactly("CN_ADDRESS");
        assertThat(types("310012", "zip")).containsExactly("CN_POSTAL_CODE");
    }

    @Test
    void theMoreSpecificFieldHintWins() {
        assertThat(types("张伟", "username")).isEmpty();
        assertThat(types("张伟", "company_name")).isEmpty();
        assertThat(types("13812345678", "order_mobile")).containsExactly("CN_MOBILE");
        // a Luhn-valid 18-digit number in an identity-number column is not called a card there
        assertThat(types("622202123456789012", "id_card_no")).doesNotContain("CN_BANK_CARD");
        assertThat(types("622202123456789012", "bank_card_no")).containsExactly("CN_BANK_CARD");
    }

    @Test
    void keywordRaisesConfidenceOfAWeakLandline() {
        double bare = engine.detectAll("057188886666", null).stream().filter(f -> f.type().equals("CN_LANDLINE")).findFirst().orElseThrow().confidence();
        double labelled = engine.detectAll("座机 057188886666", null).stream().filter(f -> f.type().equals("CN_LANDLINE")).findFirst().orElseThrow().confidence();
        assertThat(bare).isLessThan(DetectionEngine.DEFAULT_THRESHOLD);
        assertThat(labelled).isGreaterThan(DetectionEngine.DEFAULT_THRESHOLD);
    }

    @Test
    void atLeastThirtyDetectorsEighteenChineseEachWithRuleCatalogEntryAndMask() {
        List<Detector> all = engine.detectors();
        assertThat(all).hasSizeGreaterThanOrEqualTo(30);
        assertThat(all.stream().filter(d -> d.region() == Region.CN).count()).isGreaterThanOrEqualTo(18);
        assertThat(all.stream().map(Detector::type).distinct().count()).isEqualTo(all.size());
        Catalog catalog = Catalog.builtin();
        for (Detector d : all) {
            assertThat(d.rule()).as(d.type()).hasSizeGreaterThan(20);
            assertThat(catalog.entry(d.type())).as("catalog entry of " + d.type()).isNotNull();
            MaskSpec.validate(catalog.entry(d.type()).mask());
        }
    }

    @Test
    void overlappingFindingsKeepTheMostConfident() {
        Map<String, Long> byType = engine.detect("身份证 11010519491231002X 手机 13812345678", null).stream()
                .collect(Collectors.groupingBy(Finding::type, Collectors.counting()));
        assertThat(byType).containsOnly(Map.entry("CN_RESIDENT_ID", 1L), Map.entry("CN_MOBILE", 1L));
    }
}
