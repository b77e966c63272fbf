package secplane.testbeds.attacks.injection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import secplane.testbeds.attacks.Testbed;
import secplane.testbeds.attacks.injection.CorpusReplay.Outcome;
import secplane.testbeds.attacks.injection.InjectionApp.Server;

/**
 * The benign corpus replayed against the vulnerable endpoints of the unprotected app: every request
 * gets an ordinary answer ({@link Corpus#ORDINARY_ANSWERS}), none is blocked, and the corpus reaches
 * the sinks (most requests are answered 200). The per-endpoint summary of each run is written to
 * {@code target/corpus-results/<server>.txt}.
 */
final class BenignCorpusTest {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path work;

    private static RunningApps apps;

    @BeforeAll
    static void prepare() {
        apps = new RunningApps(work);
    }

    @AfterAll
    static void stopApps() {
        apps.close();
    }

    @Test
    void everyCategoryHasAtLeast200Requests() {
        Map<Category, List<CorpusRequest>> corpus = Corpus.load();

        assertThat(corpus.keySet()).containsExactly(Category.values());
        corpus.forEach((category, requests) -> assertThat(requests).as(category.id()).hasSizeGreaterThanOrEqualTo(200));
    }

    @ParameterizedTest
    @EnumSource(Server.class)
    void everyBenignRequestGetsAnOrdinaryAnswerAndNoneIsBlocked(Server server) throws Exception {
        Testbed app = apps.get(server);
        InjectionApp served = InjectionApp.on(server);
        List<CorpusRequest> requests = new ArrayList<>();
        Corpus.load().values().forEach(list -> list.stream().filter(r -> served.serves(r.path())).forEach(requests::add));

        List<Outcome> outcomes = CorpusReplay.replay(app, requests);

        String summary = CorpusReplay.summary(outcomes);
        Path results = Files.createDirectories(Path.of("target", "corpus-results"));
        Files.writeString(results.resolve(server.id() + ".txt"), summary, StandardCharsets.UTF_8);
        assertThat(outcomes).as(summary).hasSize(requests.size());
        assertThat(outcomes.stream().filter(Outcome::blocked).map(Outcome::request)).as("blocked").isEmpty();
        assertThat(outcomes.stream().filter(o -> !o.ordinary())
                .map(o -> o.status() + " " + o.request() + ": " + abbreviate(o.body()))).as("not ordinary").isEmpty();
        for (Category category : Category.values()) {
            List<Outcome> ofCategory = outcomes.stream().filter(o -> o.request().category() == category).toList();
            long ok = ofCategory.stream().filter(o -> o.status() == 200).count();
            if (category != Category.SSRF && !ofCategory.isEmpty()) {
                // an offline machine answers every fetch with 502; elsewhere the sink must really run
                assertThat(ok).as("%s answered 200 of %d\n%s", category, ofCategory.size(), summary)
                        .isGreaterThanOrEqualTo(ofCategory.size() / 2);
            }
        }
        assertThat(app.healthy()).isTrue();
    }

    private static String abbreviate(String body) {
        String oneLine = body.replace('\n', ' ');
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
