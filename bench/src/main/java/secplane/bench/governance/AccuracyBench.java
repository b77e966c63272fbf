package secplane.bench.governance;

import java.util.Random;
import secplane.governance.accuracy.Corpus;
import secplane.governance.accuracy.Evaluation;
import secplane.governance.detectors.DetectionEngine;

/**
 * The full-size accuracy run: precision, recall and F1 per detector over the fixed-seed corpus (valid identifiers
 * and near-misses in Chinese and English text, JSON and CSV), and the share of random 18-digit numbers flagged.
 *
 * <pre>java -cp bench/target/benchmarks.jar secplane.bench.governance.AccuracyBench [--docs 200000] [--random18 1000000] [--seed 20261129]</pre>
 */
public final class AccuracyBench {
    public static void main(String[] args) {
        int docs = 200_000;
        int random18 = 1_000_000;
        long seed = 20261129L;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--docs": docs = Integer.parseInt(args[++i]); break;
                case "--random18": random18 = Integer.parseInt(args[++i]); break;
                case "--seed": seed = Long.parseLong(args[++i]); break;
                default: throw new IllegalArgumentException("usage: AccuracyBench [--docs N] [--random18 N] [--seed S]");
            }
        }
        DetectionEngine engine = DetectionEngine.standard();
        long t = System.nanoTime();
        Evaluation e = Evaluation.run(engine, new Corpus(seed).generate(docs));
        System.out.printf("corpus: %d documents, seed %d, %.1f s%n%n", docs, seed, (System.nanoTime() - t) / 1e9);
        System.out.println(e.table());
        Random rnd = new Random(seed ^ 18);
        long flagged = 0;
        long flaggedLabelled = 0;
        for (int i = 0; i < random18; i++) {
            StringBuilder sb = new StringBuilder().append((char) ('1' + rnd.nextInt(9)));
            for (int k = 0; k < 17; k++) {
                sb.append((char) ('0' + rnd.nextInt(10)));
            }
            String v = sb.toString();
            flagged += engine.detect("ref " + v + " ok").isEmpty() ? 0 : 1;
            flaggedLabelled += engine.detect("身份证号：" + v + "。").isEmpty() ? 0 : 1;
        }
        System.out.printf("random 18-digit numbers: %d; flagged without context %d (%.4f%%), flagged after 身份证号 %d (%.4f%%)%n",
                random18, flagged, 100.0 * flagged / random18, flaggedLabelled, 100.0 * flaggedLabelled / random18);
    }
}
