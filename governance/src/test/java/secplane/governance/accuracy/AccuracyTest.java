package secplane.governance.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import secplane.governance.detectors.DetectionEngine;
import secplane.governance.detectors.Finding;

/**
 * The accuracy targets for checksummed identifiers on a small fixed-seed corpus (the full-size run is
 * bench/run-governance-accuracy.sh): precision ≥ 99.5%, recall ≥ 99%, random 18-digit numbers flagged ≤ 0.05%.
 */
class AccuracyTest {
    private final DetectionEngine engine = DetectionEngine.standard();

    @Test
    void checksummedIdentifiersMeetPrecisionAndRecallTargets() {
        Evaluation e = Evaluation.run(engine, new Corpus(20261129L).generate(6000));
        System.out.println(e.table());
        for (String type : Corpus.CHECKSUMMED) {
            assertThat(e.counts.get(type)[0]).as("true positives of " + type).isGreaterThan(100);
            assertThat(e.precision(type)).as("precision of " + type).isGreaterThanOrEqualTo(0.995);
            assertThat(e.recall(type)).as("recall of " + type).isGreaterThanOrEqualTo(0.99);
        }
        for (String kind : List.of("id-broken-check", "id-impossible-date", "card-broken-luhn", "uscc-broken-check", "iban-broken-check", "vin-broken-check")) {
            long[] nm = e.nearMisses.get(kind);
            assertThat(nm[0]).as(kind + " planted").isGreaterThan(50);
            assertThat(nm[1]).as(kind + " flagged").isZero();
        }
    }

    @Test
    void randomEighteenDigitNumbersAreAlmostNeverFlagged() {
        Random rnd = new Random(18);
        int n = 40_000;
        int flagged = 0;
        List<String> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder().append((char) ('1' + rnd.nextInt(9)));
            for (int k = 0; k < 17; k++) {
                sb.append((char) ('0' + rnd.nextInt(10)));
            }
            // labelled as an identity number: the hardest case, context pushes confidence up
            List<Finding> f = engine.detect("身份证号：" + sb + "。", null);
            if (!f.isEmpty()) {
                flagged++;
                examples.add(f.toString());
            }
        }
        assertThat((double) flagged / n).as("flagged: %s", examples).isLessThanOrEqualTo(0.0005);
    }
}
