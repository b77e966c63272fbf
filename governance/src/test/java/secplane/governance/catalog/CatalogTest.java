package secplane.governance.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {
    private final Catalog catalog = Catalog.builtin();

    @Test
    void aColumnTakesTheHighestLevelOfWhatItHolds() {
        Classification c = catalog.classify(List.of("CN_MOBILE", "CN_RESIDENT_ID", "CN_POSTAL_CODE"));
        assertThat(c.piplSensitive()).isTrue();
        assertThat(c.gbt43697()).isEqualTo(Gbt43697Level.GENERAL_4);
        assertThat(c.jrt0197()).isEqualTo(3);
        Classification low = catalog.classify(List.of("CN_POSTAL_CODE", "CN_LANDLINE"));
        assertThat(low.piplSensitive()).isFalse();
        assertThat(low.gbt43697()).isEqualTo(Gbt43697Level.GENERAL_2);
        assertThat(catalog.classify(List.of("JWT", "EMAIL")).jrt0197()).isEqualTo(4);
    }

    @Test
    void sensitiveTypesFollowPiplArticle28() {
        assertThat(catalog.entry("CN_BANK_CARD").piplSensitive()).isTrue();
        assertThat(catalog.entry("CN_BANK_CARD").piplCategory()).contains("金融账户");
        assertThat(catalog.entry("CN_RESIDENT_ID").piplSensitive()).isTrue();
        assertThat(catalog.entry("EMAIL").piplSensitive()).isFalse();
        assertThat(catalog.entry("CN_USCC").piplSensitive()).isFalse();
    }

    @Test
    void anOrganisationFileOverridesAndExtends(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("org.json");
        Files.writeString(f, "{\"types\": {\"CN_MOBILE\": {\"gbt43697\": \"important\", \"jrt0197\": 4},"
                + " \"EMPLOYEE_NO\": {\"name\": \"工号\", \"piplSensitive\": false, \"gbt35273\": \"个人工作信息\", \"gbt43697\": \"general-2\", \"jrt0197\": 2, \"mask\": \"keep:2,0\"}}}");
        Catalog c = Catalog.withOverrides(f);
        assertThat(c.entry("CN_MOBILE").gbt43697()).isEqualTo(Gbt43697Level.IMPORTANT);
        assertThat(c.entry("CN_MOBILE").mask()).isEqualTo("keep:3,4");
        assertThat(c.entry("EMPLOYEE_NO").jrt0197()).isEqualTo(2);
        assertThat(c.classify(List.of("CN_MOBILE", "CN_RESIDENT_ID")).gbt43697()).isEqualTo(Gbt43697Level.IMPORTANT);
    }

    @Test
    void badEntriesAreRejectedWithWhereAndWhat() {
        assertThatThrownBy(() -> Catalog.of("{\"types\": {\"CN_MOBILE\": {\"jrt0197\": 7}}}", "org.json"))
                .hasMessageContaining("org.json: types/CN_MOBILE/jrt0197").hasMessageContaining("1 to 5");
        assertThatThrownBy(() -> Catalog.of("{\"types\": {\"CN_MOBILE\": {\"level\": 3}}}", "org.json")).hasMessageContaining("unknown field 'level'");
        assertThatThrownBy(() -> Catalog.of("{\"types\": {\"CN_MOBILE\": {\"gbt43697\": \"secret\"}}}", "org.json")).hasMessageContaining("general-1");
        assertThatThrownBy(() -> Catalog.of("[1]", "org.json")).hasMessageContaining("\"types\"");
    }
}
