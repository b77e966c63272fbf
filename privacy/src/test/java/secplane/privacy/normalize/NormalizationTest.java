package secplane.privacy.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NormalizationTest {
    @Test
    void chineseMobileNumbersInEveryCommonSpellingBecomeOneE164Form() {
        for (String s : new String[] {"13800138000", "+86 138 0013 8000", "0086-138-0013-8000", "86 13800138000", " (+86)138-0013-8000 ",
            "１３８００１３８０００"}) {
            assertThat(Normalization.CN_MOBILE.apply(s)).as(s).isEqualTo("+8613800138000");
        }
        assertThatThrownBy(() -> Normalization.CN_MOBILE.apply("12800138000")).hasMessageContaining("not a mainland China mobile number");
        assertThatThrownBy(() -> Normalization.CN_MOBILE.apply("+1 650 253 0000")).hasMessageContaining("mobile");
    }

    @Test
    void residentIdsGetAnUpperCaseXAndAValidCheckCharacter() {
        assertThat(Normalization.CN_RESIDENT_ID.apply(" 11010519491231002x ")).isEqualTo("11010519491231002X");
        assertThat(Normalization.CN_RESIDENT_ID.apply("110105194912310021".substring(0, 17) + "X")).isEqualTo("11010519491231002X");
        assertThatThrownBy(() -> Normalization.CN_RESIDENT_ID.apply("110105194912310023")).hasMessageContaining("check character");
        assertThatThrownBy(() -> Normalization.CN_RESIDENT_ID.apply("11010519491231")).hasMessageContaining("not a resident ID");
        // a first-generation 15-digit ID is upgraded to the 18-character form of the same person
        assertThat(Normalization.CN_RESIDENT_ID.apply("110105491231002")).isEqualTo("11010519491231002X");
    }

    @Test
    void bankCardsKeepOnlyDigits() {
        assertThat(Normalization.BANK_CARD.apply("6222 0210-0112 3456 789")).isEqualTo("6222021001123456789");
        assertThatThrownBy(() -> Normalization.BANK_CARD.apply("6222-abc")).hasMessageContaining("not a bank card number");
    }

    @Test
    void emailIsLowerCasedAndTrimAndCaseWork() {
        assertThat(Normalization.EMAIL.apply("  Zhang.San@Example.COM ")).isEqualTo("zhang.san@example.com");
        assertThatThrownBy(() -> Normalization.EMAIL.apply("zhang@@x")).hasMessageContaining("e-mail");
        assertThat(Normalization.TRIM_LOWER.apply("\u3000ＡＢＣ-Def ")).isEqualTo("abc-def");
        assertThat(Normalization.TRIM.apply(" Abc ")).isEqualTo("Abc");
        assertThatThrownBy(() -> Normalization.TRIM.apply("   ")).hasMessageContaining("empty");
    }

    @Test
    void specsParseAndUnknownKindsAreExplained() {
        assertThat(ColumnSpec.parse("phone:cn-mobile")).isEqualTo(new ColumnSpec("phone", Normalization.CN_MOBILE));
        assertThat(ColumnSpec.parse("id")).isEqualTo(new ColumnSpec("id", Normalization.TRIM));
        assertThatThrownBy(() -> ColumnSpec.parse("phone:mobile")).hasMessageContaining("use one of").hasMessageContaining("cn-mobile");
        assertThat(ColumnSpec.settings(java.util.List.of(ColumnSpec.parse("a:email"), ColumnSpec.parse("b:bank-card")))).isEqualTo("email,bank-card");
    }
}
