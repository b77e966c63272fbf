package secplane.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped set: valid, cited, and matching the versions the vendors name, edge by edge. */
class BuiltinAdvisoriesTest {
    static AdvisoryIndex index;
    /** Only the vendor advisory of these could be verified; docs/advisories.md says so. */
    static final java.util.Set<String> NO_NVD_ENTRY_VERIFIED = java.util.Set.of("CVE-2026-16723");

    @BeforeAll
    static void load() {
        index = AdvisoryIndex.of(BuiltinAdvisories.all());
    }

    /** Ids of the advisories that affect the component (verdict AFFECTED only). */
    private static List<String> affecting(String group, String artifact, String version) {
        return index.match(group, artifact, version).stream().filter(Match::affected).map(m -> m.advisory().id()).toList();
    }

    private static List<String> log4j(String version) {
        return affecting("org.apache.logging.log4j", "log4j-core", version);
    }

    @Test
    void every_file_loads_cleanly_and_every_file_is_listed_in_the_index() throws Exception {
        ImportReport report = BuiltinAdvisories.load();
        assertThat(report.problems()).isEmpty();
        assertThat(report.advisories()).hasSize(17);
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/secplane/advisories/builtin"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")))
                    .containsExactlyInAnyOrderElementsOf(BuiltinAdvisories.files());
        }
    }

    @Test
    void every_advisory_is_cited() {
        for (Advisory a : BuiltinAdvisories.all()) {
            assertThat(a.summary()).as(a.id()).isNotBlank();
            assertThat(a.details()).as(a.id()).isNotBlank();
            assertThat(a.databaseSpecific()).as(a.id()).containsKey("secplane");
            List<String> urls = a.references().stream().map(Reference::url).toList();
            for (String id : a.ids()) {
                if (id.startsWith("CVE-") && !NO_NVD_ENTRY_VERIFIED.contains(id)) {
                    assertThat(urls).as(a.id()).contains("https://nvd.nist.gov/vuln/detail/" + id);
                } else if (id.startsWith("GHSA-")) {
                    assertThat(urls).as(a.id()).contains("https://github.com/advisories/" + id);
                }
            }
            // a vendor or project source besides NVD and GHSA
            assertThat(urls).as(a.id()).anyMatch(u -> !u.startsWith("https://nvd.nist.gov/") && !u.startsWith("https://github.com/advisories/"));
            assertThat(a.affected()).as(a.id()).isNotEmpty().allMatch(af -> af.pkg().isMaven());
        }
    }

    @Test
    void log4shell_family_matches_apache_fixed_versions_on_every_branch() {
        assertThat(log4j("2.14.1")).containsExactly("CVE-2021-44228", "CVE-2021-44832", "CVE-2021-45046", "CVE-2021-45105");
        assertThat(log4j("2.15.0")).containsExactly("CVE-2021-44832", "CVE-2021-45046", "CVE-2021-45105");
        assertThat(log4j("2.16.0")).containsExactly("CVE-2021-44832", "CVE-2021-45105");
        assertThat(log4j("2.17.0")).containsExactly("CVE-2021-44832");
        assertThat(log4j("2.17.1")).isEmpty();
        // Java 7 branch
        assertThat(log4j("2.12.1")).containsExactly("CVE-2021-44228", "CVE-2021-44832", "CVE-2021-45046", "CVE-2021-45105");
        assertThat(log4j("2.12.2")).containsExactly("CVE-2021-44832", "CVE-2021-45105");
        assertThat(log4j("2.12.3")).containsExactly("CVE-2021-44832");
        assertThat(log4j("2.12.4")).isEmpty();
        // Java 6 branch
        assertThat(log4j("2.3")).containsExactly("CVE-2021-44228", "CVE-2021-44832", "CVE-2021-45046", "CVE-2021-45105");
        assertThat(log4j("2.3.1")).containsExactly("CVE-2021-44832");
        assertThat(log4j("2.3.2")).isEmpty();
        // lower bounds: JNDI lookups arrived in 2.0-beta9, the JDBC appender issue from 2.0-beta7
        assertThat(log4j("2.0-beta8")).containsExactly("CVE-2021-44832", "CVE-2021-45105");
        assertThat(log4j("2.0-beta9")).contains("CVE-2021-44228");
        assertThat(log4j("2.0-rc1")).contains("CVE-2021-44228");
        assertThat(log4j("2.15.0-rc1")).contains("CVE-2021-44228");
        // log4j-api is not affected
        assertThat(affecting("org.apache.logging.log4j", "log4j-api", "2.14.1")).isEmpty();
    }

    @Test
    void spring4shell_matches_framework_and_boot_lines_including_release_qualifiers() {
        for (String artifact : List.of("spring-beans", "spring-webmvc", "spring-webflux")) {
            assertThat(affecting("org.springframework", artifact, "5.3.17")).as(artifact).containsExactly("CVE-2022-22965");
            assertThat(affecting("org.springframework", artifact, "5.3.18")).as(artifact).isEmpty();
            assertThat(affecting("org.springframework", artifact, "5.2.19.RELEASE")).as(artifact).containsExactly("CVE-2022-22965");
            assertThat(affecting("org.springframework", artifact, "5.2.20.RELEASE")).as(artifact).isEmpty();
            assertThat(affecting("org.springframework", artifact, "4.3.30.RELEASE")).as(artifact).containsExactly("CVE-2022-22965");
        }
        assertThat(affecting("org.springframework", "spring-core", "5.3.17")).isEmpty();
        assertThat(affecting("org.springframework.boot", "spring-boot-starter-web", "2.6.5")).containsExactly("CVE-2022-22965");
        assertThat(affecting("org.springframework.boot", "spring-boot-starter-web", "2.6.6")).isEmpty();
        assertThat(affecting("org.springframework.boot", "spring-boot-starter-webflux", "2.5.12")).isEmpty();
        assertThat(affecting("org.springframework.boot", "spring-boot-starter-webflux", "2.5.11")).containsExactly("CVE-2022-22965");
    }

    @Test
    void text4shell_and_snakeyaml_bounds() {
        assertThat(affecting("org.apache.commons", "commons-text", "1.4")).isEmpty();
        assertThat(affecting("org.apache.commons", "commons-text", "1.5")).containsExactly("CVE-2022-42889");
        assertThat(affecting("org.apache.commons", "commons-text", "1.9")).containsExactly("CVE-2022-42889");
        assertThat(affecting("org.apache.commons", "commons-text", "1.10.0")).isEmpty();
        assertThat(affecting("org.yaml", "snakeyaml", "1.33")).containsExactly("CVE-2022-1471");
        assertThat(affecting("org.yaml", "snakeyaml", "2.0")).isEmpty();
    }

    @Test
    void fastjson_autotype_rces_by_era() {
        String g = "com.alibaba";
        assertThat(affecting(g, "fastjson", "1.2.24")).containsExactly("CVE-2017-18349", "CVE-2025-70974", "SECPLANE-2020-0001");
        assertThat(affecting(g, "fastjson", "1.2.9")).containsExactly("CVE-2017-18349", "CVE-2025-70974", "SECPLANE-2020-0001");
        assertThat(affecting(g, "fastjson", "1.2.47")).containsExactly("CVE-2022-25845", "CVE-2025-70974", "SECPLANE-2020-0001");
        assertThat(affecting(g, "fastjson", "1.2.48")).containsExactly("CVE-2022-25845", "SECPLANE-2020-0001");
        assertThat(affecting(g, "fastjson", "1.2.68")).containsExactly("CVE-2022-25845", "CVE-2026-16723", "SECPLANE-2020-0001");
        assertThat(affecting(g, "fastjson", "1.2.80")).containsExactly("CVE-2022-25845", "CVE-2026-16723");
        assertThat(affecting(g, "fastjson", "1.2.83")).containsExactly("CVE-2026-16723");
        assertThat(affecting(g, "fastjson", "1.2.84")).isEmpty();
        // the vendor's in-place sec10 builds fix the 1.2.68 bypass on older lines
        assertThat(affecting(g, "fastjson", "1.2.48.sec10")).doesNotContain("SECPLANE-2020-0001");
        assertThat(affecting(g, "fastjson", "1.2.48.sec09")).contains("SECPLANE-2020-0001");
        assertThat(affecting(g, "fastjson", "1.1.46.sec10")).doesNotContain("SECPLANE-2020-0001");
        assertThat(affecting(g, "fastjson", "1.1.46")).contains("SECPLANE-2020-0001");
    }

    @Test
    void commons_collections_and_jackson_gadgets() {
        assertThat(affecting("commons-collections", "commons-collections", "3.2.1")).containsExactly("CVE-2015-6420", "CVE-2015-7501");
        assertThat(affecting("commons-collections", "commons-collections", "3.1")).containsExactly("CVE-2015-6420", "CVE-2015-7501");
        assertThat(affecting("commons-collections", "commons-collections", "3.2.2")).isEmpty();
        assertThat(affecting("org.apache.commons", "commons-collections4", "4.0")).containsExactly("CVE-2015-6420", "CVE-2015-7501");
        assertThat(affecting("org.apache.commons", "commons-collections4", "4.1")).isEmpty();

        String g = "com.fasterxml.jackson.core";
        assertThat(affecting(g, "jackson-databind", "2.8.8")).containsExactly("CVE-2017-7525", "CVE-2018-14719", "CVE-2019-14439");
        assertThat(affecting(g, "jackson-databind", "2.8.9")).containsExactly("CVE-2018-14719", "CVE-2019-14439");
        assertThat(affecting(g, "jackson-databind", "2.6.7.1")).containsExactly("CVE-2018-14719", "CVE-2019-14439");
        assertThat(affecting(g, "jackson-databind", "2.6.7.3")).containsExactly("CVE-2018-14719");
        assertThat(affecting(g, "jackson-databind", "2.9.9.1")).containsExactly("CVE-2019-14439");
        assertThat(affecting(g, "jackson-databind", "2.9.9.2")).isEmpty();
        assertThat(affecting(g, "jackson-databind", "2.10.0")).isEmpty();
    }

    @Test
    void the_testbed_application_libraries_are_all_flagged() {
        // testbeds/vulnapp-webapp: log4j-core 2.14.1, Spring MVC 5.3.17, commons-collections 3.1
        assertThat(log4j("2.14.1")).contains("CVE-2021-44228");
        assertThat(affecting("org.springframework", "spring-webmvc", "5.3.17")).contains("CVE-2022-22965");
        assertThat(affecting("commons-collections", "commons-collections", "3.1")).contains("CVE-2015-7501");
    }

    @Test
    void a_shaded_copy_of_unknown_version_is_possibly_affected_by_every_advisory_naming_it() {
        List<Match> m = index.match(new Component("org.apache.logging.log4j", "log4j-core", null, "shaded"));
        assertThat(m).extracting(x -> x.advisory().id()).containsExactly("CVE-2021-44228", "CVE-2021-44832", "CVE-2021-45046", "CVE-2021-45105");
        assertThat(m).allMatch(x -> x.verdict() == Match.Verdict.VERSION_UNKNOWN);
        assertThat(m.get(0).evidence()).singleElement().satisfies(e -> {
            assertThat(e.pointer()).isEqualTo("/affected/0");
            assertThat(e.detail()).isEqualTo("version unknown; the advisory affects [2.0-beta9, 2.3.1) [2.4, 2.12.2) [2.13.0, 2.15.0)");
        });
        assertThat(index.match("org.example", "unrelated", null)).isEmpty();
    }
}
