package secplane.server.events;

import io.javalin.http.Context;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import secplane.server.http.Http;
import secplane.server.store.Sql;

/**
 * The event count rollups of V8 (per UTC minute and per UTC hour), written in the transaction that
 * stores a batch, and read by {@code GET /v1/events/counts} so that counting never scans the events.
 */
final class EventCounts {
    static final long MINUTE = 60_000L;
    static final long HOUR = 3_600_000L;
    static final long DAY = 86_400_000L;

    /** The filters the rollup holds; any other filter is answered from the events themselves. */
    private static final Set<String> ROLLUP_FILTERS = Set.of("from", "to", "service", "rule", "verdict", "type", "drill", "by", "bucket");

    private EventCounts() {
    }

    /** One rollup cell: a minute's events of one service, rule, verdict and type, real or a drill's. */
    record Key(long minute, String service, String rule, String verdict, String type, int drill) {
        static Key of(long at, String service, String rule, String verdict, String type, boolean drill) {
            // The same truncating division as the migration's back-fill, so both agree on every bucket.
            return new Key(at / MINUTE * MINUTE, service, rule == null ? "" : rule, verdict == null ? "" : verdict, type, drill ? 1 : 0);
        }
    }

    /**
     * Adds a batch's newly stored events to the three rollups. Only events that were not stored before
     * reach here (the batch and per-id dedup of the ingest), so a batch sent again adds nothing.
     * Two transactions creating the same cell at once: the loser's unique violation is a 409 and
     * the agent sends the batch again.
     */
    static void add(Connection c, Map<Key, Long> counts) throws SQLException {
        if (counts.isEmpty()) {
            return;
        }
        Map<Key, Long> minutes = new LinkedHashMap<>();
        Map<Key, Long> hours = new LinkedHashMap<>();
        Map<Key, Long> days = new LinkedHashMap<>();
        Map<Key, Long> verdicts = new LinkedHashMap<>();
        for (Map.Entry<Key, Long> e : counts.entrySet()) {
            Key k = e.getKey();
            verdicts.merge(new Key(k.minute(), null, null, k.verdict(), null, k.drill()), e.getValue(), Long::sum);
            minutes.merge(new Key(k.minute(), k.service(), null, k.verdict(), k.type(), k.drill()), e.getValue(), Long::sum);
            hours.merge(new Key(k.minute() / HOUR * HOUR, k.service(), k.rule(), k.verdict(), k.type(), k.drill()), e.getValue(), Long::sum);
            days.merge(new Key(k.minute() / DAY * DAY, k.service(), k.rule(), k.verdict(), k.type(), k.drill()), e.getValue(), Long::sum);
        }
        upsert(c, "event_counts", minutes);
        upsert(c, "event_counts_hour", hours);
        upsert(c, "event_counts_day", days);
        upsert(c, "event_counts_verdict", verdicts);
    }

    /** The key columns of a table: the minute table has no rule, the verdict table only bucket, verdict and drill. */
    private static void upsert(Connection c, String table, Map<Key, Long> counts) throws SQLException {
        boolean rule = !table.equals("event_counts") && !table.equals("event_counts_verdict");
        boolean wide = !table.equals("event_counts_verdict");
        String keyWhere = wide ? "bucket = ? AND service = ?" + (rule ? " AND rule_id = ?" : "") + " AND verdict = ? AND type = ? AND drill = ?"
                : "bucket = ? AND verdict = ? AND drill = ?";
        List<Map.Entry<Key, Long>> missing = new ArrayList<>();
        try (PreparedStatement up = c.prepareStatement("UPDATE " + table + " SET n = n + ? WHERE " + keyWhere)) {
            for (Map.Entry<Key, Long> e : counts.entrySet()) {
                bindKey(up, 2, e.getKey(), rule, wide);
                up.setLong(1, e.getValue());
                if (up.executeUpdate() == 0) {
                    missing.add(e);
                }
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String insert = wide ? "INSERT INTO " + table + " (bucket, service" + (rule ? ", rule_id" : "") + ", verdict, type, drill, n) VALUES (?,?,?,?,?,?" + (rule ? ",?" : "") + ")"
                : "INSERT INTO " + table + " (bucket, verdict, drill, n) VALUES (?,?,?,?)";
        try (PreparedStatement ins = c.prepareStatement(insert)) {
            for (Map.Entry<Key, Long> e : missing) {
                int next = bindKey(ins, 1, e.getKey(), rule, wide);
                ins.setLong(next, e.getValue());
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }

    private static int bindKey(PreparedStatement ps, int at, Key k, boolean rule, boolean wide) throws SQLException {
        ps.setLong(at++, k.minute());
        if (!wide) {
            ps.setString(at++, k.verdict());
            ps.setLong(at++, k.drill());
            return at;
        }
        ps.setString(at++, k.service());
        if (rule) {
            ps.setString(at++, k.rule());
        }
        ps.setString(at++, k.verdict());
        ps.setString(at++, k.type());
        ps.setLong(at++, k.drill());
        return at;
    }

    /** Drops rollup cells that end before the retention cutoff, as {@link Retention} drops the events. */
    static int purge(Connection c, long cutoff) throws SQLException {
        return Sql.update(c, "DELETE FROM event_counts WHERE bucket < ?", cutoff - MINUTE)
                + Sql.update(c, "DELETE FROM event_counts_hour WHERE bucket < ?", cutoff - HOUR)
                + Sql.update(c, "DELETE FROM event_counts_day WHERE bucket < ?", cutoff - DAY)
                + Sql.update(c, "DELETE FROM event_counts_verdict WHERE bucket < ?", cutoff - MINUTE);
    }

    /**
     * The rollup table that can answer a query with these parameters, or null when only the events
     * can: another filter, a specific drill run, a rule at minute grain (the minute table has no
     * rule), or a from/to not on the table's bucket boundaries.
     */
    static String table(Context ctx, String by, long width, Long from, Long to) {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!ROLLUP_FILTERS.contains(name)) {
                return null;
            }
        }
        String drill = ctx.queryParam("drill");
        if (drill != null && !drill.isEmpty() && !drill.equals("none") && !drill.equals("any")) {
            return null;
        }
        if (width == DAY && aligned(from, DAY) && aligned(to, DAY)) {
            return "event_counts_day";
        }
        if (width >= HOUR && aligned(from, HOUR) && aligned(to, HOUR)) {
            return "event_counts_hour";
        }
        String rule = ctx.queryParam("rule");
        if (by.equals("verdict") && width < HOUR && empty(ctx, "service") && empty(ctx, "rule") && empty(ctx, "type")
                && aligned(from, MINUTE) && aligned(to, MINUTE)) {
            return "event_counts_verdict";
        }
        boolean needsRule = by.equals("rule") || rule != null && !rule.isEmpty();
        if (!needsRule && aligned(from, MINUTE) && aligned(to, MINUTE)) {
            return "event_counts";
        }
        return null;
    }

    private static boolean empty(Context ctx, String param) {
        String v = ctx.queryParam(param);
        return v == null || v.isEmpty();
    }

    private static boolean aligned(Long t, long width) {
        return t == null || t % width == 0;
    }

    /** The counts from a rollup table: the same rows as grouping the events. */
    static List<Object> query(Connection c, Context ctx, String table, String by, String column, long width, Long from, Long to) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1=1");
        List<Object> params = new ArrayList<>();
        if (from != null) {
            where.append(" AND bucket >= ?");
            params.add(from);
        }
        if (to != null) {
            where.append(" AND bucket < ?");
            params.add(to);
        }
        String drill = ctx.queryParam("drill");
        if ("none".equals(drill)) {
            where.append(" AND drill = 0");
        } else if ("any".equals(drill)) {
            where.append(" AND drill = 1");
        }
        for (String[] col : new String[][] {{"service", "service"}, {"rule", "rule_id"}, {"verdict", "verdict"}, {"type", "type"}}) {
            String v = ctx.queryParam(col[0]);
            if (v != null && !v.isEmpty()) {
                where.append(" AND ").append(col[1]).append(" = ?");
                params.add(v);
            }
        }
        String b = "(bucket / " + width + ") * " + width;
        return Sql.query(c, "SELECT " + b + " AS b, " + column + " AS k, SUM(n) AS n FROM " + table + where + " GROUP BY " + b + ", " + column + " ORDER BY b, k", rs -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bucket", Http.time(rs.getLong(1)));
            String k = rs.getString(2);
            m.put(by, k.isEmpty() ? null : k);
            m.put("count", rs.getLong(3));
            return (Object) m;
        }, params.toArray());
    }
}
