package secplane.server.data;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import secplane.governance.catalog.Catalog;
import secplane.governance.catalog.CatalogEntry;
import secplane.protocol.json.Json;
import secplane.protocol.json.JsonException;

/**
 * Folds the data aspect's events (docs/data-governance.md) into the data map as they are ingested, in the
 * batch's own transaction: a batch that rolls back leaves the map unchanged, a repeated batch or event is
 * never counted twice (only newly stored events reach here).
 *
 * <p>Aggregating on ingest keeps reading the map proportional to the number of assets × days rather than
 * to the stored events (10^6 events of one endpoint are one row a day), and the map outlives the events'
 * retention. The cost on ingest is one UPDATE (or INSERT) per distinct asset, type and day of a batch.
 */
public final class DataMap {
    static final String ENDPOINT = "endpoint";
    static final String LOGGER = "logger";
    /** A host:port or kafka:&lt;topic&gt; outside the service that receives personal data (rules data.egress, data.egress-limit). */
    static final String DESTINATION = "destination";
    static final String COLUMN = "column";
    private static final Catalog CATALOG = Catalog.builtin();
    /** Path segments that identify one record rather than a route: numbers, UUIDs, long hex or base64url tokens. */
    private static final Pattern ID_SEGMENT = Pattern.compile(
            "\\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{16,}|(?=[A-Za-z_-]*\\d)[A-Za-z0-9_-]{20,}");

    private DataMap() {
    }

    /** One asset, type and day (or source and consumer), in the order of its table's key columns, with what this batch adds to it. */
    private record Key(List<String> parts) {
        static Key of(String... parts) {
            return new Key(List.of(parts));
        }
    }

    private static final class Sum {
        int level;
        long reports;
        long suppressed;
        long values;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;

        void add(long at, long skipped, long count) {
            reports++;
            suppressed += skipped;
            values += count;
            first = Math.min(first, at);
            last = Math.max(last, at);
        }
    }

    /**
     * @param bodies the newly stored events of one batch, as the agent sent them, with their times
     */
    public static void ingest(Connection c, String service, List<Map.Entry<Long, String>> bodies) throws SQLException {
        Map<Key, Sum> assets = new LinkedHashMap<>();
        Map<Key, Sum> flows = new LinkedHashMap<>();
        Map<Key, Sum> violations = new LinkedHashMap<>();
        List<Findings.Seen> seen = new ArrayList<>();
        for (Map.Entry<Long, String> e : bodies) {
            Observation o = observation(e.getValue());
            if (o == null) {
                continue;
            }
            seen.add(new Findings.Seen(e.getKey(), o));
            String day = Instant.ofEpochMilli(e.getKey()).atZone(ZoneOffset.UTC).toLocalDate().toString();
            if (o.violation()) {
                violations.computeIfAbsent(Key.of(service, o.rule(), day), k -> new Sum()).add(e.getKey(), o.suppressed(), o.count());
            }
            for (String type : o.types()) {
                CatalogEntry entry = CATALOG.entry(type);
                Sum a = assets.computeIfAbsent(Key.of(service, o.kind(), o.name(), type, day), k -> new Sum());
                a.level = entry == null ? 0 : entry.jrt0197();
                a.add(e.getKey(), o.suppressed(), o.count());
                if (o.consumer() != null) {
                    // a column is where data rests, not a way out: it is the source of flows, not one itself
                    flows.computeIfAbsent(Key.of(service, o.kind(), o.name(), type, o.sources().getOrDefault(type, ""), o.consumer()), k -> new Sum())
                            .add(e.getKey(), o.suppressed(), o.count());
                }
            }
        }
        if (!assets.isEmpty()) {
            upsert(c, "data_assets", List.of("service", "kind", "name", "data_type", "day_utc"), assets, true);
            if (!flows.isEmpty()) {
                upsert(c, "data_flows", List.of("service", "kind", "name", "data_type", "source", "consumer"), flows, false);
            }
            upsert(c, "data_violations", List.of("service", "rule_id", "day_utc"), violations, false);
        }
        Findings.fold(c, service, seen);
    }

    /**
     * Plain UPDATE, then INSERT where no row was updated: the same SQL on H2 and PostgreSQL. Two replicas
     * inserting the same new key at once make one batch fail on the primary key; the agent sends that batch
     * again (it is kept until a 2xx) and the second try updates.
     */
    private static void upsert(Connection c, String table, List<String> keyColumns, Map<Key, Sum> sums, boolean level) throws SQLException {
        List<Map.Entry<Key, Sum>> rows = List.copyOf(sums.entrySet());
        String where = String.join(" = ? AND ", keyColumns) + " = ?";
        String marks = ",?".repeat(keyColumns.size());
        int[] updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET reports = reports + ?, suppressed = suppressed + ?, vals = vals + ?, "
                + "first_seen = LEAST(first_seen, ?), last_seen = GREATEST(last_seen, ?)" + (level ? ", lvl = ?" : "")
                + " WHERE " + where)) {
            for (Map.Entry<Key, Sum> r : rows) {
                Key k = r.getKey();
                Sum s = r.getValue();
                int i = 1;
                ps.setLong(i++, s.reports);
                ps.setLong(i++, s.suppressed);
                ps.setLong(i++, s.values);
                ps.setLong(i++, s.first);
                ps.setLong(i++, s.last);
                if (level) {
                    ps.setInt(i++, s.level);
                }
                bindKey(ps, i, k, keyColumns.size());
                ps.addBatch();
            }
            updated = ps.executeBatch();
        }
        boolean any = false;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (reports, suppressed, vals, first_seen, last_seen, "
                + String.join(", ", keyColumns) + (level ? ", lvl" : "") + ") VALUES (?,?,?,?,?" + marks + (level ? ",?" : "") + ")")) {
            for (int r = 0; r < rows.size(); r++) {
                if (updated[r] > 0) {
                    continue;
                }
                Key k = rows.get(r).getKey();
                Sum s = rows.get(r).getValue();
                ps.setLong(1, s.reports);
                ps.setLong(2, s.suppressed);
                ps.setLong(3, s.values);
                ps.setLong(4, s.first);
                ps.setLong(5, s.last);
                int i = bindKey(ps, 6, k, keyColumns.size());
                if (level) {
                    ps.setInt(i, s.level);
                }
                ps.addBatch();
                any = true;
            }
            if (any) {
                ps.executeBatch();
            }
        }
    }

    /** Binds the key's {@code n} parts (service, then kind or rule, ...) from {@code at}; returns the next index. */
    private static int bindKey(PreparedStatement ps, int at, Key k, int n) throws SQLException {
        for (String p : k.parts().subList(0, n)) {
            ps.setString(at++, p);
        }
        return at;
    }

    /**
     * What one data event says: the asset, the types, the values it counted, who received them (null for a
     * column, which is read, not sent), the verdict, whether it is a violation (not an inventory record such as a
     * send to an allow-listed destination or a column read) and, per type, the {@code table.column} the values
     * were read from.
     */
    record Observation(String rule, String kind, String name, List<String> types, long count, long suppressed, String consumer, String verdict,
                       boolean violation, Map<String, String> sources) {
        Observation(String rule, String kind, String name, List<String> types, long count, long suppressed, String consumer, String verdict) {
            this(rule, kind, name, types, count, suppressed, consumer, verdict, true, Map.of());
        }
    }

    /** @return null for every event that is not an observation of the data aspect */
    @SuppressWarnings("unchecked")
    static Observation observation(String body) {
        Map<String, Object> e;
        try {
            e = (Map<String, Object>) Json.parse(body);
        } catch (JsonException | ClassCastException x) {
            return null;
        }
        if (!"verdict".equals(e.get("type")) || !(e.get("rule") instanceof String rule) || !rule.startsWith("data.")
                || !(e.get("evidence") instanceof Map<?, ?> ev)) {
            return null;
        }
        Map<String, Object> request = e.get("request") instanceof Map<?, ?> r ? (Map<String, Object>) r : Map.of();
        String verdict = str(e.get("verdict"));
        switch (rule) {
            case "data.log-baseline" -> {
                String logger = str(ev.get("logger"));
                if (logger.isEmpty()) {
                    return null;
                }
                String library = str(ev.get("library"));
                return new Observation(rule, LOGGER, cut(logger), types(ev.get("types")), num(ev.get("count")), num(ev.get("suppressed")),
                        "log output" + (library.isEmpty() ? "" : " (" + library + ")"), verdict, true, sources(ev.get("sources")));
            }
            case "data.response-mask" -> {
                return new Observation(rule, ENDPOINT, endpoint(request, str(ev.get("endpoint"))), types(ev.get("types")), num(ev.get("count")),
                        num(ev.get("suppressed")), consumer(str(ev.get("role")), str(request.get("clientAddress"))), verdict, true, sources(ev.get("sources")));
            }
            case "data.jdbc-result" -> {
                String column = str(ev.get("column"));
                if (column.isEmpty()) {
                    return null;
                }
                String table = str(ev.get("table"));
                return new Observation(rule, COLUMN, cut(table.isEmpty() ? column : table + "." + column), types(ev.get("types")), num(ev.get("count")),
                        num(ev.get("suppressed")), null, verdict, false, Map.of()); // a read is inventory, not a violation
            }
            case "data.response-limit" -> {
                return new Observation(rule, ENDPOINT, endpoint(request, str(ev.get("endpoint"))), types(ev.get("type")), num(ev.get("records")), 0,
                        consumer("", str(request.get("clientAddress"))), verdict);
            }
            case "data.egress", "data.egress-limit" -> {
                String destination = str(ev.get("destination"));
                if (destination.isEmpty()) {
                    return null;
                }
                // a send to an allow-listed destination is an inventory record (reportOnly), not a violation
                boolean recordOnly = "true".equals(str(ev.get("reportOnly")));
                return new Observation(rule, DESTINATION, cut(destination), types(ev.get("types")), num(ev.get("count")), num(ev.get("suppressed")),
                        sender(ev, request), verdict, !recordOnly, sources(ev.get("sources")));
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * Who sent data to a destination: whether the destination is allow-listed, the client library, and the
     * endpoint whose request made the call (the flow's source side until lineage names the table.column).
     */
    static String sender(Map<?, ?> evidence, Map<String, Object> request) {
        StringBuilder sb = new StringBuilder("true".equals(str(evidence.get("allowed"))) ? "allow-listed" : "not allow-listed");
        String client = str(evidence.get("client"));
        if (!client.isEmpty()) {
            sb.append(", ").append(client);
        }
        String endpoint = str(evidence.get("endpoint"));
        if (!endpoint.isEmpty() || !str(request.get("uri")).isEmpty()) {
            sb.append(", from ").append(endpoint(request, endpoint));
        }
        return cut(sb.toString());
    }

    /** {@code GET /customers/{id}}: the method and the path with record identifiers replaced, without the query. */
    static String endpoint(Map<String, Object> request, String path) {
        if (path.isEmpty()) {
            path = str(request.get("uri"));
        }
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        StringBuilder sb = new StringBuilder();
        String method = str(request.get("method"));
        if (!method.isEmpty()) {
            sb.append(method.toUpperCase(Locale.ROOT)).append(' ');
        }
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(ID_SEGMENT.matcher(segments[i]).matches() ? "{id}" : segments[i]);
        }
        return cut(sb.length() == 0 ? "/" : sb.toString());
    }

    /** The caller as far as the event tells: its role, else none, and the class of its address (RFC 1918, RFC 4193, loopback). */
    static String consumer(String role, String address) {
        String who = role.isEmpty() ? "no role" : "role " + role;
        if (address.isEmpty()) {
            return cut(who);
        }
        String klass;
        try {
            // only literal addresses are classified; a host name is never resolved
            InetAddress a = address.matches("[0-9a-fA-F.:\\[\\]%]+") ? InetAddress.getByName(address.replace("[", "").replace("]", "")) : null;
            klass = a == null ? "unknown address" : a.isLoopbackAddress() ? "loopback" : a.isSiteLocalAddress() || a.isLinkLocalAddress()
                    || (a.getAddress().length == 16 && (a.getAddress()[0] & 0xfe) == 0xfc) ? "private network" : "public network";
        } catch (UnknownHostException x) {
            klass = "unknown address";
        }
        return cut(who + ", " + klass);
    }

    /** {@code CN_MOBILE=customers.mobile,CN_RESIDENT_ID=customers.id_number}: the column each type was read from. */
    static Map<String, String> sources(Object v) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : str(v).split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && eq < pair.length() - 1 && eq <= 100) {
                out.putIfAbsent(pair.substring(0, eq).trim(), cut(pair.substring(eq + 1).trim()));
            }
        }
        return out;
    }

    private static List<String> types(Object v) {
        String s = str(v);
        return s.isEmpty() ? List.of() : List.of(s.split(",")).stream().map(String::trim).filter(t -> !t.isEmpty() && t.length() <= 100).distinct().toList();
    }

    private static long num(Object v) {
        try {
            return Math.max(0, Long.parseLong(str(v)));
        } catch (NumberFormatException x) {
            return 0;
        }
    }

    private static String str(Object v) {
        return v == null ? "" : v.toString();
    }

    private static String cut(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200);
    }
}
