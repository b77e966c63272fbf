package secplane.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import of OSV files: formats, per-entry rejection with the field at fault, whole-file rejection. */
class ImporterTest {
    @TempDir
    Path dir;

    static final String GOOD = """
            {"id": "GHSA-aaaa-bbbb-cccc", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2024-0001"],
             "affected": [{"package": {"ecosystem": "Maven", "name": "g:a", "purl": "pkg:maven/g/a"},
                           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.2"}]}]}]}""";

    private static String withEvents(String id, String events) {
        return "{\"id\": \"" + id + "\", \"modified\": \"2024-01-01T00:00:00Z\",\n"
                + " \"affected\": [{\"package\": {\"ecosystem\": \"Maven\", \"name\": \"g:a\"},\n"
                + "   \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": " + events + "}]}]}";
    }

    /** The single problem of a one-entry document. */
    private static Problem problem(String json) {
        FileResult r = AdvisoryImporter.parse("t.json", json);
        assertThat(r.accepted()).as("accepted").isEmpty();
        assertThat(r.rejected()).hasSize(1);
        return r.rejected().get(0);
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void reads_one_object_an_array_or_json_lines() {
        FileResult one = AdvisoryImporter.parse("one.json", GOOD);
        assertThat(one.clean()).isTrue();
        Advisory a = one.accepted().get(0);
        assertThat(a.id()).isEqualTo("GHSA-aaaa-bbbb-cccc");
        assertThat(a.aliases()).containsExactly("CVE-2024-0001");
        assertThat(a.affected().get(0).ranges().get(0).events()).containsExactly(Event.introduced("0"), Event.fixed("1.2"));
        assertThat(a.affected().get(0).pkg().purl()).isEqualTo("pkg:maven/g/a");

        FileResult array = AdvisoryImporter.parse("many.json", "[" + GOOD + ",\n" + GOOD.replace("aaaa", "dddd") + "]");
        assertThat(array.accepted()).extracting(Advisory::id).containsExactly("GHSA-aaaa-bbbb-cccc", "GHSA-dddd-bbbb-cccc");

        String lines = GOOD.replace("\n", " ") + "\n\n" + GOOD.replace("\n", " ").replace("aaaa", "eeee") + "\n";
        FileResult jsonl = AdvisoryImporter.parse("feed.txt", lines);
        assertThat(jsonl.accepted()).extracting(Advisory::id).containsExactly("GHSA-aaaa-bbbb-cccc", "GHSA-eeee-bbbb-cccc");
    }

    @Test
    void a_bad_entry_is_rejected_with_file_entry_id_pointer_and_position_and_the_others_import() {
        String text = "[\n" + GOOD + ",\n" + GOOD.replace("aaaa", "dddd") + ",\n"
                + withEvents("GHSA-xxxx-yyyy-zzzz", "[{\"introduced\": \"2.0\"},\n      {\"introduced\": \"2.1\", \"fixed\": \"2.2\"}]") + "\n]";
        FileResult r = AdvisoryImporter.parse("log4j.json", text);
        assertThat(r.accepted()).extracting(Advisory::id).containsExactly("GHSA-aaaa-bbbb-cccc", "GHSA-dddd-bbbb-cccc");
        assertThat(r.rejected()).singleElement().satisfies(p -> {
            assertThat(p.entry()).isEqualTo(2);
            assertThat(p.entryId()).isEqualTo("GHSA-xxxx-yyyy-zzzz");
            assertThat(p.pointer()).isEqualTo("/affected/0/ranges/0/events/1");
            assertThat(p.line()).isEqualTo(11);
            assertThat(p.column()).isEqualTo(7);
            assertThat(p.toString()).isEqualTo("log4j.json: entry 2 (GHSA-xxxx-yyyy-zzzz): /affected/0/ranges/0/events/1: "
                    + "an event has exactly one of introduced, fixed, last_affected, limit; this one has introduced and fixed (line 11, column 7)");
        });
    }

    @Test
    void a_file_that_is_not_json_is_rejected_whole_with_line_and_column_and_other_files_still_import() throws Exception {
        Path bad = write("a-bad.json", "{\n  \"id\": \"GHSA-aaaa-bbbb-cccc\",\n  \"modified\": oops\n}");
        Path good = write("b-good.json", GOOD);
        Path partly = write("c-partly.json", "[" + GOOD.replace("aaaa", "ffff") + ", 42]");
        ImportReport report = AdvisoryImporter.importPaths(List.of(bad, good, partly, dir.resolve("missing.json")));
        assertThat(report.advisories()).extracting(Advisory::id).containsExactly("GHSA-aaaa-bbbb-cccc", "GHSA-ffff-bbbb-cccc");
        FileResult first = report.files().get(0);
        assertThat(first.fileError()).isNotNull();
        assertThat(first.fileError().wholeFile()).isTrue();
        assertThat(first.fileError().line()).isEqualTo(3);
        assertThat(first.fileError().column()).isEqualTo(15);
        assertThat(first.fileError().toString()).isEqualTo(bad + ": line 3, column 15: not valid JSON: unexpected character 'o', expected a value");
        assertThat(report.files().get(2).rejected()).singleElement()
                .satisfies(p -> assertThat(p.toString()).isEqualTo(partly + ": entry 1: (the entry): expected an OSV advisory object, got a number (line 3, column " + (GOOD.lines().reduce((x, y) -> y).get().length() + 3) + ")"));
        assertThat(report.files().get(3).fileError().message()).isEqualTo("no such file or directory");
        assertThat(report.problems()).hasSize(3);
        assertThat(report.acceptedCount()).isEqualTo(2);
        assertThat(report.rejectedCount()).isEqualTo(1);
    }

    @Test
    void directories_are_walked_for_json_and_json_lines_files_in_name_order() throws Exception {
        write("osv/b/two.json", GOOD.replace("aaaa", "2222"));
        write("osv/a/one.jsonl", GOOD.replace("\n", " ").replace("aaaa", "1111") + "\nnot json\n");
        write("osv/a/readme.md", "# not an advisory");
        ImportReport report = AdvisoryImporter.importPaths(List.of(dir.resolve("osv")));
        assertThat(report.files()).extracting(f -> dir.relativize(Path.of(f.file())).toString()).containsExactly("osv/a/one.jsonl", "osv/b/two.json");
        assertThat(report.advisories()).extracting(Advisory::id).containsExactly("GHSA-1111-bbbb-cccc", "GHSA-2222-bbbb-cccc");
        // in JSON Lines a line that is not JSON is one rejected entry, with its line
        assertThat(report.files().get(0).rejected()).singleElement().satisfies(p -> {
            assertThat(p.entry()).isEqualTo(1);
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).startsWith("not valid JSON");
        });
    }

    @Test
    void the_later_modified_entry_wins_when_files_repeat_an_id() throws Exception {
        Path older = write("old.json", GOOD);
        Path newer = write("new.json", GOOD.replace("2024-01-01T00:00:00Z", "2024-06-01T00:00:00Z").replace("\"1.2\"", "\"1.3\""));
        for (List<Path> order : List.of(List.of(older, newer), List.of(newer, older))) {
            List<Advisory> all = AdvisoryImporter.importPaths(order).advisories();
            assertThat(all).singleElement().satisfies(a -> assertThat(a.affected().get(0).ranges().get(0).events()).contains(Event.fixed("1.3")));
        }
    }

    @Test
    void unknown_members_are_allowed_but_known_ones_must_have_their_type() {
        assertThat(AdvisoryImporter.parse("t.json", GOOD.replace("{\"id\"", "{\"x_vendor\": {\"k\": 1}, \"id\"")).clean()).isTrue();
        Problem p = problem(GOOD.replace("\"aliases\": [\"CVE-2024-0001\"]", "\"aliases\": \"CVE-2024-0001\""));
        assertThat(p.pointer()).isEqualTo("/aliases");
        assertThat(p.message()).isEqualTo("expected an array, got a string");
        assertThat(problem(GOOD.replace("\"ECOSYSTEM\"", "7")).message()).isEqualTo("expected a string, got a number");
    }

    @Test
    void required_fields_and_their_formats_are_checked() {
        assertThat(problem("{\"modified\": \"2024-01-01T00:00:00Z\"}").toString()).isEqualTo("t.json: entry 0: /id: missing; expected a string (line 1, column 1)");
        assertThat(problem(GOOD.replace("\"modified\": \"2024-01-01T00:00:00Z\", ", "")).pointer()).isEqualTo("/modified");
        Problem id = problem(GOOD.replace("GHSA-aaaa-bbbb-cccc", "log4shell"));
        assertThat(id.pointer()).isEqualTo("/id");
        assertThat(id.message()).contains("is not an OSV id; expected <DB>-<ENTRYID>");
        assertThat(problem(GOOD.replace("CVE-2024-0001", "CVE 2024")).pointer()).isEqualTo("/aliases/0");
        Problem time = problem(GOOD.replace("2024-01-01T00:00:00Z", "2024-01-01 00:00"));
        assertThat(time.pointer()).isEqualTo("/modified");
        assertThat(time.message()).contains("RFC 3339 time in UTC ending in Z");
        assertThat(problem(GOOD.replace("2024-01-01T00:00:00Z", "2024-13-01T00:00:00Z")).pointer()).isEqualTo("/modified");
        assertThat(problem(GOOD.replace("{\"id\"", "{\"schema_version\": \"2.0.0\", \"id\"")).message())
                .isEqualTo("schema version 2.0.0 is not supported; this importer reads OSV schema 1.x");
        for (String ok : List.of("RHSA-2023:1234", "openSUSE-SU-2024:12345-1", "ASB-A-123456", "SECPLANE-2020-0001", "PYSEC-2021-XXXX")) {
            assertThat(AdvisoryImporter.parse("t.json", GOOD.replace("GHSA-aaaa-bbbb-cccc", ok)).clean()).as(ok).isTrue();
        }
    }

    @Test
    void range_rules_of_the_osv_schema_are_enforced() {
        Problem noIntroduced = problem(withEvents("OSV-1", "[{\"fixed\": \"1.0\"}]"));
        assertThat(noIntroduced.pointer()).isEqualTo("/affected/0/ranges/0/events");
        assertThat(noIntroduced.message()).isEqualTo("a range needs at least one introduced event");
        assertThat(problem(withEvents("OSV-1", "[]")).message()).startsWith("a range needs at least one event");
        Problem both = problem(withEvents("OSV-1", "[{\"introduced\": \"0\"}, {\"fixed\": \"1.0\"}, {\"last_affected\": \"0.9\"}]"));
        assertThat(both.pointer()).isEqualTo("/affected/0/ranges/0/events/2");
        assertThat(both.message()).contains("fixed or last_affected events, not both");
        assertThat(problem(withEvents("OSV-1", "[{}]")).message()).endsWith("this one has none");
        assertThat(problem(withEvents("OSV-1", "[{\"introduced\": \"\"}]")).pointer()).isEqualTo("/affected/0/ranges/0/events/0/introduced");

        Problem git = problem(GOOD.replace("\"ECOSYSTEM\"", "\"GIT\""));
        assertThat(git.pointer()).isEqualTo("/affected/0/ranges/0");
        assertThat(git.message()).isEqualTo("a GIT range needs repo, the repository URL");
        Problem type = problem(GOOD.replace("\"ECOSYSTEM\"", "\"MAVEN\""));
        assertThat(type.pointer()).isEqualTo("/affected/0/ranges/0/type");
        assertThat(type.message()).isEqualTo("'MAVEN' is not a range type; expected SEMVER, ECOSYSTEM or GIT");

        Problem semver = problem(GOOD.replace("\"ECOSYSTEM\"", "\"SEMVER\""));
        assertThat(semver.pointer()).isEqualTo("/affected/0/ranges/0/events/1/fixed");
        assertThat(semver.message()).startsWith("'1.2' is not a SemVer 2.0.0 version");
        assertThat(AdvisoryImporter.parse("t.json", GOOD.replace("\"ECOSYSTEM\"", "\"SEMVER\"").replace("\"1.2\"", "\"1.2.0\"")).clean()).isTrue();
    }

    @Test
    void package_rules_are_enforced() {
        Problem name = problem(GOOD.replace("\"g:a\"", "\"log4j-core\""));
        assertThat(name.pointer()).isEqualTo("/affected/0/package/name");
        assertThat(name.message()).isEqualTo("a Maven package name is groupId:artifactId, got 'log4j-core'");
        assertThat(problem(GOOD.replace("pkg:maven/g/a", "pkg:maven/g/a@1.0")).pointer()).isEqualTo("/affected/0/package/purl");
        Problem nothing = problem("{\"id\": \"OSV-1\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"Maven\", \"name\": \"g:a\"}}]}");
        assertThat(nothing.pointer()).isEqualTo("/affected/0");
        assertThat(nothing.message()).isEqualTo("an affected package needs a SEMVER or ECOSYSTEM range, or a versions list");
        // another ecosystem's names are not checked against Maven's rule
        assertThat(AdvisoryImporter.parse("t.json", GOOD.replace("\"Maven\"", "\"npm\"").replace("\"g:a\"", "\"left-pad\"")).clean()).isTrue();
        assertThat(AdvisoryImporter.parse("t.json", GOOD.replace("\"Maven\"", "\"Maven:https://maven.example.org/releases\"")).clean()).isTrue();
    }

    @Test
    void reads_a_record_shaped_as_the_github_advisory_database_exports_them() {
        // the shape of GHSA OSV files: one affected entry per range, versions-only entries, last_affected,
        // empty arrays, database_specific at three levels
        String ghsa = """
                {
                  "schema_version": "1.4.0",
                  "id": "GHSA-aaaa-bbbb-cccc",
                  "modified": "2024-07-25T20:12:08Z",
                  "published": "2021-12-10T00:40:56Z",
                  "aliases": ["CVE-2024-0001"],
                  "summary": "Remote code injection",
                  "details": "# Summary\\n\\nDetails in **CommonMark**.",
                  "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"}],
                  "affected": [
                    {"package": {"ecosystem": "Maven", "name": "org.example:core"},
                     "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.13.0"}, {"fixed": "2.15.0"}]}]},
                    {"package": {"ecosystem": "Maven", "name": "org.example:core"},
                     "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.0-beta9"}, {"fixed": "2.3.1"}]}]},
                    {"package": {"ecosystem": "Maven", "name": "com.other:core"},
                     "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"last_affected": "1.2.1.2-jre17"}]}],
                     "database_specific": {"last_known_affected_version_range": "<= 1.2.1.2-jre17"}},
                    {"package": {"ecosystem": "Maven", "name": "org.custom:log"}, "versions": ["6.3.2.1"]}
                  ],
                  "references": [{"type": "ADVISORY", "url": "https://nvd.nist.gov/vuln/detail/CVE-2024-0001"},
                                 {"type": "PACKAGE", "url": "https://github.com/example/core"}],
                  "credits": [],
                  "database_specific": {"cwe_ids": ["CWE-502"], "severity": "CRITICAL", "github_reviewed": true}
                }""";
        FileResult r = AdvisoryImporter.parse("GHSA-aaaa-bbbb-cccc.json", ghsa);
        assertThat(r.problems()).isEmpty();
        Advisory a = r.accepted().get(0);
        assertThat(a.schemaVersion()).isEqualTo("1.4.0");
        assertThat(a.published()).isEqualTo(java.time.Instant.parse("2021-12-10T00:40:56Z"));
        assertThat(a.databaseSpecific()).containsEntry("severity", "CRITICAL");
        AdvisoryIndex idx = AdvisoryIndex.of(List.of(a));
        assertThat(idx.match("org.example", "core", "2.14.1")).singleElement().satisfies(m -> assertThat(m.evidence())
                .extracting(Evidence::pointer).containsExactly("/affected/0/ranges/0"));
        assertThat(idx.match("org.example", "core", "2.3")).singleElement().satisfies(m -> assertThat(m.evidence())
                .extracting(Evidence::pointer).containsExactly("/affected/1/ranges/0"));
        assertThat(idx.match("org.example", "core", "2.12.0")).isEmpty();
        assertThat(idx.match("com.other", "core", "1.2.1.2-jre17")).singleElement().matches(Match::affected);
        assertThat(idx.match("org.custom", "log", "6.3.2.1")).singleElement().matches(Match::affected);
        // the unknown-version evidence lists every affected entry naming the package
        assertThat(idx.match("org.example", "core", null)).singleElement().satisfies(m -> assertThat(m.evidence()).extracting(Evidence::detail)
                .containsExactly("version unknown; the advisory affects [2.13.0, 2.15.0)", "version unknown; the advisory affects [2.0-beta9, 2.3.1)"));
    }

    @Test
    void severity_is_either_top_level_or_per_package() {
        String both = GOOD.replace("{\"id\"", "{\"severity\": [{\"type\": \"CVSS_V3\", \"score\": \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}], \"id\"")
                .replace("\"purl\": \"pkg:maven/g/a\"},", "\"purl\": \"pkg:maven/g/a\"}, \"severity\": [{\"type\": \"CVSS_V3\", \"score\": \"x\"}],");
        Problem p = problem(both);
        assertThat(p.pointer()).isEqualTo("/severity");
        assertThat(p.message()).contains("must not be set when an affected package has its own severity");
    }

    @Test
    void empty_and_non_utf8_files_are_rejected_whole() throws Exception {
        assertThat(AdvisoryImporter.parse("e.json", " \n").fileError().message()).startsWith("the file is empty");
        assertThat(AdvisoryImporter.parse("n.json", "42").fileError().message()).endsWith("got a number");
        Path latin1 = dir.resolve("latin1.json");
        Files.write(latin1, "{\"id\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(AdvisoryImporter.importFile(latin1).fileError().message()).isEqualTo("the file is not UTF-8 text, as OSV requires");
    }
}
