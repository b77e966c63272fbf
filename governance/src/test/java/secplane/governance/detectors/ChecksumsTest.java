package secplane.governance.detectors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChecksumsTest {
    @Test
    void gb11643CheckCharacterOfThePublishedExampleIsX() {
        assertThat(Checksums.gb11643("11010519491231002X")).isEqualTo('X');
        assertThat(Checksums.gb11643("44052418800101001")).isNotEqualTo(0);
        assertThat(Checksums.gb11643("1101051949123100AX")).isEqualTo((char) 0);
    }

    @Test
    void gb32100AcceptsTheStandardsExampleAndRejectsAnyChangedCharacter() {
        assertThat(Checksums.gb32100("91350100M000100Y43")).isTrue();
        assertThat(Checksums.gb32100("91350100M000100Y44")).isFalse();
        assertThat(Checksums.gb32100("91350100M000101Y43")).isFalse();
        assertThat(Checksums.gb11714("M000100Y4")).isTrue();
        assertThat(Checksums.gb11714("M000100Y5")).isFalse();
    }

    @Test
    void luhnIbanVinAndMod11_10() {
        assertThat(Checksums.luhn("4111111111111111")).isTrue();
        assertThat(Checksums.luhn("4111111111111112")).isFalse();
        assertThat(Checksums.luhn("490154203237518")).isTrue();
        assertThat(Checksums.iban("GB82WEST12345698765432")).isTrue();
        assertThat(Checksums.iban("DE89370400440532013000")).isTrue();
        assertThat(Checksums.iban("DE89370400440532013001")).isFalse();
        assertThat(Checksums.vin("1M8GDM9AXKP042788")).isTrue();
        assertThat(Checksums.vin("1M8GDM9A1KP042788")).isFalse();
        // the 15-digit registration number scheme: one valid number, and every other last digit fails
        String body = "11010800000001";
        int valid = 0;
        for (char c = '0'; c <= '9'; c++) {
            valid += Checksums.mod11_10(body + c) ? 1 : 0;
        }
        assertThat(valid).isEqualTo(1);
    }

    @Test
    void areaCodesKnowProvincesAndPrefecturesButNotInventedOnes() {
        AreaCodes a = AreaCodes.get();
        assertThat(a.isProvince(11)).isTrue();
        assertThat(a.isProvince(19)).isFalse();
        assertThat(a.isPrefecture(3301)).isTrue();
        assertThat(a.name("3301")).isEqualTo("杭州市");
        assertThat(a.isPrefecture(3399)).isFalse();
        assertThat(a.prefectureCodes()).hasSizeGreaterThan(330);
    }
}
