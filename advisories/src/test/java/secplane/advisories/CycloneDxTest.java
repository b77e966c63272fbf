package secplane.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.packageurl.PackageURL;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;
import secplane.protocol.json.Json;

/** The export is valid against the official CycloneDX 1.5 JSON schema and says what the inventory says. */
class CycloneDxTest {
    static final String SHA_A = "a".repeat(64);
    static final String SHA_B = "0123456789ABCDEF".repeat(4);
    static final UUID SERIAL = UUID.fromString("3e671687-395b-41f5-a30f-a58921a69b79");

    static Inventory inventory() {
        return new Inventory("orders", "orders-7f9c", "Eclipse Adoptium 17.0.15+6", List.of(
                new Inventory.Jar("/app/WEB-INF/lib/log4j-core-2.14.1.jar", SHA_A, 1_745_801,
                        List.of(new Component("org.apache.logging.log4j", "log4j-core", "2.14.1", "pom.properties"))),
                new Inventory.Jar("/app/lib/fat-app.jar", SHA_B, 52_000_123, List.of(
                        new Component("com.example", "fat-app", "1.0.0+build.7", "manifest"),
                        new Component("com.alibaba", "fastjson", "1.2.48.sec10", "shaded:META-INF/maven/com.alibaba/fastjson/pom.properties"),
                        new Component("org.yaml", "snakeyaml", null, "shaded"))),
                new Inventory.Jar("/opt/plugins/mystery.jar", SHA_A, 10, List.of())));
    }

    private static List<String> validate(String json) throws Exception {
        List<ParseException> errors = new JsonParser().validate(json, Version.VERSION_15);
        return errors.stream().map(Throwable::getMessage).toList();
    }

    @Test
    void the_bom_validates_against_the_cyclonedx_1_5_schema() throws Exception {
        String bom = CycloneDx.write(inventory(), Instant.parse("2026-11-29T10:15:30.123Z"), SERIAL);
        assertThat(validate(bom)).isEmpty();
        assertThat(validate(CycloneDx.write(new Inventory("empty", "i-1", null, List.of())))).isEmpty();
    }

    @Test
    void the_validator_really_rejects_a_broken_bom() throws Exception {
        String bom = CycloneDx.write(inventory(), Instant.parse("2026-11-29T10:15:30Z"), SERIAL);
        assertThat(validate(bom.replace("\"SHA-256\"", "\"SHA-257\""))).isNotEmpty();
        assertThat(validate(bom.replace("\"type\":\"library\"", "\"type\":\"jar\""))).isNotEmpty();
        assertThat(validate(bom.replace("urn:uuid:", "uuid:"))).isNotEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void jars_carry_hash_path_source_and_shaded_copies_are_nested() {
        Map<String, Object> bom = (Map<String, Object>) Json.parse(CycloneDx.write(inventory(), Instant.parse("2026-11-29T10:15:30.123Z"), SERIAL));
        assertThat(bom).containsEntry("bomFormat", "CycloneDX").containsEntry("specVersion", "1.5")
                .containsEntry("serialNumber", "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79").containsEntry("version", 1L);
        Map<String, Object> metadata = (Map<String, Object>) bom.get("metadata");
        assertThat(metadata).containsEntry("timestamp", "2026-11-29T10:15:30Z");
        assertThat(Json.write(metadata.get("component"))).isEqualTo("{\"type\":\"application\",\"bom-ref\":\"service\",\"name\":\"orders\",\"properties\":["
                + "{\"name\":\"secplane:instance\",\"value\":\"orders-7f9c\"},{\"name\":\"secplane:jdk\",\"value\":\"Eclipse Adoptium 17.0.15+6\"}]}");

        List<Map<String, Object>> components = (List<Map<String, Object>>) bom.get("components");
        assertThat(components).hasSize(3);
        assertThat(Json.write(components.get(0))).isEqualTo("{\"type\":\"library\",\"bom-ref\":\"jar-0\",\"group\":\"org.apache.logging.log4j\","
                + "\"name\":\"log4j-core\",\"version\":\"2.14.1\",\"purl\":\"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1\","
                + "\"hashes\":[{\"alg\":\"SHA-256\",\"content\":\"" + SHA_A + "\"}],\"properties\":["
                + "{\"name\":\"secplane:path\",\"value\":\"/app/WEB-INF/lib/log4j-core-2.14.1.jar\"},{\"name\":\"secplane:size\",\"value\":\"1745801\"},"
                + "{\"name\":\"secplane:source\",\"value\":\"pom.properties\"}]}");

        Map<String, Object> fat = components.get(1);
        assertThat(fat).containsEntry("name", "fat-app").containsEntry("purl", "pkg:maven/com.example/fat-app@1.0.0%2Bbuild.7");
        assertThat(Json.write(fat.get("hashes"))).contains(SHA_B.toLowerCase());
        List<Map<String, Object>> nested = (List<Map<String, Object>>) fat.get("components");
        assertThat(nested).extracting(c -> c.get("purl")).containsExactly("pkg:maven/com.alibaba/fastjson@1.2.48.sec10", "pkg:maven/org.yaml/snakeyaml");
        assertThat(nested).allSatisfy(c -> assertThat(c).doesNotContainKey("hashes").containsEntry("type", "library"));
        assertThat(nested.get(1)).doesNotContainKey("version");
        assertThat(Json.write(nested.get(1).get("properties"))).contains("\"secplane:source\",\"value\":\"shaded\"").contains("/app/lib/fat-app.jar");

        Map<String, Object> mystery = components.get(2);
        assertThat(mystery).containsEntry("name", "mystery.jar").doesNotContainKeys("group", "version", "purl");
    }

    @Test
    void purls_are_encoded_so_that_the_reference_parser_reads_the_coordinates_back() throws Exception {
        for (Component c : List.of(Component.of("org.apache.logging.log4j", "log4j-core", "2.0-beta9"),
                Component.of("com.example", "odd name", "1.0+build/7@x"), Component.of("com.example", "lib", "1.0.0.Final"))) {
            PackageURL purl = new PackageURL(CycloneDx.purl(c));
            assertThat(purl.getType()).isEqualTo("maven");
            assertThat(purl.getNamespace()).isEqualTo(c.group());
            assertThat(purl.getName()).isEqualTo(c.artifact());
            assertThat(purl.getVersion()).isEqualTo(c.version());
        }
        assertThat(CycloneDx.purl(Component.of("g", "a", null))).isEqualTo("pkg:maven/g/a");
        // purl percent-encodes UTF-8 bytes (the reference parser 1.5.0 decodes them one char per byte, so it is checked here)
        assertThat(CycloneDx.purl(Component.of("com.example", "\u00fc-lib", "1.0"))).isEqualTo("pkg:maven/com.example/%C3%BC-lib@1.0");
    }

    @Test
    void the_tool_version_comes_from_the_build() {
        assertThat(CycloneDx.toolVersion()).isEqualTo("0.1.0-SNAPSHOT");
    }
}
