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
    static final String EGRESS = "data.egress";
    static final String EGRESS_LIMIT = "data.egress-limit";
    static final String EXPORT_WATERMARK = "data.export-watermark";
    /** Evidence keys the host reads (AspectHost.HOLD, NOT_MARKED) and the fourth argument of a whole held body. */
    static final String HOLD = "hold";
    static final String NOT_MARKED = "notMarked";
    static final String WHOLE_BODY = "body";
    static final String JDBC_RESULT = "data.jdbc-result";
    /** Request attachments: level-3 values counted per type in this response, and whether the limit was reported. */
    private static final String RECORDS = "data.records";
    private static final String LIMIT_REPORTED = "data.limit-reported";
    /**
     * Request attachment, present when the request is in the observation sample: drawn once, when the request starts
     * ({@code http.request}), so that a request is observed whole (its reads, its response, its log lines and its
     * outbound calls) or not at all, and an unsampled one costs one lookup per call.
     */
    static final String SAMPLED = "data.sampled";
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
    /** The types looked for in values read through JDBC: the log baseline's and the endpoints' masked types. */
    private volatile DetectionEngine resultEngine = logEngine;
    private final Lineage lineage = new Lineage();
    /** Calls that went past sampling into detection or fingerprinting (tests: proves unsampled requests cost no such work). */
    private final java.util.concurrent.atomic.LongAdder inspected = new java.util.concurrent.atomic.LongAdder();
    /**
     * Columns whose values the detectors have classified, with their types: a later value of such a column that
     * looks sensitive is fingerprinted for lineage without running the detectors again. Bounded like the report keys.
     */
    private final Map<String, Set<String>> columnTypes = new ConcurrentHashMap<>();
    private final Map<String, MaskOperator> masks = new ConcurrentHashMap<>();
    private volatile Settings settings = new Settings(DEFAULT_SAMPLE, Set.copyOf(DEFAULT_LOG_TYPES), MIN_DIGITS, true, MIN_DIGITS);
    private volatile ResponsePolicy responses = ResponsePolicy.defaults();
    private volatile EgressPolicy egress = EgressPolicy.defaults();
    private volatile DetectionEngine egressEngine = engineFor(typesFrom(EgressPolicy.DEFAULT_MIN_LEVEL));
    private volatile ExportPolicy exports = ExportPolicy.none();
    private volatile secplane.governance.watermark.ExportRegistry registry;
    /**
     * Observation reports at most one event per second for one rule and logger or endpoint (the next one
     * says how many were left out), so that a chatty logger or a busy endpoint costs a few events per
     * second, not one per sampled line. Rewrites are never limited: every line and chunk is masked.
     */
    private final Map<String, long[]> lastReport = new ConcurrentHashMap<>();
    static final long REPORT_INTERVAL_NANOS = 1_000_000_000L;
    private static final int MAX_REPORT_KEYS = 4096;
    private static final String WARM_UP = "{\"id\":\"110101199003074477\",\"m\":\"13812345678\",\"e\":\"a@example.com\"}";

    /**
     * The configuration in force: sampling rate, the baseline's types, the digit count below which a line is
     * skipped, whether read values are fingerprinted for lineage, and the digit count below which a read value
     * is neither fingerprinted nor inspected (0 when a result type is not made of digits).
     */
    record Settings(double sample, Set<String> logTypes, int minDigits, boolean lineage, int resultMinDigits) {
    }

    @Override
    public Set<String> joinPoints() {
        // http.request: lineage needs the request context, which the agent records while an aspect subscribes to it
        return Set.of("log.message", "http.response", "http.outbound", "kafka.send", "jdbc.result", "http.request");
    }

    @Override
    public List<Rule> rules() {
        return List.of(new Rule(LOG_BASELINE, Mode.OBSERVE,
                        "unmasked personal data of the baseline's types (resident ID, bank card, mobile) in a log line; block masks it in place"),
                new Rule(RESPONSE_MASK, Mode.OBSERVE,
                        "unmasked personal data of an endpoint's masked types in a JSON, CSV or text response to a caller without an unmasked role; block masks it in place"),
                new Rule(RESPONSE_LIMIT, Mode.OBSERVE,
                        "more than maxRecords records of JR/T 0197 level 3 or above in one response; block answers 403 when the response is not yet committed"),
                new Rule(EGRESS, Mode.OBSERVE,
                        "personal data of egress.minLevel or above in an outbound HTTP body or Kafka record to a destination not on egress.allow; "
                                + "block refuses the request or record before it is sent (sampled sends to allowed destinations are reported for the data map, never refused)"),
                new Rule(EGRESS_LIMIT, Mode.OBSERVE,
                        "more than egress.maxRecords values of JR/T 0197 level 3 or above in one outbound HTTP body or Kafka record; block refuses it before it is sent"),
                new Rule(EXPORT_WATERMARK, Mode.OBSERVE,
                        "a CSV or JSON body of a designated export endpoint; block marks it for its recipient (numeric and invisible-character watermark) and records the export"),
                new Rule(JDBC_RESULT, Mode.OBSERVE,
                        "personal data of the baseline's or the endpoints' types read from a table column through JDBC (sampled); only ever observed"));
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
                        + "': give the share of requests to observe (and of log lines, reads and sends outside a request), a number from 0 to 1 such as 0.01");
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
        Set<String> resultTypes = new LinkedHashSet<>(logTypes);
        for (ResponsePolicy.EndpointRule rule : r.rules()) {
            resultTypes.addAll(rule.types());
        }
        Object lineageOn = config.asMap().get("lineage");
        if (lineageOn != null && !(lineageOn instanceof Boolean)) {
            throw new IllegalArgumentException("data config 'lineage' is " + lineageOn
                    + ": give true to attribute values leaving the service to the table column they were read from, false to turn it off");
        }
        DetectionEngine logs = engineFor(logTypes);
        DetectionEngine bodies = engineFor(responseTypes);
        DetectionEngine results = engineFor(resultTypes);
        ExportPolicy x = ExportPolicy.parse(config.asMap());
        secplane.governance.watermark.ExportRegistry reg = null;
        if (x.registry() != null) {
            try {
                reg = secplane.governance.watermark.ExportRegistry.open(x.registry(), true);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("data config 'exportRegistry' " + x.registry() + ": " + e.getMessage(), e);
            }
        }
        EgressPolicy e = EgressPolicy.parse(config.asMap());
        DetectionEngine outbound = engineFor(typesFrom(e.maxRecords() > 0 ? Math.min(3, e.minLevel()) : e.minLevel()));
        // the first detection loads and compiles every detector: here, not in the application's first outbound call
        outbound.detect(WARM_UP);
        super.configure(config);
        egress = e;
        egressEngine = outbound;
        exports = x;
        registry = reg;
        settings = new Settings(sample, Set.copyOf(logTypes), minDigits, !Boolean.FALSE.equals(lineageOn),
                DigitTypes.ALL.containsAll(resultTypes) ? MIN_DIGITS : 0);
        responses = r;
        logEngine = logs;
        responseEngine = bodies;
        resultEngine = results;
        columnTypes.clear();
    }

    /**
     * The host asks this before it prepares a call (decodes a response chunk, names a column, reads a log line): within
     * a request outside the sample, and with no rule in block mode, there is nothing to observe, mask or remember, and the
     * call is not even prepared. Outside a request every call is drawn on its own in {@link #inspect}. Asked about
     * {@code http.request}, it makes the request's draw and answers false.
     */
    @Override
    public boolean wants(String joinPoint, secplane.aspect.HttpRequest request, boolean enforcing) {
        if ("http.request".equals(joinPoint)) {
            // the start of a request has nothing to inspect but the draw, made here: the host then prepares no call, and
            // the aspect is not timed against its budget (two clock reads, more than the draw) for every request
            start(request);
            return false;
        }
        if (request == null || enforcing) {
            return true;
        }
        if ("http.response".equals(joinPoint) && !exports.endpoints().isEmpty()) {
            return true; // a designated export is held or reported in every request, sampled or not
        }
        return sampled(request, settings);
    }

    /** The start of a request: draws whether it is observed, once (a forward or include of it keeps the draw once sampled). */
    private void start(secplane.aspect.HttpRequest request) {
        Settings s = settings;
        if (request != null && s.sample() > 0 && s.sample() < 1 && ThreadLocalRandom.current().nextDouble() < s.sample()) {
            request.attach(SAMPLED, Boolean.TRUE);
        }
    }

    /**
     * Whether this call is observed: within a request, the request's draw (every request at sample 1, none at 0); outside
     * one (a batch job, a scheduler), a draw for this call alone.
     */
    private static boolean sampled(secplane.aspect.HttpRequest request, Settings s) {
        if (s.sample() >= 1) {
            return true;
        }
        if (s.sample() <= 0) {
            return false;
        }
        return request == null ? ThreadLocalRandom.current().nextDouble() < s.sample() : request.attachment(SAMPLED) != null;
    }

    /** Calls that went past sampling into detection or fingerprinting since the aspect was made. */
    long inspected() {
        return inspected.sum();
    }

    @Override
    public Finding inspect(JoinPoint jp) {
        Object[] a = jp.args();
        if ("http.response".equals(jp.name())) {
            return response(jp, a);
        }
        if ("http.outbound".equals(jp.name()) || "kafka.send".equals(jp.name())) {
            return egress(jp, a);
        }
        if ("jdbc.result".equals(jp.name())) {
            return result(jp, a);
        }
        if ("http.request".equals(jp.name())) {
            return null; // drawn when the host asked whether the aspect wants the call (wants)
        }
        if (!"log.message".equals(jp.name()) || a.length < 5 || !(a[0] instanceof String)) {
            return null;
        }
        String text = (String) a[0];
        Settings s = settings;
        boolean rewriting = Boolean.TRUE.equals(a[4]);
        if (!rewriting && !sampled(jp.request(), s)) {
            return null;
        }
        if (s.minDigits() > 0 && !LogText.hasDigits(text, s.minDigits())) {
            return null;
        }
        inspected.increment();
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
        sources(jp.request(), m.found(), evidence);
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
        ExportPolicy x = exports;
        if (!x.endpoints().isEmpty()) {
            ExportPolicy.Endpoint e = x.match(request.method(), request.uri() == null ? "" : request.uri());
            if (e != null) {
                return export(request, e, a);
            }
        }
        Settings s = settings;
        ResponsePolicy p = responses;
        boolean rewriting = Boolean.TRUE.equals(a[2]);
        if (!rewriting && !sampled(request, s)) {
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
        inspected.increment();
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
        if (rule == null || privileged(request, p, rule)) {
            return null;
        }
        boolean json = contentType.contains("json");
        // masks keep the length, so they are written over the chunk's characters (a Latin-1 chunk stays Latin-1)
        StringBuilder out = null;
        List<secplane.governance.detectors.Finding> masked0 = new ArrayList<>();
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
                masked0.add(f);
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
            masked0.add(f);
            count++;
        }
        if (out == null) {
            return null;
        }
        long left = rewriting ? 0 : admit(RESPONSE_MASK + " " + path);
        if (left < 0) {
            return null;
        }
        String role = role(request, p);
        List<String> evidence = new ArrayList<>(List.of("suppressed", Long.toString(left), "types", String.join(",", types), "count", Integer.toString(count),
                "example", example, "endpoint", path, "role", role == null ? "" : role));
        sources(request, masked0, evidence);
        if (rewriting) {
            evidence.add(REWRITE);
            evidence.add(out.toString());
        }
        return Finding.of(RESPONSE_MASK, "unmasked " + String.join(", ", types) + " in the response of " + path,
                evidence.toArray(new String[0]));
    }

    /**
     * An outbound HTTP body or Kafka record ({destination's URL or topic, destination, text or Supplier of it,
     * client, inspectAll}): personal data to a destination off the allow list is a {@code data.egress}
     * violation, more level-3 values than the limit a {@code data.egress-limit} one; a sampled send to an
     * allowed destination is reported for the data map with {@code reportOnly}, which the host never refuses.
     */
    private Finding egress(JoinPoint jp, Object[] a) {
        if (a.length < 5 || !(a[1] instanceof String)) {
            return null;
        }
        Settings s = settings;
        boolean all = Boolean.TRUE.equals(a[4]);
        boolean sampled = sampled(jp.request(), s);
        if (!all && !sampled) {
            return null;
        }
        EgressPolicy p = egress;
        String destination = (String) a[1];
        boolean allowed = p.allowed(destination);
        if (allowed && p.maxRecords() == 0 && !sampled) {
            return null; // nothing to refuse and nothing to record: the body is not even read
        }
        Object body = a[2] instanceof java.util.function.Supplier ? ((java.util.function.Supplier<?>) a[2]).get() : a[2];
        if (!(body instanceof String) || ((String) body).isEmpty()) {
            return null;
        }
        inspected.increment();
        List<secplane.governance.detectors.Finding> found = egressEngine.detect((String) body);
        Set<String> types = new LinkedHashSet<>();
        Set<String> levels = new LinkedHashSet<>();
        String example = null;
        int count = 0;
        int level3 = 0;
        String worst = null;
        for (secplane.governance.detectors.Finding f : found) {
            CatalogEntry e = catalog.entry(f.type());
            int level = e == null ? 0 : e.jrt0197();
            if (level >= 3) {
                level3++;
            }
            if (level < p.minLevel()) {
                continue;
            }
            if (example == null) {
                example = mask(f.type(), f.value());
            }
            if (types.add(f.type())) {
                levels.add(f.type() + ":" + level);
            }
            if (worst == null || level >= 3) {
                worst = f.type();
            }
            count++;
        }
        String rule;
        if (!allowed && count > 0) {
            rule = EGRESS;
        } else if (p.maxRecords() > 0 && level3 > p.maxRecords()) {
            rule = EGRESS_LIMIT;
        } else if (sampled && count > 0) {
            rule = null; // an allowed send, for the inventory
        } else {
            return null;
        }
        // refusals (inspectAll) are never rate limited: the application's exception names the event
        long left = all && (rule != null) ? 0 : admit((rule == null ? EGRESS : rule) + " " + destination);
        if (left < 0) {
            return null;
        }
        String kafka = "kafka.send".equals(jp.name()) ? "topic" : "url";
        secplane.aspect.HttpRequest request = jp.request();
        List<String> evidence = new ArrayList<>(List.of("suppressed", Long.toString(left),
                "destination", destination, kafka, String.valueOf(a[0]), "client", String.valueOf(a[3]),
                "types", String.join(",", types), "levels", String.join(",", levels), "count", Integer.toString(count),
                "records", Integer.toString(level3), "example", example == null ? "" : example,
                "allowed", Boolean.toString(allowed), "endpoint", request == null || request.uri() == null ? "" : request.uri()));
        if (request != null) {
            sources(request, found, evidence); // lineage: the table columns the values sent were read from in this request
        }
        if (EGRESS_LIMIT.equals(rule)) {
            evidence.addAll(List.of("maxRecords", Integer.toString(p.maxRecords()), "type", worst == null ? "" : worst));
            return Finding.of(EGRESS_LIMIT, "an outbound " + (kafka.equals("topic") ? "Kafka record" : "HTTP body") + " to " + destination
                    + " holds " + level3 + " values of level 3 or above, more than " + p.maxRecords(), evidence.toArray(new String[0]));
        }
        if (rule == null) {
            evidence.addAll(List.of("reportOnly", "true"));
            return Finding.of(EGRESS, String.join(", ", types) + " sent to the allowed destination " + destination,
                    evidence.toArray(new String[0]));
        }
        return Finding.of(EGRESS, String.join(", ", types) + " sent to " + destination + ", which is not on the egress allow list",
                evidence.toArray(new String[0]));
    }

    /** Catalog types of JR/T 0197 level {@code min} or above. */
    private Set<String> typesFrom(int min) {
        Set<String> out = new LinkedHashSet<>();
        for (CatalogEntry e : catalog.entries().values()) {
            if (e.jrt0197() >= min) {
                out.add(e.type());
            }
        }
        return out;
    }

    /**
     * A designated export: each chunk asks the host to hold the body; the whole body (fourth argument
     * {@code "body"}) is marked for its recipient with the governance watermark (the numeric channel in decimal
     * columns and the invisible token in free-text cells) and recorded in the registry before it is sent.
     * Anything that prevents marking (no recipient, a body that is not a table) sends the body as written and says why.
     */
    private Finding export(secplane.aspect.HttpRequest request, ExportPolicy.Endpoint e, Object[] a) {
        String path = request.uri() == null ? "" : request.uri();
        String type = String.valueOf(a[1]).toLowerCase(java.util.Locale.ROOT);
        String recipient = recipient(request, e);
        String recipientSource = request.user() != null ? "principal" : recipient == null ? "none" : "header";
        if (a.length < 4 || !WHOLE_BODY.equals(a[3])) {
            return Finding.of(EXPORT_WATERMARK, "designated export " + path + " to " + (recipient == null ? "an unknown recipient" : recipient),
                    HOLD, "1", "endpoint", path, "recipient", recipient == null ? "" : recipient, "recipientFrom", recipientSource);
        }
        secplane.governance.watermark.ExportFormat format = type.contains("csv") ? secplane.governance.watermark.ExportFormat.CSV
                : type.contains("json") ? secplane.governance.watermark.ExportFormat.JSON : null;
        String why = null;
        if (recipient == null) {
            why = "no recipient: the request is not authenticated" + (e.recipientHeader() == null ? "" : " and has no " + e.recipientHeader() + " header");
        } else if (format == null) {
            why = "the content type " + a[1] + " is neither CSV nor JSON";
        } else if (registry == null) {
            why = "no exportRegistry configured";
        }
        if (why != null) {
            return Finding.of(EXPORT_WATERMARK, "designated export " + path + " sent unmarked: " + why,
                    NOT_MARKED, why, "endpoint", path, "recipient", recipient == null ? "" : recipient, "recipientFrom", recipientSource);
        }
        try {
            secplane.governance.watermark.ExportTable table = format.parse((String) a[0], path);
            java.time.Instant at = java.time.Instant.now();
            secplane.governance.watermark.Watermarker.Marked m = secplane.governance.watermark.Watermarker.mark(table, recipient, at, registry, e.identity());
            String marked = format.render(m.table());
            return Finding.of(EXPORT_WATERMARK, "export " + m.record().id() + " of " + path + " marked for " + recipient,
                    "export", m.record().id(), "recipient", recipient, "recipientFrom", recipientSource, "exportedAt", at.toString(),
                    "endpoint", path, "format", format.name().toLowerCase(java.util.Locale.ROOT), "rows", Integer.toString(m.record().rows()),
                    "numericColumns", String.join(",", m.record().numeric().keySet()), "textColumns", String.join(",", m.record().text()),
                    "changedValues", Long.toString(m.changedValues()), REWRITE, marked);
        } catch (RuntimeException ex) {
            String reason = "not marked: " + ex.getMessage();
            return Finding.of(EXPORT_WATERMARK, "designated export " + path + " sent unmarked: " + ex.getMessage(),
                    NOT_MARKED, reason, "endpoint", path, "recipient", recipient, "recipientFrom", recipientSource);
        }
    }

    /** The export's recipient: the authenticated user, else (anonymous request only) the rule's header. */
    static String recipient(secplane.aspect.HttpRequest request, ExportPolicy.Endpoint e) {
        String user = request.user();
        if (user != null) {
            return user;
        }
        if (e.recipientHeader() == null) {
            return null;
        }
        for (secplane.aspect.RequestInput in : request.inputs()) {
            if ("header".equals(in.source()) && e.recipientHeader().equals(in.name()) && !in.value().isBlank()) {
                return in.value().strip();
            }
        }
        return null;
    }

    /**
     * A value read through JDBC ({@code jdbc.result}: value, table, column, enforcing). Two jobs:
     *
     * <ul>
     *   <li><b>lineage</b>, on every read of a sampled request, and of every request while a rule of the aspect is
     *       in block mode ({@code enforcing}: its rewrites and refusals are reported for every request, with their
     *       sources): a value with enough digits to be one of the types (the cheap pre-check that turns away nearly
     *       every value) is classified, by the detectors or by the column's type learned earlier, and a sensitive one
     *       is remembered as a keyed fingerprint with its {@code table.column}. The sample is drawn per request, not
     *       per read, so a sampled request's values sent out are attributed whatever their reads' luck;</li>
     *   <li><b>observation</b>, in sampled requests (outside a request, on a sample of reads at the policy's rate):
     *       the value goes through the detectors with the column name as context, and the types found are reported
     *       for {@code table.column} (rule {@code data.jdbc-result}, at most one event a second per column, with a
     *       masked example).</li>
     * </ul>
     */
    private Finding result(JoinPoint jp, Object[] a) {
        if (a.length < 3 || !(a[0] instanceof String)) {
            return null;
        }
        String value = (String) a[0];
        Settings s = settings;
        secplane.aspect.HttpRequest request = jp.request();
        boolean sampled = sampled(request, s);
        boolean enforcing = a.length > 3 && Boolean.TRUE.equals(a[3]);
        boolean fingerprint = s.lineage() && request != null && (sampled || enforcing);
        if (!sampled && !fingerprint) {
            return null;
        }
        if (s.resultMinDigits() > 0 && !LogText.hasDigits(value, s.resultMinDigits())) {
            return null;
        }
        inspected.increment();
        String table = String.valueOf(a[1]);
        String column = String.valueOf(a[2]);
        String source = table.isEmpty() ? column : table + "." + column;
        if (fingerprint && !sampled && value.length() <= Lineage.MAX_CANONICAL && columnTypes.containsKey(source)) {
            // a column the detectors classified before: its value is fingerprinted whole, without detection
            lineage.remember(request, value, source);
            return null;
        }
        List<secplane.governance.detectors.Finding> found = resultEngine.detect(value, column);
        if (found.isEmpty()) {
            return null;
        }
        Set<String> types = new LinkedHashSet<>();
        int level = 0;
        for (secplane.governance.detectors.Finding f : found) {
            types.add(f.type());
            CatalogEntry e = catalog.entry(f.type());
            level = Math.max(level, e == null ? 0 : e.jrt0197());
            if (fingerprint) {
                lineage.remember(request, f.value(), source);
            }
        }
        if (columnTypes.size() > MAX_REPORT_KEYS) {
            columnTypes.clear();
        }
        columnTypes.putIfAbsent(source, Set.copyOf(types));
        if (!sampled) {
            return null;
        }
        long left = admit(JDBC_RESULT + " " + source);
        if (left < 0) {
            return null;
        }
        return Finding.of(JDBC_RESULT, String.join(", ", types) + " read from " + source,
                "suppressed", Long.toString(left), "types", String.join(",", types), "count", Integer.toString(found.size()),
                "example", mask(found.get(0).type(), found.get(0).value()), "table", table, "column", column,
                "dataLevel", Integer.toString(level));
    }

    /**
     * The {@code table.column} a value found leaving the service was read from in the same request, or null: the
     * lineage lookup of responses and log lines, for every other way out (outbound calls, messages) to make too.
     */
    public String sourceOf(secplane.aspect.HttpRequest request, String value) {
        return lineage.sourceOf(request, value);
    }

    /**
     * Adds the lineage of the findings to an event's evidence: {@code source}, the distinct {@code table.column}s
     * the values were read from, and {@code sources}, {@code TYPE=table.column} pairs for the data map's flows.
     */
    private void sources(secplane.aspect.HttpRequest request, List<secplane.governance.detectors.Finding> found, List<String> evidence) {
        if (request == null || found.isEmpty()) {
            return;
        }
        Set<String> columns = new LinkedHashSet<>();
        Set<String> pairs = new LinkedHashSet<>();
        for (secplane.governance.detectors.Finding f : found) {
            String src = lineage.sourceOf(request, f.value());
            if (src != null) {
                columns.add(src);
                pairs.add(f.type() + "=" + src);
            }
        }
        if (!columns.isEmpty()) {
            evidence.add("source");
            evidence.add(String.join(",", columns));
            evidence.add("sources");
            evidence.add(String.join(",", pairs));
        }
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

    /**
     * Whether the caller may see the rule's types in clear: an authenticated user by {@code isUserInRole}
     * alone (a header never overrides the principal), an anonymous caller by the role header if the policy
     * reads one.
     */
    static boolean privileged(secplane.aspect.HttpRequest request, ResponsePolicy p, ResponsePolicy.EndpointRule rule) {
        if (rule.unmaskedRoles().isEmpty()) {
            return false;
        }
        if (request.user() != null) {
            for (String r : rule.unmaskedRoles()) {
                if (request.isUserInRole(r)) {
                    return true;
                }
            }
            return false;
        }
        String role = headerRole(request, p);
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

    /**
     * The caller's role as reported in events: the first role of the policy the authenticated user holds
     * ({@code authenticated} when none), else the header's value, else null. The user's name is not reported.
     */
    static String role(secplane.aspect.HttpRequest request, ResponsePolicy p) {
        if (request.user() != null) {
            for (String r : p.roles()) {
                if (request.isUserInRole(r)) {
                    return r;
                }
            }
            return "authenticated";
        }
        return headerRole(request, p);
    }

    private static String headerRole(secplane.aspect.HttpRequest request, ResponsePolicy p) {
        if (!p.headerRoles() || p.roleHeader() == null) {
            return null;
        }
        for (secplane.aspect.RequestInput in : request.inputs()) {
            if ("header".equals(in.source()) && p.roleHeader().equals(in.name())) {
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
        List<secplane.governance.detectors.Finding> kept = new ArrayList<>(found.size());
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
            kept.add(f);
            count++;
        }
        if (out == null) {
            return null;
        }
        out.append(text, last, text.length());
        return new Masked(out.toString(), List.copyOf(seen), count, example, kept);
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

    /** A masked text: the types found, how many values, the first masked value as the example, and the findings masked. */
    record Masked(String text, List<String> types, int count, String example, List<secplane.governance.detectors.Finding> found) {
    }
}
