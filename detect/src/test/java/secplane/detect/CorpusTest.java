package secplane.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every labelled attack of a category's corpus is detected with the category's rule and blamed on
 * the labelled input (the first; the others are the ordinary headers and cookies of a request), and no line of
 * its benign corpus is; the corpora cannot shrink below their floors without this test failing. A
 * summary per category is written to {@code target/corpus-summary.txt}.
 */
@ExtendWith(NoDetectorFailures.class)
class CorpusTest {
    static final int BENIGN_FLOOR = 200;
    /** Attack corpora floors: the sizes when the detectors were written, so that a lost file or line fails. */
    static final Map<String, Integer> ATTACK_FLOOR = Map.of("sql", 75, "command", 40, "path", 40, "ssrf", 50, "xml", 25,
            "ldap", 20, "xpath", 20, "expression", 30, "xss", 45);

    private static final Map<String, String> SUMMARY = new TreeMap<>();

    static List<String> categories() {
        return Corpus.CATEGORIES;
    }

    @ParameterizedTest
    @MethodSource("categories")
    void everyAttackIsDetectedWithTheCategoryRule(String category) {
        List<String> missed = new ArrayList<>();
        List<Corpus.Line> lines = Corpus.load(category, "attack");
        for (Corpus.Line line : lines) {
            Verdict v = Corpus.verdict(line);
            if (!v.attack() || !Corpus.rule(category).equals(v.rule()) || !Corpus.inputs(line).get(0).equals(v.input())) {
                missed.add(line + " -> " + v + (v.attack() ? " (by " + v.input() + ")" : ""));
            } else {
                assertThat(v.reason()).as(line.toString()).isNotBlank();
                assertThat(v.input()).as(line.toString()).isNotNull();
            }
        }
        SUMMARY.merge(category, "attacks " + (lines.size() - missed.size()) + "/" + lines.size() + " detected", (a, b) -> b + "; " + a);
        assertThat(missed).as("attacks of " + category + " not detected").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("categories")
    void noBenignLineIsReported(String category) {
        List<String> reported = new ArrayList<>();
        List<Corpus.Line> lines = Corpus.load(category, "benign");
        for (Corpus.Line line : lines) {
            Verdict v = Corpus.verdict(line);
            if (v.attack()) {
                reported.add(line + " -> " + v.reason());
            }
        }
        SUMMARY.merge(category, "benign " + reported.size() + "/" + lines.size() + " reported", (a, b) -> a + "; " + b);
        assertThat(reported).as("benign lines of " + category + " reported").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("categories")
    void corpusDoesNotShrink(String category) {
        assertThat(Corpus.load(category, "benign")).as(category + " benign").hasSizeGreaterThanOrEqualTo(BENIGN_FLOOR);
        assertThat(Corpus.load(category, "attack")).as(category + " attack").hasSizeGreaterThanOrEqualTo(ATTACK_FLOOR.get(category));
        for (String kind : List.of("attack", "benign")) {
            for (Corpus.Line line : Corpus.load(category, kind)) {
                assertThat(line.note()).as(line.toString()).isNotBlank().isNotEqualTo("null");
                assertThat(Corpus.inputs(line)).as(line.toString()).isNotEmpty();
            }
        }
    }

    @AfterAll
    static void writeSummary() throws IOException {
        StringBuilder sb = new StringBuilder();
        SUMMARY.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "corpus-summary.txt"), sb.toString());
    }
}
