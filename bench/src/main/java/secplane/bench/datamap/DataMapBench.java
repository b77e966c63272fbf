package secplane.bench.datamap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import secplane.protocol.json.Json;
import secplane.server.data.DataMap;
import secplane.server.store.JdbcStore;

/**
 * The data map's cost with many stored events, on the server's real schema (H2 file database, Flyway
 * migrations): ingesting batches of 500 data events with and without folding them into the map (the
 * same INSERT into {@code events} both ways, alternating in one run), then reading the whole map from
 * its aggregates against the baseline of aggregating at query time (reading and parsing every stored data
 * event, the least such a query has to do because the data fields are inside the event's JSON body).
 *
 * <pre>java -cp bench.jar secplane.bench.datamap.DataMapBench [--events 1000000] [--dir /tmp/x]</pre>
 */
public final class DataMapBench {
    private static final int BATCH = 500;
    private static final String[] TYPES = {"CN_RESIDENT_ID", "CN_MOBILE", "CN_BANK_CARD", "EMAIL"};

    private DataMapBench() {
    }

    public static void main(String[] args) throws Exception {
        int events = 1_000_000;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; expected --events N or --dir DIR");
            }
        }
        if (dir == null) {
            dir = Files.createTempDirectory("datamap-bench");
        }
        SplittableRandom random = new SplittableRandom(42);
        long start = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
        long withMap = 0;
        long withoutMap = 0;
        int batchesEach = 0;
        try (JdbcStore store = JdbcStore.open("jdbc:h2:file:" + dir.resolve("bench").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "")) {
            for (int b = 0; b * BATCH < events; b++) {
                List<Map.Entry<Long, String>> batch = new ArrayList<>(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    long at = start + (long) (b * BATCH + i) * (30L * 86_400_000L / events);
                    batch.add(Map.entry(at, event("ev-" + b + "-" + i, at, random)));
                }
                boolean fold = b % 2 == 0;
                long t0 = System.nanoTime();
                store.transaction(c -> {
                    insert(c, batch);
                    if (fold) {
                        DataMap.ingest(c, "svc", batch);
                    }
                    return null;
                });
                long took = System.nanoTime() - t0;
                if (b >= 20) { // the first batches warm up the JIT and the database
                    if (fold) {
                        withMap += took;
                        batchesEach++;
                    } else {
                        withoutMap += took;
                    }
                }
            }
            System.out.printf("stored events: %,d in batches of %d (H2 file database, %s)%n", events, BATCH, dir);
            System.out.printf("ingest per batch: with the map fold %.2f ms, without %.2f ms, ratio %.3f (%d batches each)%n",
                    withMap / 1e6 / batchesEach, withoutMap / 1e6 / batchesEach, (double) withMap / withoutMap, batchesEach);
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                int rows = store.transaction(c -> count(c, "SELECT service, kind, name, data_type, day_utc, lvl, reports, suppressed, vals, first_seen, last_seen "
                        + "FROM data_assets ORDER BY service, kind, name, data_type, day_utc", false));
                long map = System.nanoTime() - t0;
                t0 = System.nanoTime();
                int parsed = store.transaction(c -> count(c, "SELECT at, body FROM events WHERE aspect = 'data'", true));
                long scan = System.nanoTime() - t0;
                System.out.printf("round %d: whole map from the aggregates %.1f ms (%,d rows); reading and parsing the stored data events %.1f ms (%,d events); ratio %.0f%n",
                        round + 1, map / 1e6, rows, scan / 1e6, parsed, (double) scan / map);
            }
        }
    }

    private static int count(Connection c, String sql, boolean parse) throws java.sql.SQLException {
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (parse) {
                    Json.parse(rs.getString(2));
                } else {
                    rs.getString(3);
                }
                n++;
            }
        }
        return n;
    }

    private static void insert(Connection c, List<Map.Entry<Long, String>> batch) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (id, batch_id, agent_id, service, instance_id, at, type, join_point, aspect, rule_id, "
                + "verdict, body, received_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (Map.Entry<Long, String> e : batch) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) Json.parse(e.getValue());
                ps.setString(1, (String) m.get("id"));
                ps.setString(2, "b");
                ps.setString(3, "ag-1");
                ps.setString(4, "svc");
                ps.setString(5, "i-1");
                ps.setLong(6, e.getKey());
                ps.setString(7, "verdict");
                ps.setString(8, (String) m.get("joinPoint"));
                ps.setString(9, "data");
                ps.setString(10, (String) m.get("rule"));
                ps.setString(11, "observe");
                ps.setString(12, e.getValue());
                ps.setLong(13, e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** A data event as the agent writes it: 200 endpoints and 40 loggers, two types each. */
    private static String event(String id, long at, SplittableRandom random) {
        boolean log = random.nextInt(4) == 0;
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id);
        e.put("time", Instant.ofEpochMilli(at).toString());
        e.put("type", "verdict");
        e.put("joinPoint", log ? "log.message" : "http.response");
        e.put("aspect", "data");
        e.put("rule", log ? "data.log-baseline" : "data.response-mask");
        e.put("verdict", "observe");
        String types = TYPES[random.nextInt(4)] + "," + TYPES[random.nextInt(4)];
        if (log) {
            e.put("evidence", Map.of("suppressed", Integer.toString(random.nextInt(10)), "types", types, "count", "2", "example", "138****5678",
                    "level", "INFO", "logger", "com.example.Service" + random.nextInt(40), "library", "log4j2"));
        } else {
            String path = "/api/r" + random.nextInt(200) + "/" + random.nextInt(100_000);
            e.put("evidence", Map.of("suppressed", Integer.toString(random.nextInt(10)), "types", types, "count", "2", "example", "110***********4477",
                    "endpoint", path, "role", "clerk"));
            e.put("request", Map.of("method", "GET", "uri", path, "clientAddress", "10.0.0." + random.nextInt(250)));
        }
        return Json.write(e);
    }
}
