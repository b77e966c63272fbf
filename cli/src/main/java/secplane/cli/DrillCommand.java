package secplane.cli;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import secplane.drill.corpus.Benign;
import secplane.drill.corpus.Categories;
import secplane.drill.corpus.Corpus;
import secplane.drill.corpus.CorpusLoader;
import secplane.drill.discovery.Crawler;
import secplane.drill.discovery.Endpoint;
import secplane.drill.discovery.EndpointList;
import secplane.drill.discovery.OpenApi;
import secplane.drill.run.Attempt;
import secplane.drill.run.DrillRunner;
import secplane.drill.run.Marker;
import secplane.drill.run.Planner;
import secplane.drill.run.RateLimiter;
import secplane.drill.run.TargetScope;
import secplane.drill.score.Correlator;
import secplane.drill.score.EventSource;
import secplane.drill.score.FileEvents;
import secplane.drill.score.HtmlReport;
import secplane.drill.score.PlaneEvents;
import secplane.protocol.json.Json;

/** {@code secplane drill}: attacks a target with the corpus and scores what the plane saw (docs/drills.md). */
@Command(name = "drill", mixinStandardHelpOptions = true,
        description = {"Run a red-blue drill: send the attack corpus to a target you own and score what the plane detected and blocked.",
                "Without --server the outcome comes from --events FILE, else from HTTP status alone (403 = blocked)."},
        subcommands = {DrillCommand.Register.class, DrillCommand.Targets.class, DrillCommand.Runs.class, DrillCommand.Schedule.class})
final class DrillCommand implements Callable<Integer> {
    @Option(names = "--target", paramLabel = "<url>", description = "base URL of the service to attack, e.g. http://127.0.0.1:8080")
    String target;
    @Option(names = "--suite", split = ",", paramLabel = "<category>", description = "categories to send (default: all): ${COMPLETION-CANDIDATES}",
            completionCandidates = SuiteCandidates.class)
    List<String> suite;
    @Option(names = "--openapi", paramLabel = "<file|url>", description = "an OpenAPI 3 JSON document describing the target")
    String openapi;
    @Option(names = "--endpoints", paramLabel = "<file>", description = "a list of endpoints, one a line: 'GET /path?param', 'POST /path form:a,b', 'POST /path xml'")
    Path endpoints;
    @Option(names = "--crawl", description = "find endpoints by following same-origin links and forms from /")
    boolean crawl;
    @Option(names = "--max-pages", defaultValue = "50", description = "pages to crawl at most (default: ${DEFAULT-VALUE})")
    int maxPages;
    @Option(names = "--benign", description = "also send the benign corpus to the same endpoints and count false alarms")
    boolean benign;
    @Option(names = "--rate", defaultValue = "" + RateLimiter.DEFAULT, description = "requests a second, 1 to " + RateLimiter.MAX + " (default: ${DEFAULT-VALUE})")
    int rate;
    @Option(names = "--json", paramLabel = "<file>", description = "write the result (format secplane-drill/1)")
    Path json;
    @Option(names = "--html", paramLabel = "<file>", description = "write a self-contained HTML report")
    Path html;
    @Option(names = "--server", paramLabel = "<url>", description = "control plane: the target must be registered there; events and result go through it")
    String server;
    @Option(names = "--token", paramLabel = "<token>", description = "operator token (default: $SECPLANE_TOKEN)")
    String token;
    @Option(names = "--events", paramLabel = "<file>", description = "without --server: the agent's events.jsonl to correlate with")
    Path events;
    @Option(names = "--service", paramLabel = "<name>", description = "the service's name in the report (with --server: the registered one)")
    String service;
    @Option(names = "--i-own-this-target", description = "allow a target outside loopback and private networks")
    boolean ownsTarget;
    @Option(names = "--callback-port", defaultValue = "9", description = "port in the out-of-band payloads (JNDI, SSRF, XXE) on 127.0.0.1 (default: ${DEFAULT-VALUE})")
    int callbackPort;
    @Option(names = "--settle", defaultValue = "20", description = "seconds to wait for the last events to arrive (default: ${DEFAULT-VALUE})")
    int settle;
    @Option(names = "--timeout", defaultValue = "30", description = "seconds per request (default: ${DEFAULT-VALUE})")
    int timeout;
    @Option(names = "--corpus", paramLabel = "<dir>", description = "a corpus directory of one's own (<category>.json files) instead of the built-in one")
    Path corpusDir;

    static final class SuiteCandidates extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        SuiteCandidates() {
            super(Categories.ALL);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (target == null) {
            System.err.println("secplane: --target <url> is required: the base URL of a service you own, e.g. http://127.0.0.1:8080");
            return ApiClient.USAGE;
        }
        RateLimiter.check(rate);
        URI base = TargetScope.check(target, ownsTarget);
        Corpus corpus = (corpusDir == null ? CorpusLoader.builtIn() : CorpusLoader.directory(corpusDir))
                .suite(suite == null || suite.isEmpty() ? Categories.ALL : suite);
        if (openapi == null && endpoints == null && !crawl) {
            System.err.println("secplane: say where the endpoints come from: --openapi <file|url>, --endpoints <file> or --crawl");
            return ApiClient.USAGE;
        }

        // With a control plane the run is registered first: an unregistered target gets nothing, not even a crawl.
        ApiClient api = server == null ? null : new ApiClient(server, token);
        Marker marker;
        String serviceName = service;
        if (api != null) {
            Map<String, Object> run;
            try {
                run = cast(api.post("/v1/drills/runs", Map.of("target", target, "suite", new ArrayList<>(corpus.byCategory().keySet()))));
            } catch (ApiClient.ApiException e) {
                System.err.println("secplane: " + e.getMessage());
                return e.exitCode();
            }
            marker = Marker.parse(String.valueOf(run.get("marker")));
            serviceName = String.valueOf(run.get("service"));
        } else {
            marker = Marker.local();
        }

        RateLimiter limiter = new RateLimiter(rate, RateLimiter.Clock.SYSTEM);
        DrillRunner runner = new DrillRunner(base, marker, limiter, Duration.ofSeconds(timeout));
        List<Endpoint> found = discover(base, runner);
        System.err.println("drill " + marker.runId() + ": " + found.size() + " endpoints of " + base);

        Planner planner = new Planner(marker.runId(), callbackPort, Benign.builtIn());
        List<Attempt> attacks = planner.attacks(corpus, found);
        List<Attempt> benignAttempts = benign ? planner.benign(found) : List.of();
        int total = attacks.size() + benignAttempts.size();
        Instant started = Instant.now();
        Progress progress = new Progress("drill", total);
        int every = Math.max(1, total / 40);
        DrillRunner.Listener listener = (done, all, sent) -> {
            if (done % every == 0) {
                progress.set(done, sent.attempt().caseId());
            }
        };
        List<DrillRunner.Sent> attackSent = runner.run(attacks, listener);
        int offset = attackSent.size();
        List<DrillRunner.Sent> benignSent = runner.run(benignAttempts, (done, all, sent) -> listener.sent(offset + done, total, sent));
        progress.done();
        Instant finished = Instant.now();

        EventSource source = api != null ? new PlaneEvents(api.base(), tokenOrEnv(), Duration.ofSeconds(settle))
                : events != null ? new FileEvents(events, Duration.ofSeconds(settle)) : null;
        List<Map<String, Object>> seen = null;
        if (source != null) {
            Set<String> expected = new HashSet<>();
            attackSent.forEach(s -> add(expected, s));
            benignSent.forEach(s -> add(expected, s));
            seen = source.events(marker.runId(), expected);
        }
        Correlator.Run run = new Correlator.Run(marker, base.toString(), serviceName == null ? "" : serviceName,
                new ArrayList<>(corpus.byCategory().keySet()), benign, started, finished, rate);
        Map<String, Object> result = Correlator.result(run, corpus, attackSent, benignSent, seen, source == null ? null : source.describe());

        print(result);
        if (json != null) {
            Files.writeString(json, String.join("\n", PrettyJson.lines(result)) + "\n", StandardCharsets.UTF_8);
            System.out.println("result: " + json);
        }
        if (html != null) {
            Files.writeString(html, HtmlReport.render(result), StandardCharsets.UTF_8);
            System.out.println("report: " + html);
        }
        if (api != null) {
            try {
                api.put("/v1/drills/runs/" + marker.runId() + "/result", result);
                System.out.println("stored on the control plane as drill run " + marker.runId());
            } catch (ApiClient.ApiException e) {
                System.err.println("secplane: the result could not be stored: " + e.getMessage());
                return e.exitCode();
            }
        }
        return ApiClient.OK;
    }

    private String tokenOrEnv() {
        return token == null || token.isBlank() ? System.getenv("SECPLANE_TOKEN") : token;
    }

    private static void add(Set<String> expected, DrillRunner.Sent s) {
        if (s.blockEventId() != null) {
            expected.add(s.blockEventId());
        }
    }

    private List<Endpoint> discover(URI base, DrillRunner runner) throws Exception {
        List<Endpoint> out = new ArrayList<>();
        if (openapi != null) {
            String text = openapi.startsWith("http://") || openapi.startsWith("https://")
                    ? runner.document(URI.create(openapi)) : Files.readString(Path.of(openapi), StandardCharsets.UTF_8);
            out.addAll(OpenApi.parse(text, openapi));
        }
        if (endpoints != null) {
            out.addAll(EndpointList.parse(Files.readString(endpoints, StandardCharsets.UTF_8), endpoints.toString()));
        }
        if (crawl) {
            out.addAll(Crawler.crawl(base, runner::html, maxPages));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no endpoint found at " + base + "; give them with --openapi or --endpoints");
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void print(Map<String, Object> result) {
        Table t = new Table("CATEGORY", "CASES", "DETECTED", "BLOCKED", "MISSED", "ERRORS", "DETECTED %", "BLOCKED %", "BENIGN", "FALSE ALARMS");
        for (Map<String, Object> c : (List<Map<String, Object>>) result.get("categories")) {
            t.row(c.get("category"), c.get("cases"), c.get("detected"), c.get("blocked"), c.get("missed"), c.get("errors"),
                    c.get("detectedPct"), c.get("blockedPct"), c.get("benignRequests"), c.get("falseAlarms"));
        }
        System.out.print(t);
        Map<String, Object> drill = (Map<String, Object>) result.get("drill");
        System.out.println("drill " + drill.get("id") + ": " + drill.get("requests") + " requests; events: " + drill.get("events"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    @Command(name = "register", mixinStandardHelpOptions = true, description = "Register a drill target (admin).")
    static final class Register extends RemoteCommand {
        @Option(names = "--url", required = true, paramLabel = "<url>")
        String url;
        @Option(names = "--service", required = true, paramLabel = "<name>")
        String service;

        @Override
        int run(ApiClient api) throws Exception {
            Map<String, Object> t = cast(api.post("/v1/drills/targets", Map.of("url", url, "service", service)));
            System.out.println("registered drill target " + t.get("url") + " (service " + t.get("service") + ")");
            return ApiClient.OK;
        }
    }

    @Command(name = "targets", mixinStandardHelpOptions = true, description = "List the registered drill targets.")
    static final class Targets extends RemoteCommand {
        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
            Table t = new Table("URL", "SERVICE", "REGISTERED", "BY");
            for (Map<String, Object> m : (List<Map<String, Object>>) cast(api.get("/v1/drills/targets")).get("targets")) {
                t.row(m.get("url"), m.get("service"), m.get("createdAt"), m.get("createdBy"));
            }
            System.out.print(t);
            return ApiClient.OK;
        }
    }

    @Command(name = "schedule", mixinStandardHelpOptions = true, description = "Have the control plane drill a registered target every N minutes.")
    static final class Schedule extends RemoteCommand {
        @Option(names = "--target", required = true, paramLabel = "<url>")
        String target;
        @Option(names = "--endpoints", required = true, paramLabel = "<file>", description = "the endpoint list (as for 'secplane drill --endpoints')")
        Path endpoints;
        @Option(names = "--every", required = true, paramLabel = "<minutes>")
        int every;
        @Option(names = "--suite", split = ",", paramLabel = "<category>")
        List<String> suite;
        @Option(names = "--rate", defaultValue = "" + RateLimiter.DEFAULT)
        int rate;
        @Option(names = "--benign")
        boolean benign;

        @Override
        int run(ApiClient api) throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("target", target);
            body.put("suite", suite == null ? List.of() : suite);
            body.put("everyMinutes", every);
            body.put("endpoints", Files.readString(endpoints, StandardCharsets.UTF_8));
            body.put("rate", rate);
            body.put("benign", benign);
            Map<String, Object> s = cast(api.post("/v1/drills/schedules", body));
            System.out.println("drill schedule " + s.get("id") + ": " + s.get("target") + " every " + s.get("everyMinutes") + " min, first run at "
                    + s.get("nextRunAt"));
            return ApiClient.OK;
        }
    }

    @Command(name = "runs", mixinStandardHelpOptions = true, description = "List drill runs and their blocked %% per category (trends).")
    static final class Runs extends RemoteCommand {
        @Option(names = "--target", paramLabel = "<url>")
        String target;

        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("target", target);
            Table t = new Table("RUN", "TARGET", "STARTED", "FINISHED", "BLOCKED % BY CATEGORY");
            for (Map<String, Object> r : (List<Map<String, Object>>) cast(api.get("/v1/drills/runs", q)).get("runs")) {
                StringBuilder sb = new StringBuilder();
                for (Map<String, Object> c : (List<Map<String, Object>>) r.getOrDefault("categories", List.of())) {
                    sb.append(sb.length() == 0 ? "" : " ").append(c.get("category")).append('=').append(c.get("blockedPct"));
                }
                t.row(r.get("id"), r.get("target"), r.get("createdAt"), r.get("finishedAt"), sb);
            }
            System.out.print(t);
            return ApiClient.OK;
        }
    }
}
