package secplane.bench.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import secplane.protocol.json.Json;
import secplane.report.ComplianceReport;
import secplane.report.Gatherer;
import secplane.report.PlaneClient;
import secplane.report.Text;
import secplane.report.clause.Clauses;
import secplane.report.html.HtmlReport;
import secplane.report.pdf.PdfReport;
import secplane.server.ControlPlane;
import secplane.server.ServerConfig;

/**
 * The compliance report's cost on a filled control plane (in process, H2 file database, real HTTP on 127.0.0.1):
 * SERVICES services with AGENTS agents each, every agent ACKing its policy, BLOCKS block events over four rules,
 * and data events making FINDINGS findings. Per run: gathering (every API query the report makes, with parsing
 * and computing), the same queries replayed as raw GETs whose bodies are only read (the baseline: what the API
 * itself costs), rendering the HTML and rendering the PDF. Median of RUNS runs after one warm-up.
 *
 * <pre>java -cp bench.jar secplane.bench.report.ReportBench [--services 50] [--agents 10] [--blocks 20000] [--findings 200] [--runs 5] [--dir DIR]</pre>
 */
public final class ReportBench {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ReportBench() {
    }

    public static void main(String[] args) throws Exception {
        int services = 50;
        int agents = 10;
        int blocks = 20_000;
        int findings = 200;
        int runs = 5;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--services" -> services = Integer.parseInt(args[++i]);
                case "--agents" -> agents = Integer.parseInt(args[++i]);
                case "--blocks" -> blocks = Integer.parseInt(args[++i]);
                case "--findings" -> findings = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --services N, --agents N, --blocks N, --findings N, --runs N or --dir DIR");
            }
        }
        if (dir == null) {
            dir = Files.createTempDirectory("report-bench");
        }
        try (ControlPlane plane = ControlPlane.start(ServerConfig.defaults(dir.resolve("plane")).withPort(0))) {
            String base = "http://127.0.0.1:" + plane.port();
            String admin = plane.bootstrapToken().orElseThrow();
            long t0 = System.nanoTime();
            List<String[]> agentList = new ArrayList<>();
            String viewer = fill(base, admin, services, agents, blocks, findings, agentList);
            System.out.printf(Locale.ROOT, "filled: %d services x %d agents, %d block events, %d data findings in %.1f s%n", services, agents, blocks, findings,
                    (System.nanoTime() - t0) / 1e9);
            List<double[]> samples = new ArrayList<>();
            ComplianceReport last = null;
            int pages = 0;
            long pdfBytes = 0;
            long htmlBytes = 0;
            for (int r = 0; r <= runs; r++) {
                // live agents, as running ones are (a plane calls an agent stale after 3 heartbeat intervals without contact); not timed
                for (String[] agent : agentList) {
                    post(base, "/v1/agents/" + agent[0] + "/heartbeat", agent[1], Map.of("appliedVersion", 1, "eventsDropped", 0, "aspects", List.of()));
                }
                PlaneClient client = new PlaneClient(base, viewer);
                long a = System.nanoTime();
                ComplianceReport report = new Gatherer(client, Clauses.builtin(), Instant.now().minus(Duration.ofDays(30)), Instant.now(), s -> { }).gather(List.of());
                long b = System.nanoTime();
                for (String q : client.queries()) {
                    raw(base + q, viewer);
                }
                long c = System.nanoTime();
                String html = HtmlReport.render(report, Text.Lang.EN);
                long d = System.nanoTime();
                PdfReport.Written pdf = PdfReport.render(report, Text.Lang.EN, null);
                long e = System.nanoTime();
                if (r > 0) {
                    samples.add(new double[] {(b - a) / 1e6, (c - b) / 1e6, (d - c) / 1e6, (e - d) / 1e6, client.queries().size()});
                }
                last = report;
                htmlBytes = html.getBytes(StandardCharsets.UTF_8).length;
                pdfBytes = pdf.pdf().length;
                try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf.pdf())) {
                    pages = doc.getNumberOfPages();
                }
            }
            System.out.printf(Locale.ROOT, "report: services covered %s, blocks %s, open findings %s; %d queries; HTML %d KiB, PDF %d KiB, %d pages%n",
                    last.figure("services-covered").orElseThrow().value(), last.figure("blocks").orElseThrow().value(),
                    last.figure("findings-open").orElseThrow().value(), (int) samples.get(0)[4], htmlBytes / 1024, pdfBytes / 1024, pages);
            String[] names = {"gather (API queries, parse, compute)", "baseline: the same queries, raw GET", "render HTML", "render PDF (PDFBox)"};
            for (int i = 0; i < names.length; i++) {
                double[] v = new double[samples.size()];
                for (int s = 0; s < v.length; s++) {
                    v[s] = samples.get(s)[i];
                }
                java.util.Arrays.sort(v);
                System.out.printf(Locale.ROOT, "%-40s median %8.1f ms   min %8.1f   max %8.1f   (%d runs)%n", names[i], v[v.length / 2], v[0], v[v.length - 1], v.length);
            }
        }
    }

    private static void raw(String url, String token) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200 && r.statusCode() != 404) {
            throw new IllegalStateException(url + " answered " + r.statusCode());
        }
    }

    @SuppressWarnings("unchecked")
    private static String fill(String base, String admin, int services, int agents, int blocks, int findings, List<String[]> all) throws Exception {
        String viewer = (String) post(base, "/v1/tokens", admin, Map.of("kind", "operator", "role", "viewer", "name", "bench")).get("token");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String[] rules = {"jndi.remote-lookup", "deserialize.gadget", "process.never", "spring.classloader-binding"};
        for (int s = 0; s < services; s++) {
            String service = "svc-" + s;
            String enrol = (String) post(base, "/v1/tokens", admin, Map.of("kind", "enrol", "service", service)).get("token");
            post(base, "/v1/policies", admin, Map.of("service", service, "policy",
                    Map.of("version", "p1", "aspects", Map.of("jndi", Map.of("rules", Map.of("jndi.remote-lookup", "block"))))));
            for (int a = 0; a < agents; a++) {
                Map<String, Object> e = post(base, "/v1/agents/enroll", enrol, Map.of("service", service, "instanceId", service + "-" + a, "host", "h", "pid", a,
                        "jvm", "17.0.15", "agentVersion", "0.1.0", "labels", Map.of()));
                String[] agent = {(String) e.get("agentId"), (String) e.get("agentToken")};
                post(base, "/v1/agents/" + agent[0] + "/ack", agent[1], Map.of("version", 1, "status", "ACK"));
                all.add(agent);
            }
        }
        int batch = 1000;
        for (int i = 0, n = 0; i < blocks; i += batch, n++) {
            StringBuilder b = new StringBuilder();
            for (int j = i; j < Math.min(blocks, i + batch); j++) {
                b.append(Json.write(Map.of("id", "ev-b-" + j, "time", now.minusSeconds(1 + j % 86_400).toString(), "type", "verdict", "joinPoint", "jndi.lookup",
                        "aspect", "jndi", "rule", rules[j % rules.length], "verdict", "block", "message", "bench"))).append('\n');
            }
            String[] agent = all.get(n % all.size());
            events(base, agent, "bb-" + n, b.toString());
        }
        StringBuilder d = new StringBuilder();
        for (int f = 0; f < findings; f++) {
            Map<String, Object> e = new LinkedHashMap<>(Map.of("id", "ev-d-" + f, "time", now.minusSeconds(3600 + f).toString(), "type", "verdict",
                    "joinPoint", "http.response", "aspect", "data", "rule", "data.response-mask", "verdict", "observe"));
            e.put("evidence", Map.of("suppressed", "0", "types", "CN_MOBILE", "count", "1", "example", "138****5678", "endpoint", "/e" + f + "/x", "role", ""));
            e.put("request", Map.of("method", "GET", "uri", "/e" + f + "/x", "clientAddress", "10.0.0.1"));
            d.append(Json.write(e)).append('\n');
        }
        events(base, all.get(0), "bd-1", d.toString());
        return viewer;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> post(String base, String path, String token, Object body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + " " + r.body());
        }
        return (Map<String, Object>) Json.parse(r.body());
    }

    private static void events(String base, String[] agent, String batch, String ndjson) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(ndjson.getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/agents/" + agent[0] + "/events")).header("Authorization", "Bearer " + agent[1])
                .header("Content-Type", "application/x-ndjson").header("Content-Encoding", "gzip").header("Idempotency-Key", batch)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("events answered " + r.statusCode() + " " + r.body());
        }
    }
}
