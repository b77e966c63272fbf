package secplane.aspects.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import secplane.aspect.AbstractAspect;
import secplane.aspect.AspectConfig;
import secplane.aspect.Finding;
import secplane.aspect.JoinPoint;
import secplane.aspect.Mode;
import secplane.aspect.Rule;
import secplane.governance.catalog.Catalog;
import secplane.governance.catalog.CatalogEntry;
import secplane.governance.detectors.DetectionEngine;
import secplane.governance.mask.MaskOperator;
import secplane.governance.mask.MaskSpec;

/**
 * Runtime data governance on the {@code log.message} join point: the formatted message of a log event
 * (Log4j 2, Logback, java.util.logging) goes through the governance detectors, and the baseline
 * "no unmasked resident ID, bank card or mobile number in logs" (GB/T 35273-2020 §6.3 de-identified
 * display; JR/T 0197-2020 level 3 data kept out of logs) is the rule {@code data.log-baseline}.
 *
 * <p>In {@code observe} mode a sampled line with such a value is reported (type, level, logger and a
 * masked example, never the value); in {@code block} mode every line is inspected and the host replaces
 * the message with the masked text (the catalog's masking operator per type) before any appender
 * writes it: the verdict {@code rewrite}.
 */
public final class DataAspect extends AbstractAspect {
    static final String LOG_BASELINE = "data.log-baseline";
    /** The evidence key whose value the host writes back (AspectHost.REWRITE). */
    static final String REWRITE = "rewrite";
    static final double DEFAULT_SAMPLE = 0.01;
    static final List<String> DEFAULT_LOG_TYPES = List.of("CN_RESIDENT_ID", "CN_BANK_CARD", "PAYMENT_CARD", "CN_MOBILE");

    /** The shortest value of the default baseline types is a mobile number: 11 digits. */
    private static final int MIN_DIGITS = 11;

    private final DetectionEngine engine = DetectionEngine.standard();
    private final Catalog catalog = Catalog.builtin();
    private final Map<String, MaskOperator> masks = new ConcurrentHashMap<>();
    private volatile Settings settings = new Settings(DEFAULT_SAMPLE, Set.copyOf(DEFAULT_LOG_TYPES), MIN_DIGITS);

    /** The configuration in force: sampling rate, the baseline's types, the digit count below which a line is skipped. */
    record Settings(double sample, Set<String> logTypes, int minDigits) {
    }

    @Override
    public Set<String> joinPoints() {
        return Set.of("log.message");
    }

    @Override
    public List<Rule> rules() {
        return List.of(new Rule(LOG_BASELINE, Mode.OBSERVE,
                "unmasked personal data of the baseline's types (resident ID, bank card, mobile) in a log line; block masks it in place"));
    }

    @Override
    public void configure(AspectConfig config) throws Exception {
        double sample = DEFAULT_SAMPLE;
        String s = config.string("sample", null);
        if (s != null) {
            try {
                sample = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                sample = -1;
            }
            if (!(sample >= 0 && sample <= 1)) {
                throw new IllegalArgumentException("data config 'sample' is '" + s
                        + "': give the share of log lines to inspect in observe mode, a number from 0 to 1 such as 0.01");
            }
        }
        List<String> types = config.strings("logTypes");
        Set<String> logTypes = new LinkedHashSet<>(types.isEmpty() ? DEFAULT_LOG_TYPES : types);
        for (String t : logTypes) {
            if (catalog.entry(t) == null) {
                throw new IllegalArgumentException("data config 'logTypes' names '" + t
                        + "', which is not a data type of the catalog; use catalog keys such as CN_RESIDENT_ID, CN_BANK_CARD, CN_MOBILE");
            }
        }
        // the digit fast path is only sound when every type is a number of at least 11 digits
        int minDigits = DigitTypes.ALL.containsAll(logTypes) ? MIN_DIGITS : 0;
        super.configure(config);
        settings = new Settings(sample, Set.copyOf(logTypes), minDigits);
    }

    @Override
    public Finding inspect(JoinPoint jp) {
        Object[] a = jp.args();
        if (!"log.message".equals(jp.name()) || a.length < 5 || !(a[0] instanceof String)) {
            return null;
        }
        String text = (String) a[0];
        Settings s = settings;
        boolean rewriting = Boolean.TRUE.equals(a[4]);
        if (!rewriting && (s.sample() <= 0 || s.sample() < 1 && ThreadLocalRandom.current().nextDouble() >= s.sample())) {
            return null;
        }
        if (s.minDigits() > 0 && !LogText.hasDigits(text, s.minDigits())) {
            return null;
        }
        Masked m = mask(text, s.logTypes());
        if (m == null) {
            return null;
        }
        List<String> evidence = new ArrayList<>(List.of(
                "types", String.join(",", m.types()),
                "count", Integer.toString(m.count()),
                "example", m.example(),
                "level", String.valueOf(a[1]),
                "logger", String.valueOf(a[2]),
                "library", String.valueOf(a[3])));
        if (rewriting) {
            evidence.add(REWRITE);
            evidence.add(m.text());
        }
        return Finding.of(LOG_BASELINE, "unmasked " + String.join(", ", m.types()) + " in a log line of " + a[2],
                evidence.toArray(new String[0]));
    }

    /** The text with every value of the given types masked, or null when it has none. */
    Masked mask(String text, Set<String> types) {
        List<secplane.governance.detectors.Finding> found = engine.detect(text);
        StringBuilder out = null;
        Set<String> seen = new LinkedHashSet<>();
        String example = null;
        int count = 0;
        int last = 0;
        for (secplane.governance.detectors.Finding f : found) {
            if (!types.contains(f.type())) {
                continue;
            }
            String masked = mask(f.type(), f.value());
            if (out == null) {
                out = new StringBuilder(text.length());
                example = masked;
            }
            out.append(text, last, f.start()).append(masked);
            last = f.end();
            seen.add(f.type());
            count++;
        }
        if (out == null) {
            return null;
        }
        out.append(text, last, text.length());
        return new Masked(out.toString(), List.copyOf(seen), count, example);
    }

    String mask(String type, String value) {
        MaskOperator op = masks.computeIfAbsent(type, t -> {
            CatalogEntry e = catalog.entry(t);
            String spec = e == null || e.mask() == null || MaskSpec.needsKey(e.mask()) ? "redact" : e.mask();
            return MaskSpec.build(spec, null);
        });
        return op.apply(value);
    }

    /** A masked text: the types found, how many values, and the first masked value as the example. */
    record Masked(String text, List<String> types, int count, String example) {
    }
}
