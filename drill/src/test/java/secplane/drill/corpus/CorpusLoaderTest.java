package secplane.drill.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorpusLoaderTest {
    private static final String SQL = """
            {"category": "sql", "title": "SQL injection", "cases": [
              {"id": "sql-a", "name": "a", "sources": ["CWE-89"], "in": ["query"], "kinds": ["any"], "payload": "' OR '1'='1"}
            ]}""";

    @Test
    void theBuiltInCorpusHasCitedCasesInEveryCategory() {
        Corpus corpus = CorpusLoader.builtIn();
        assertThat(corpus.byCategory().keySet()).containsExactlyElementsOf(Categories.ALL);
        corpus.byCategory().forEach((category, cases) -> {
            assertThat(cases).as(category).isNotEmpty();
            assertThat(cases).as(category).allSatisfy(c -> {
                assertThat(c.category()).isEqualTo(category);
                assertThat(c.sources()).isNotEmpty().allMatch(s -> CorpusLoader.SOURCE.matcher(s).matches());
            });
        });
        // the sources the issue names are cited
        List<String> sources = corpus.all().stream().flatMap(c -> c.sources().stream()).toList();
        assertThat(sources).contains("CVE-2021-44228", "CVE-2022-22965", "CVE-2015-7501", "CWE-89", "CWE-78", "CWE-22", "CWE-918",
                "CWE-611", "CWE-90", "CWE-643", "CWE-917", "CWE-79", "WSTG-INPV-05");
        assertThat(corpus.byCategory().get("exfiltration")).anyMatch(c -> c.kinds().contains("limit"))
                .anyMatch(c -> c.kinds().contains("url"));
        assertThat(corpus.byCategory().get("deserialization")).anyMatch(c -> c.binary() != null && c.binary().length > 1000);
    }

    @Test
    void anUnknownCategoryIsAnErrorNamingTheFile() {
        assertThatThrownBy(() -> CorpusLoader.load(Map.of("nosql.json", SQL.replace("\"sql\"", "\"nosql\"").replace("sql-a", "nosql-a"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nosql.json").hasMessageContaining("unknown category 'nosql'");
    }

    @Test
    void aCaseWithoutASourceIsAnErrorNamingFileAndCase() {
        assertThatThrownBy(() -> CorpusLoader.load(Map.of("sql.json", SQL.replace("[\"CWE-89\"]", "[]"))))
                .hasMessageContaining("sql.json").hasMessageContaining("case 'sql-a'").hasMessageContaining("has no source");
        assertThatThrownBy(() -> CorpusLoader.load(Map.of("sql.json", SQL.replace("CWE-89", "my blog"))))
                .hasMessageContaining("case 'sql-a'").hasMessageContaining("source 'my blog' is not");
    }

    @Test
    void aDuplicateIdIsAnErrorNamingBothFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("sql.json", SQL);
        files.put("xss.json", SQL.replace("\"category\": \"sql\"", "\"category\": \"xss\""));
        // the id must start with the category, so a copied case is caught by that first; same file, same id:
        assertThatThrownBy(() -> CorpusLoader.load(files)).hasMessageContaining("xss.json").hasMessageContaining("case 'sql-a'");
        String twice = SQL.replace("]}", ", {\"id\": \"sql-a\", \"name\": \"b\", \"sources\": [\"CWE-89\"], \"in\": [\"query\"], \"kinds\": [\"any\"], \"payload\": \"x\"}]}");
        assertThatThrownBy(() -> CorpusLoader.load(Map.of("sql.json", twice)))
                .hasMessageContaining("sql.json").hasMessageContaining("case 'sql-a': duplicate id, already used in sql.json");
    }

    @Test
    void unknownFieldsPlacementsAndKindsAreErrors() {
        assertThatThrownBy(() -> CorpusLoader.load(Map.of("sql.json", SQL.replace("\"kinds\"", "\"kind\""))))
                .hasMessageContaining("case 'sql-a': unknown field 'kind'");
        assertThatThrownBy(() -> CorpusLoader.load(Map.of("sql.json", SQL.replace("[\"query\"]", "[\"cookie\"]"))))
                .hasMessageContaining("unknown placement 'cookie'");
        assertThatThrownBy(() -> CorpusLoader.load(Map.of("sql.json", SQL.replace("[\"any\"]", "[\"blob\"]"))))
                .hasMessageContaining("unknown parameter kind 'blob'");
        assertThatThrownBy(() -> CorpusLoader.load(Map.of("other.json", SQL))).hasMessageContaining("must be named sql.json");
    }

    @Test
    void aSuiteWithAnUnknownCategoryListsTheKnownOnes() {
        assertThatThrownBy(() -> CorpusLoader.builtIn().suite(List.of("sql", "sqli")))
                .hasMessageContaining("unknown category 'sqli'").hasMessageContaining("jndi,spring4shell");
        assertThat(CorpusLoader.builtIn().suite(List.of("xss", "sql")).byCategory().keySet()).containsExactly("sql", "xss");
    }
}
