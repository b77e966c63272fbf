package secplane.server.data;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import secplane.server.http.ApiError;
import secplane.server.http.Http;
import secplane.server.store.Sql;
import secplane.server.store.Store;
import secplane.server.tokens.Principal;
import secplane.server.tokens.Tokens;

/** The data map and the flows of one data type (docs/data-governance.md "The data map"); any operator role reads them. */
public final class DataRoutes {
    private static final String TYPE = "[A-Z][A-Z0-9_]{0,99}";

    private DataRoutes() {
    }

    public static void routes(Javalin app, Store store) {
        app.get("/v1/data/map", ctx -> {
            List<Object> params = new ArrayList<>();
            StringBuilder where = new StringBuilder(" WHERE 1=1");
            String service = ctx.queryParam("service");
            if (service != null && !service.isEmpty()) {
                where.append(" AND service = ?");
                params.add(service);
            }
            String type = type(ctx, false);
            if (type != null) {
                where.append(" AND data_type = ?");
                params.add(type);
            }
            int minLevel = Http.queryInt(ctx, "minLevel", 0, 0, 5);
            if (minLevel > 0) {
                where.append(" AND lvl >= ?");
                params.add(minLevel);
            }
            String kind = ctx.queryParam("kind");
            if (kind != null && !kind.isEmpty()) {
                if (!kind.equals(DataMap.ENDPOINT) && !kind.equals(DataMap.LOGGER) && !kind.equals(DataMap.DESTINATION) && !kind.equals(DataMap.COLUMN)) {
                    throw ApiError.invalid("query parameter kind=" + kind + " is not accepted; expected endpoint, logger, destination or column");
                }
                where.append(" AND kind = ?");
                params.add(kind);
            }
            int limit = Http.queryInt(ctx, "limit", 0, 1, 1000);
            int offset = Http.queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            Map<List<String>, Map<String, Object>> assets = new LinkedHashMap<>();
            long[] total = {0};
            store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                String rowsWhere = where.toString();
                List<Object> rowParams = new ArrayList<>(params);
                total[0] = Sql.one(c, "SELECT COUNT(*) FROM (SELECT DISTINCT service, kind, name, data_type FROM data_assets" + where + ") x",
                        rs -> rs.getLong(1), params.toArray()).orElse(0L);
                if (limit > 0) {
                    // The page's assets first (a group per asset over its days), then only their days.
                    List<Object[]> keys = Sql.query(c, "SELECT service, kind, name, data_type FROM data_assets" + where
                            + " GROUP BY service, kind, name, data_type ORDER BY service, kind, name, data_type LIMIT " + limit + " OFFSET " + offset,
                            rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)}, params.toArray());
                    if (keys.isEmpty()) {
                        return null;
                    }
                    StringBuilder in = new StringBuilder(" AND (service, kind, name, data_type) IN (");
                    for (int i = 0; i < keys.size(); i++) {
                        in.append(i == 0 ? "(?,?,?,?)" : ",(?,?,?,?)");
                        rowParams.addAll(List.of(keys.get(i)));
                    }
                    rowsWhere += in.append(")");
                }
                Sql.query(c, "SELECT service, kind, name, data_type, day_utc, lvl, reports, suppressed, vals, first_seen, last_seen FROM data_assets" + rowsWhere
                        + " ORDER BY service, kind, name, data_type, day_utc", rs -> {
                    Map<String, Object> a = assets.computeIfAbsent(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), k -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("service", k.get(0));
                        m.put("kind", k.get(1));
                        m.put("name", k.get(2));
                        m.put("type", k.get(3));
                        m.put("level", 0);
                        m.put("reports", 0L);
                        m.put("suppressed", 0L);
                        m.put("values", 0L);
                        m.put("firstSeen", Long.MAX_VALUE);
                        m.put("lastSeen", Long.MIN_VALUE);
                        m.put("days", new ArrayList<Object>());
                        return m;
                    });
                    Map<String, Object> day = new LinkedHashMap<>();
                    day.put("day", rs.getString(5));
                    day.put("reports", rs.getLong(7));
                    day.put("suppressed", rs.getLong(8));
                    day.put("values", rs.getLong(9));
                    @SuppressWarnings("unchecked")
                    List<Object> days = (List<Object>) a.get("days");
                    days.add(day);
                    a.put("level", rs.getInt(6)); // the newest day's: the catalog of the replica that ingested it
                    a.merge("reports", rs.getLong(7), (x, y) -> (Long) x + (Long) y);
                    a.merge("suppressed", rs.getLong(8), (x, y) -> (Long) x + (Long) y);
                    a.merge("values", rs.getLong(9), (x, y) -> (Long) x + (Long) y);
                    a.merge("firstSeen", rs.getLong(10), (x, y) -> Math.min((Long) x, (Long) y));
                    a.merge("lastSeen", rs.getLong(11), (x, y) -> Math.max((Long) x, (Long) y));
                    return null;
                }, rowParams.toArray());
                return null;
            });
            List<Object> out = new ArrayList<>();
            for (Map<String, Object> a : assets.values()) {
                a.put("firstSeen", Http.time((Long) a.get("firstSeen")));
                a.put("lastSeen", Http.time((Long) a.get("lastSeen")));
                out.add(a);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("assets", out);
            body.put("total", total[0]);
            Http.json(ctx, 200, body);
        });

        app.get("/v1/data/flows", ctx -> {
            int limit = Http.queryInt(ctx, "limit", 0, 1, 1000);
            int offset = Http.queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            // Without a limit the flows of one type, as before; with one, a page over every type may be asked for.
            String type = type(ctx, limit == 0);
            String service = ctx.queryParam("service");
            List<Object> params = new ArrayList<>();
            StringBuilder where = new StringBuilder(" WHERE 1=1");
            if (type != null) {
                where.append(" AND data_type = ?");
                params.add(type);
            }
            if (service != null && !service.isEmpty()) {
                where.append(" AND service = ?");
                params.add(service);
            }
            long[] total = {0};
            List<Object> rows = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                total[0] = Sql.one(c, "SELECT COUNT(*) FROM data_flows" + where, rs -> rs.getLong(1), params.toArray()).orElse(0L);
                return Sql.query(c, "SELECT service, kind, name, consumer, reports, suppressed, vals, first_seen, last_seen, source, data_type FROM data_flows"
                        + where + " ORDER BY service, kind, name, data_type, source, consumer" + (limit > 0 ? " LIMIT " + limit + " OFFSET " + offset : ""), rs -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    // the table.column the values were read from in the same request; null while lineage does not know it
                    m.put("source", rs.getString(10).isEmpty() ? null : rs.getString(10));
                    m.put("service", rs.getString(1));
                    m.put("kind", rs.getString(2));
                    m.put("name", rs.getString(3));
                    m.put("type", rs.getString(11));
                    m.put("consumer", rs.getString(4));
                    m.put("reports", rs.getLong(5));
                    m.put("suppressed", rs.getLong(6));
                    m.put("values", rs.getLong(7));
                    m.put("firstSeen", Http.time(rs.getLong(8)));
                    m.put("lastSeen", Http.time(rs.getLong(9)));
                    return (Object) m;
                }, params.toArray());
            });
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("type", type);
            out.put("flows", rows);
            out.put("total", total[0]);
            Http.json(ctx, 200, out);
        });

        app.get("/v1/data/levels", ctx -> {
            String service = ctx.queryParam("service");
            boolean one = service != null && !service.isEmpty();
            List<Object> rows = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                // An asset's level is its newest day's (as GET /v1/data/map shows it): the newest day per asset first.
                String newest = "SELECT a.service, a.kind, a.name, a.data_type, a.lvl FROM data_assets a JOIN "
                        + "(SELECT service, kind, name, data_type, MAX(day_utc) AS d FROM data_assets" + (one ? " WHERE service = ?" : "")
                        + " GROUP BY service, kind, name, data_type) m ON a.service = m.service AND a.kind = m.kind AND a.name = m.name "
                        + "AND a.data_type = m.data_type AND a.day_utc = m.d";
                String reports = "SELECT service, kind, name, data_type, SUM(reports) AS r FROM data_assets" + (one ? " WHERE service = ?" : "")
                        + " GROUP BY service, kind, name, data_type";
                return Sql.query(c, "SELECT n.data_type, n.lvl, COUNT(*), SUM(r.r) FROM (" + newest + ") n JOIN (" + reports + ") r "
                        + "ON n.service = r.service AND n.kind = r.kind AND n.name = r.name AND n.data_type = r.data_type "
                        + "GROUP BY n.data_type, n.lvl ORDER BY n.data_type, n.lvl", rs -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("type", rs.getString(1));
                    m.put("level", rs.getInt(2));
                    m.put("assets", rs.getLong(3));
                    m.put("reports", rs.getLong(4));
                    return (Object) m;
                }, one ? new Object[] {service, service} : new Object[0]);
            });
            Http.json(ctx, 200, Map.of("levels", rows));
        });
    }

    private static String type(Context ctx, boolean required) {
        String type = ctx.queryParam("type");
        if (type == null || type.isEmpty()) {
            if (required) {
                throw ApiError.badRequest("query parameter type is required: a data type of the catalog such as CN_RESIDENT_ID or CN_MOBILE");
            }
            return null;
        }
        if (!type.matches(TYPE)) {
            throw ApiError.invalid("query parameter type=" + type + " is not a data type name; use a catalog key such as CN_RESIDENT_ID");
        }
        return type;
    }
}
