package secplane.governance.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import secplane.governance.catalog.Catalog;
import secplane.governance.fpe.Alphabet;

class MaskingTest {
    private final Catalog catalog = Catalog.builtin();
    private final byte[] key = "0123456789abcdef0123456789abcdef".getBytes();

    private String byDefault(String type, String value) {
        return MaskSpec.build(catalog.entry(type).mask(), null).apply(value);
    }

    @Test
    void defaultsFollowCommonChinesePractice() {
        assertThat(byDefault("CN_RESIDENT_ID", "11010519491231002X")).isEqualTo("110***********002X");
        assertThat(byDefault("CN_MOBILE", "13812345678")).isEqualTo("138****5678");
        assertThat(byDefault("CN_BANK_CARD", "6222021234567890128")).isEqualTo("622202*********0128");
        assertThat(byDefault("CN_PERSON_NAME", "张小明")).isEqualTo("**明");
        assertThat(byDefault("CN_PERSON_NAME", "张三")).isEqualTo("*三");
        assertThat(byDefault("EMAIL", "zhang.san@example.com")).isEqualTo("z***@example.com");
        assertThat(byDefault("CN_ADDRESS", "浙江省杭州市西湖区文三路100号")).isEqualTo("浙江省杭州市");
        assertThat(byDefault("IPV4", "192.168.10.20")).isEqualTo("192.168.10.0/24");
        assertThat(byDefault("JWT", "eyJ.a.b")).isEqualTo("[REDACTED]");
    }

    @Test
    void everyCatalogTypeHasAWorkingKeylessDefault() {
        catalog.entries().forEach((type, e) -> assertThat(MaskSpec.build(e.mask(), null).apply("ABCD1234567890")).as(type).isNotEqualTo("ABCD1234567890"));
    }

    @Test
    void keepFirstLastNeverRevealsAShortValueWhole() {
        assertThat(new KeepFirstLast(3, 4).apply("12345")).contains("*");
        assertThat(new KeepFirstLast(3, 4).apply("138-1234-5678")).isEqualTo("138-****-5678");
    }

    @Test
    void generaliseDateToYearAndAgeToDecade() {
        assertThat(Generalise.YEAR.apply("1990-05-17")).isEqualTo("1990");
        assertThat(Generalise.YEAR.apply("1990年5月17日")).isEqualTo("1990");
        assertThat(Generalise.DECADE.apply("37")).isEqualTo("30-39");
        assertThat(Generalise.CITY.apply("北京市朝阳区建国路88号")).isEqualTo("北京市");
    }

    @Test
    void saltedHashIsStablePerKeyAndDiffersAcrossKeys() {
        SaltedHash h1 = new SaltedHash(key, 32);
        SaltedHash h2 = new SaltedHash("another-key-of-16-bytes!".getBytes(), 32);
        assertThat(h1.apply("11010519491231002X")).isEqualTo(h1.apply("11010519491231002X")).hasSize(32).doesNotContain("1101051949");
        assertThat(h1.apply("11010519491231002X")).isNotEqualTo(h2.apply("11010519491231002X"));
        assertThatThrownBy(() -> new SaltedHash(new byte[4], 32)).hasMessageContaining("16 bytes");
    }

    @Test
    void fpeKeepsFormatAndReverses() {
        FpeMask id = new FpeMask(key, Alphabet.DIGITS, "CN_RESIDENT_ID");
        String token = id.apply("11010519491231002X");
        assertThat(token).matches("[0-9]{17}X").isNotEqualTo("11010519491231002X");
        assertThat(id.reverse(token)).isEqualTo("11010519491231002X");
        FpeMask phone = new FpeMask(key, Alphabet.DIGITS, "m");
        assertThat(phone.apply("138-1234-5678")).matches("[0-9]{3}-[0-9]{4}-[0-9]{4}");
        FpeMask name = new FpeMask(key, Alphabet.CJK, "name");
        String n = name.apply("欧阳明月");
        assertThat(n).hasSize(4).isNotEqualTo("欧阳明月");
        assertThat(name.reverse(n)).isEqualTo("欧阳明月");
        Random rnd = new Random(7);
        FpeMask alnum = new FpeMask(key, Alphabet.ALNUM, "");
        for (int i = 0; i < 200; i++) {
            String v = "E" + (10_000_000 + rnd.nextInt(90_000_000));
            assertThat(alnum.reverse(alnum.apply(v))).isEqualTo(v);
        }
        assertThatThrownBy(() -> id.apply("12345")).hasMessageContaining("needs at least 6");
    }

    @Test
    void specErrorsSayWhatToWrite() {
        assertThatThrownBy(() -> MaskSpec.build("keep:3", null)).hasMessageContaining("keep:3,4");
        assertThatThrownBy(() -> MaskSpec.build("shuffle", null)).hasMessageContaining("use keep:N,M");
        assertThatThrownBy(() -> MaskSpec.build("hash", null)).hasMessageContaining("needs a secret key of 16, 24 or 32 random bytes");
    }
}
