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
import secplane.governance.mask.KeepFirstLast;
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
    static final String RESPONSE_MASK = "data.response-mask";
    static final String RESPONSE_LIMIT = "data.response-limit";
    /** Request attachments: level-3 values counted per type in this response, and whether the limit was reported. */
    private static final String RECORDS = "data.records";
    private static final String LIMIT_REPORTED = "data.limit-reported";
    /** The evidence key whose value the host writes back (AspectHost.REWRITE). */
    static final String REWRITE = "rewrite";
    static final double DEFAULT_SAMPLE = 0.01;
    static final List<String> DEFAULT_LOG_TYPES = List.of("CN_RESIDENT_ID", "CN_BANK_CARD", "PAYMENT_CARD", "CN_MOBILE");

    /** The shortest value of the default baseline types is a mobile number: 11 digits. */
    private static final int MIN_DIGITS = 11;

    private final Catalog catalog = Catalog.builtin();
    /** Engines of only the detectors whose types the rules need: fewer detectors, less work per text. */
    private volatile DetectionEngine logEngine = engineFor(Set.copyOf(DEFAULT_LOG_TYPES));
    private volatile DetectionEngine responseEngine = logEngine;
    private final Map<String, MaskOperator> masks = new ConcurrentHashMap<>();
    private volatile Settings settings = new Settings(DEFAULT_SAMPLE, Set.copyOf(DEFAULT_LOG_TYPES), MIN_DIGITS);
    private volatile ResponsePolicy responses = ResponsePolicy.defaults();
    /**
     * Observation reports at most one event per second for one rule and logger or endpoint (the next one
     * says how many were left out), so that a chatty logger or a busy endpoint costs a few events per
     * second, not one per sampled line. Rewrites are never limited: every line and chunk is masked.
     */
    private final Map<String, long[]> lastReport = new ConcurrentHashMap<>();
    static final long REPORT_INTERVAL_NANOS = 1_000_000_000L;
    private static final int MAX_REPORT_KEYS = 4096;

    /** The configuration in force: sampling rate, the baseline's types, the digit count below which a line is skipped. */
    record Settings(double sample, Set<String> logTypes, int minDigits) {
    }

    @Override
    public Set<String> joinPoints() {
        return Set.of("log.message", "http.response");
    }

    @Override
    public List<Rule> rules() {
        return List.of(new Rule(LOG_BASELINE, Mode.OBSERVE,
                        "unmasked personal data of the baseline's types (resident ID, bank card, mobile) in a log line; block masks it in place"),
                new Rule(RESPONSE_MASK, Mode.OBSERVE,
                        "unmasked personal data of an endpoint's masked types in a JSON, CSV or text response to a caller without an unmasked role; block masks it in place"),
                new Rule(RESPONSE_LIMIT, Mode.OBSERVE,
                        "more than maxRecords records of JR/T 0197 level 3 or above in one response; block answers 403 when the response is not yet committed"));
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
        ResponsePolicy r = ResponsePolicy.parse(config.asMap(), t -> catalog.entry(t) != null);
        Set<String> responseTypes = new LinkedHashSet<>();
        for (ResponsePolicy.EndpointRule rule : r.rules()) {
            responseTypes.addAll(rule.types());
        }
        if (r.maxRecords() > 0) {
            for (CatalogEntry e : catalog.entries().values()) {
                if (e.jrt0197() >= 3) {
                    responseTypes.add(e.type());
                }
            }
        }
        DetectionEngine logs = engineFor(logTypes);
        DetectionEngine bodies = engineFor(responseTypes);
        super.configure(config);
        settings = new Settings(sample, Set.copyOf(logTypes), minDigits);
        responses = r;
        logEngine = logs;
        responseEngine = bodies;
    }

    @Override
    public Finding inspect(JoinPoint jp) {
        Object[] a = jp.args();
        if ("http.response".equals(jp.name())) {
            return response(jp, a);
        }
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
        long left = rewriting ? 0 : admit(LOG_BASELINE + " " + a[2]);
        if (left < 0) {
            return null;
        }
        List<String> evidence = new ArrayList<>(List.of(
                "suppressed", Long.toString(left),
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

    /**
     * A chunk of a JSON, CSV or text response: counts its level-3 values toward the response's limit, and
     * masks the endpoint's types unless the caller has an unmasked role. Masks keep the chunk's length
     * (the host writes them into the application's buffer) and keep JSON valid: only characters inside
     * a value are replaced, by {@code *} within a string and by {@code 0} within a bare number.
     */
    private Finding response(JoinPoint jp, Object[] a) {
        secplane.aspect.HttpRequest request = jp.request();
        String contentType = a.length < 3 ? "" : String.valueOf(a[1]).toLowerCase(java.util.Locale.ROOT);
        if (request == null || a.length < 3 || !(a[0] instanceof String) || contentType.startsWith("text/html")) {
            return null;
        }
        String chunk = (String) a[0];
        Settings s = settings;
        ResponsePolicy p = responses;
        boolean rewriting = Boolean.TRUE.equals(a[2]);
        if (!rewriting && (s.sample() <= 0 || s.sample() < 1 && ThreadLocalRandom.current().nextDouble() >= s.sample())) {
            return null;
        }
        String path = request.uri() == null ? "" : request.uri();
        ResponsePolicy.EndpointRule rule = p.match(path);
        if (rule == null && p.maxRecords() == 0) {
            return null;
        }
        if (!LogText.hasDigits(chunk, MIN_DIGITS) && (rule == null || DigitTypes.ALL.containsAll(rule.types())) && p.maxRecords() == 0) {
            return null;
        }
        List<secplane.governance.detectors.Finding> found = responseEngine.detect(chunk);
        if (found.isEmpty()) {
            return null;
        }
        if (p.maxRecords() > 0) {
            Finding limit = countRecords(request, found, p.maxRecords(), path);
            if (limit != null) {
                return limit;
            }
        }
        if (rule == null || privileged(request, p.roleHeader(), rule)) {
            return null;
        }
        boolean json = contentType.contains("json");
        // masks keep the length, so they are written over the chunk's characters (a Latin-1 chunk stays Latin-1)
        StringBuilder out = null;
        Set<String> types = new LinkedHashSet<>();
        String example = null;
        int count = 0;
        JsonStrings strings = json ? new JsonStrings(chunk) : null;
        for (secplane.governance.detectors.Finding f : found) {
            if (!rule.types().contains(f.type())) {
                continue;
            }
            MaskOperator op = operator(f.type());
            if (op instanceof KeepFirstLast && ((KeepFirstLast) op).mask() == '*' && ascii(chunk, f.start(), f.end())) {
                // the common case (numbers): the catalog's keep-first-last mask of an ASCII value keeps its length in
                // chars and in UTF-8 bytes, so it is written straight over the copy, '0' outside JSON strings
                if (out == null) {
                    out = new StringBuilder(chunk);
                }
                ((KeepFirstLast) op).maskInPlace(out, f.start(), f.end(), json && !strings.inside(f.start()) ? '0' : '*');
                if (example == null) {
                    example = out.substring(f.start(), f.end());
                }
                types.add(f.type());
                count++;
                continue;
            }
            String masked = sameLength(f.value(), mask(f.type(), f.value()));
            if (json && !strings.inside(f.start())) {
                masked = masked.replace('*', '0');
            }
            if (out == null) {
                out = new StringBuilder(chunk);
            }
            if (example == null) {
                example = masked;
            }
            out.replace(f.start(), f.end(), masked);
            types.add(f.type());
            count++;
        }
        if (out == null) {
            return null;
        }
        long left = rewriting ? 0 : admit(RESPONSE_MASK + " " + path);
        if (left < 0) {
            return null;
        }
        String role = role(request, p.roleHeader());
        List<String> evidence = new ArrayList<>(List.of("suppressed", Long.toString(left), "types", String.join(",", types), "count", Integer.toString(count),
                "example", example, "endpoint", path, "role", role == null ? "" : role));
        if (rewriting) {
            evidence.add(REWRITE);
            evidence.add(out.toString());
        }
        return Finding.of(RESPONSE_MASK, "unmasked " + String.join(", ", types) + " in the response of " + path,
                evidence.toArray(new String[0]));
    }

    private Finding countRecords(secplane.aspect.HttpRequest request, List<secplane.governance.detectors.Finding> found, int max, String path) {
        synchronized (request) {
            @SuppressWarnings("unchecked")
            Map<String, int[]> counts = (Map<String, int[]>) request.attachment(RECORDS);
            if (counts == null) {
                counts = new java.util.HashMap<>();
                request.attach(RECORDS, counts);
            }
            int records = 0;
            String worst = null;
            for (secplane.governance.detectors.Finding f : found) {
                CatalogEntry e = catalog.entry(f.type());
                if (e != null && e.jrt0197() >= 3) {
                    int n = ++counts.computeIfAbsent(f.type(), t -> new int[1])[0];
                    if (n > records) {
                        records = n;
                        worst = f.type();
                    }
                }
            }
            for (Map.Entry<String, int[]> c : counts.entrySet()) {
                if (c.getValue()[0] > records) {
                    records = c.getValue()[0];
                    worst = c.getKey();
                }
            }
            if (records <= max || request.attachment(LIMIT_REPORTED) != null) {
                return null;
            }
            request.attach(LIMIT_REPORTED, Boolean.TRUE);
            return Finding.of(RESPONSE_LIMIT, "the response of " + path + " holds more than " + max + " records of level 3 or above",
                    "records", Integer.toString(records), "maxRecords", Integer.toString(max), "type", worst, "endpoint", path);
        }
    }

    private static boolean privileged(secplane.aspect.HttpRequest request, String header, ResponsePolicy.EndpointRule rule) {
        if (rule.unmaskedRoles().isEmpty()) {
            return false;
        }
        String role = role(request, header);
        if (role == null) {
            return false;
        }
        for (String r : role.split(",")) {
            if (rule.unmaskedRoles().contains(r.trim())) {
                return true;
            }
        }
        return false;
    }

    private static String role(secplane.aspect.HttpRequest request, String header) {
        if (header == null) {
            return null;
        }
        for (secplane.aspect.RequestInput in : request.inputs()) {
            if ("header".equals(in.source()) && header.equals(in.name())) {
                return in.value();
            }
        }
        return null;
    }

    /** A mask of the same length as the value: the catalog's operator when it keeps the length, else every character starred. */
    static String sameLength(String value, String masked) {
        if (masked.length() == value.length() && utf8Length(masked) == utf8Length(value)) {
            return masked;
        }
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // a full-width asterisk keeps the UTF-8 length of a CJK character (3 bytes)
            sb.append(c < 0x80 ? '*' : c >= 0x800 && !Character.isSurrogate(c) ? '\uFF0A' : c);
        }
        return sb.toString();
    }

    /** The length of s.getBytes(UTF_8), counted without encoding: an unpaired surrogate is encoded as '?'. */
    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += Character.isSurrogate(c) ? 1 : 3;
            }
        }
        return bytes;
    }

    /**
     * Whether positions of a JSON chunk lie inside a string (RFC 8259 §7: quotes, backslash escapes), asked in
     * increasing order so that the chunk is read once.
     */
    static final class JsonStrings {
        private final String chunk;
        private int pos;
        private boolean in;

        JsonStrings(String chunk) {
            this.chunk = chunk;
        }

        boolean inside(int at) {
            while (pos < at) {
                char c = chunk.charAt(pos);
                if (c == '\\' && in) {
                    pos++;
                } else if (c == '"') {
                    in = !in;
                }
                pos++;
            }
            return in;
        }
    }

    /**
     * @return -1 when an event for this key was reported less than a second ago (counted), else how many
     *         were left out since the last one
     */
    long admit(String key) {
        long now = System.nanoTime();
        if (lastReport.size() > MAX_REPORT_KEYS) {
            lastReport.clear(); // bounded memory: many distinct endpoints just restart the counting
        }
        long[] slot = lastReport.computeIfAbsent(key, k -> new long[] {now - REPORT_INTERVAL_NANOS, 0});
        synchronized (slot) {
            if (now - slot[0] < REPORT_INTERVAL_NANOS) {
                slot[1]++;
                return -1;
            }
            long left = slot[1];
            slot[0] = now;
            slot[1] = 0;
            return left;
        }
    }

    private static DetectionEngine engineFor(Set<String> types) {
        List<secplane.governance.detectors.Detector> detectors = new ArrayList<>();
        for (secplane.governance.detectors.Detector d : secplane.governance.detectors.Builtins.all()) {
            if (types.contains(d.type())) {
                detectors.add(d);
            }
        }
        return new DetectionEngine(detectors, DetectionEngine.DEFAULT_THRESHOLD);
    }

    /** The text with every value of the given types masked, or null when it has none. */
    Masked mask(String text, Set<String> types) {
        List<secplane.governance.detectors.Finding> found = logEngine.detect(text);
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
        return operator(type).apply(value);
    }

    private MaskOperator operator(String type) {
        return masks.computeIfAbsent(type, t -> {
            CatalogEntry e = catalog.entry(t);
            String spec = e == null || e.mask() == null || MaskSpec.needsKey(e.mask()) ? "redact" : e.mask();
            return MaskSpec.build(spec, null);
        });
    }

    private static boolean ascii(String s, int start, int end) {
        for (int i = start; i < end; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** A masked text: the types found, how many values, and the first masked value as the example. */
    record Masked(String text, List<String> types, int count, String example) {
    }
}
