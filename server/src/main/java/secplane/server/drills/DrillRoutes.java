package secplane.server.drills;

import io.javalin.Javalin;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import secplane.protocol.json.Json;
import secplane.server.audit.Audit;
import secplane.server.http.ApiError;
import secplane.server.http.Cursor;
import secplane.server.http.Http;
import secplane.server.http.JsonBody;
import secplane.server.store.Sql;
import secplane.server.store.Store;
import secplane.server.tokens.Principal;
import secplane.server.tokens.Tokens;

/**
 * Drill targets and runs (docs/drills.md, docs/protocol.md "Drills"). Drills go only to targets an
 * admin registered; a run hands out a marker ({@code <runId>.<secret>}) that the agent records in the
 * events the drill causes, so {@link DrillMarkers} can tell them from real incidents; the result of a
 * run ({@code secplane-drill/1}) is stored for trends.
 */
public final class DrillRoutes {
    private static final String FORMAT = "secplane-drill/1";

    private DrillRoutes() {
    }

    /** {@code scheme://host:port} in lower case, the port always explicit; a drill target is an origin. */
    static String origin(String url, String field) {
        URI u;
        try {
            u = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(field + ": '" + url + "' is not a URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
            throw ApiError.invalid(field + ": expected an http:// or https:// URL with a host, e.g. http://10.0.0.5:8080, not '" + url + "'");
        }
        int port = u.getPort() != -1 ? u.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    public static void routes(Javalin app, Store store) {
        app.post("/v1/drills/targets", ctx -> {
            JsonBody body = JsonBody.of(ctx);
            String url = origin(body.string("url", true, 300), "/url");
            String service = body.string("service", true, 100);
            body.done();
            Map<String, Object> out = store.transaction(c -> {
                Principal admin = Tokens.operator(c, ctx, Principal.Role.ADMIN);
                long now = System.currentTimeMillis();
                if (Sql.one(c, "SELECT url FROM drill_targets WHERE url = ?", rs -> rs.getString(1), url).isPresent()) {
                    Sql.update(c, "UPDATE drill_targets SET service = ?, created_at = ?, created_by = ? WHERE url = ?", service, now, admin.name(), url);
                } else {
                    Sql.update(c, "INSERT INTO drill_targets (url, service, created_at, created_by) VALUES (?,?,?,?)", url, service, now, admin.name());
                }
                Map<String, Object> m = target(url, service, now, admin.name());
                Audit.record(c, admin, "drill.target.register", "drill-target/" + url, null, m);
                return m;
            });
            Http.json(ctx, 201, out);
        });

        app.get("/v1/drills/targets", ctx -> {
            List<Object> targets = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                return Sql.query(c, "SELECT url, service, created_at, created_by FROM drill_targets ORDER BY url",
                        rs -> (Object) target(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)));
            });
            Http.json(ctx, 200, Map.of("targets", targets));
        });

        app.post("/v1/drills/runs", ctx -> {
            JsonBody body = JsonBody.of(ctx);
            String raw = body.string("target", true, 300);
            String target = origin(raw, "/target");
            List<String> suite = body.stringList("suite", 20, 40);
            body.done();
            for (String s : suite) {
                if (!s.matches("[a-z0-9]{1,40}")) {
                    throw ApiError.invalid("/suite: '" + s + "' is not a category id (lower-case letters and digits)");
                }
            }
            Map<String, Object> out = store.transaction(c -> {
                Principal op = Tokens.operator(c, ctx, Principal.Role.OPERATOR);
                String service = Sql.one(c, "SELECT service FROM drill_targets WHERE url = ?", rs -> rs.getString(1), target)
                        .orElseThrow(() -> ApiError.forbidden("the drill target " + target + " is not registered: drills may only attack "
                                + "targets an admin registered (POST /v1/drills/targets {\"url\": \"" + target + "\", \"service\": \"...\"}, "
                                + "or 'secplane drill register')"));
                String id = Tokens.randomId("dr-", 4);
                String secret = Tokens.randomId("", 16);
                long now = System.currentTimeMillis();
                Sql.update(c, "INSERT INTO drill_runs (id, target, service, suite, secret_hash, created_at, created_by, finished_at) VALUES (?,?,?,?,?,?,?,0)",
                        id, target, service, String.join(",", suite), Tokens.hash(secret), now, op.name());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", id);
                m.put("target", target);
                m.put("service", service);
                m.put("suite", suite);
                m.put("createdAt", Http.time(now));
                Audit.record(c, op, "drill.run.start", "drill/" + id, null, m);
                Map<String, Object> withMarker = new LinkedHashMap<>(m);
                // shown once: only the hash is stored
                withMarker.put("marker", id + "." + secret);
                return withMarker;
            });
            Http.json(ctx, 201, out);
        });

        app.put("/v1/drills/runs/{id}/result", ctx -> {
            String id = ctx.pathParam("id");
            JsonBody body = JsonBody.of(ctx);
            Map<String, Object> result = body.raw();
            if (!FORMAT.equals(result.get("format"))) {
                throw ApiError.invalid("/format: expected \"" + FORMAT + "\" (the output of 'secplane drill --json')");
            }
            if (!(result.get("drill") instanceof Map<?, ?> drill) || !id.equals(drill.get("id"))) {
                throw ApiError.invalid("/drill/id: must be the run id " + id + " of the URL");
            }
            if (!(result.get("categories") instanceof List<?>) || !(result.get("cases") instanceof List<?>)) {
                throw ApiError.invalid("/categories and /cases must be arrays");
            }
            Map<String, Object> out = store.transaction(c -> {
                Principal op = Tokens.operator(c, ctx, Principal.Role.OPERATOR);
                Long finished = Sql.one(c, "SELECT finished_at FROM drill_runs WHERE id = ?", rs -> rs.getLong(1), id)
                        .orElseThrow(() -> ApiError.notFound("no drill run " + id));
                if (finished != 0) {
                    throw ApiError.conflict("drill run " + id + " already has its result (since " + Http.time(finished) + ")");
                }
                long now = System.currentTimeMillis();
                Sql.update(c, "UPDATE drill_runs SET finished_at = ?, result = ? WHERE id = ?", now, Json.write(result), id);
                Audit.record(c, op, "drill.run.result", "drill/" + id, null, Map.of("categories", result.get("categories")));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", id);
                m.put("finishedAt", Http.time(now));
                return m;
            });
            Http.json(ctx, 200, out);
        });

        app.get("/v1/drills/runs", ctx -> {
            String target = ctx.queryParam("target");
            int limit = Http.queryInt(ctx, "limit", 50, 1, 500);
            String before = ctx.queryParam("before");
            List<Object> params = new ArrayList<>();
            StringBuilder where = new StringBuilder(" WHERE 1=1");
            if (target != null && !target.isBlank()) {
                where.append(" AND target = ?");
                params.add(origin(target, "query parameter target"));
            }
            if (before != null && !before.isEmpty()) {
                String[] k = Cursor.decode("before", before, RUNS, 2);
                long at = Cursor.number("before", before, k[0], RUNS);
                where.append(" AND created_at <= ? AND (created_at < ? OR id < ?)");
                params.addAll(List.of(at, at, k[1]));
            }
            List<Object[]> runs = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                return Sql.query(c, "SELECT id, target, service, suite, created_at, created_by, finished_at, result FROM drill_runs" + where
                        + " ORDER BY created_at DESC, id DESC LIMIT " + limit, rs -> new Object[] {run(rs, false), rs.getLong(5), rs.getString(1)}, params.toArray());
            });
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("runs", runs.stream().map(r -> r[0]).toList());
            Object[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            out.put("next", runs.size() == limit ? Cursor.encode(RUNS, last[1], last[2]) : null);
            Http.json(ctx, 200, out);
        });

        app.get("/v1/drills/trend", ctx -> {
            String target = ctx.queryParam("target");
            Long from = Http.queryTime(ctx, "from");
            int limit = Http.queryInt(ctx, "limit", 100, 1, 1000);
            long since = from != null ? from : System.currentTimeMillis() - 90L * 86_400_000L;
            List<Object> params = new ArrayList<>(List.of(since));
            String where = " WHERE finished_at > 0 AND created_at >= ?";
            if (target != null && !target.isBlank()) {
                where += " AND target = ?";
                params.add(origin(target, "query parameter target"));
            }
            String sql = "SELECT id, target, service, created_at, result FROM drill_runs" + where + " ORDER BY target, created_at DESC, id DESC";
            Map<String, Map<String, Object>> targets = new java.util.TreeMap<>();
            store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                Sql.query(c, sql, rs -> {
                    Map<String, Object> t = targets.computeIfAbsent(rs.getString(2), k -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("target", k);
                        m.put("service", null);
                        m.put("points", new ArrayList<Object>());
                        return m;
                    });
                    @SuppressWarnings("unchecked")
                    List<Object> points = (List<Object>) t.get("points");
                    if (points.size() >= limit) {
                        return null;
                    }
                    if (t.get("service") == null) {
                        t.put("service", rs.getString(3));
                    }
                    points.add(score(rs.getString(1), rs.getLong(4), rs.getString(5)));
                    return null;
                }, params.toArray());
                return null;
            });
            List<Object> out = new ArrayList<>();
            for (Map<String, Object> t : targets.values()) {
                @SuppressWarnings("unchecked")
                List<Object> points = (List<Object>) t.get("points");
                java.util.Collections.reverse(points); // oldest first, for a chart's time axis
                out.add(t);
            }
            Http.json(ctx, 200, Map.of("targets", out));
        });

        app.post("/v1/drills/schedules", ctx -> {
            JsonBody body = JsonBody.of(ctx);
            String target = origin(body.string("target", true, 300), "/target");
            List<String> suite = body.stringList("suite", 20, 40);
            long every = body.integer("everyMinutes", true, 1, 7 * 24 * 60);
            String endpoints = body.string("endpoints", true, 65_536);
            Long rate = body.integer("rate", false, 1, secplane.drill.run.RateLimiter.MAX);
            Object benign = body.value("benign", false);
            body.done();
            if (benign != null && !(benign instanceof Boolean)) {
                throw ApiError.invalid("/benign: expected true or false");
            }
            List<String> categories = suite.isEmpty() ? secplane.drill.corpus.Categories.ALL : suite;
            try {
                secplane.drill.corpus.CorpusLoader.builtIn().suite(categories);
                secplane.drill.discovery.EndpointList.parse(endpoints, "/endpoints");
            } catch (IllegalArgumentException e) {
                throw ApiError.invalid(e.getMessage());
            }
            Map<String, Object> out = store.transaction(c -> {
                Principal op = Tokens.operator(c, ctx, Principal.Role.OPERATOR);
                if (Sql.one(c, "SELECT url FROM drill_targets WHERE url = ?", rs -> rs.getString(1), target).isEmpty()) {
                    throw ApiError.forbidden("the drill target " + target + " is not registered: an admin registers it with POST /v1/drills/targets");
                }
                String id = Tokens.randomId("ds-", 4);
                long now = System.currentTimeMillis();
                int perSecond = rate == null ? secplane.drill.run.RateLimiter.DEFAULT : rate.intValue();
                // the first run is due at once, the next ones every everyMinutes
                Sql.update(c, "INSERT INTO drill_schedules (id, target, suite, endpoints, every_minutes, rate, benign, next_run_at, created_at, created_by) "
                        + "VALUES (?,?,?,?,?,?,?,?,?,?)", id, target, String.join(",", categories), endpoints, (int) every, perSecond,
                        Boolean.TRUE.equals(benign), now, now, op.name());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", id);
                m.put("target", target);
                m.put("suite", categories);
                m.put("everyMinutes", every);
                m.put("rate", perSecond);
                m.put("benign", Boolean.TRUE.equals(benign));
                m.put("nextRunAt", Http.time(now));
                Audit.record(c, op, "drill.schedule.create", "drill-schedule/" + id, null, m);
                return m;
            });
            Http.json(ctx, 201, out);
        });

        app.get("/v1/drills/schedules", ctx -> {
            List<Object> schedules = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                return Sql.query(c, "SELECT id, target, suite, every_minutes, rate, benign, next_run_at, last_run, last_error FROM drill_schedules ORDER BY id", rs -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getString(1));
                    m.put("target", rs.getString(2));
                    m.put("suite", List.of(rs.getString(3).split(",")));
                    m.put("everyMinutes", rs.getInt(4));
                    m.put("rate", rs.getInt(5));
                    m.put("benign", rs.getBoolean(6));
                    m.put("nextRunAt", Http.time(rs.getLong(7)));
                    m.put("lastRun", rs.getString(8));
                    m.put("lastError", rs.getString(9));
                    return (Object) m;
                });
            });
            Http.json(ctx, 200, Map.of("schedules", schedules));
        });

        app.delete("/v1/drills/schedules/{id}", ctx -> {
            String id = ctx.pathParam("id");
            store.transaction(c -> {
                Principal op = Tokens.operator(c, ctx, Principal.Role.OPERATOR);
                if (Sql.update(c, "DELETE FROM drill_schedules WHERE id = ?", id) == 0) {
                    throw ApiError.notFound("no drill schedule " + id);
                }
                Audit.record(c, op, "drill.schedule.delete", "drill-schedule/" + id, null, null);
                return null;
            });
            Http.json(ctx, 200, Map.of("deleted", id));
        });

        app.get("/v1/drills/runs/{id}", ctx -> {
            String id = ctx.pathParam("id");
            Object run = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                return Sql.one(c, "SELECT id, target, service, suite, created_at, created_by, finished_at, result FROM drill_runs WHERE id = ?",
                        rs -> (Object) run(rs, true), id).orElseThrow(() -> ApiError.notFound("no drill run " + id));
            });
            Http.json(ctx, 200, run);
        });
    }

    private static Map<String, Object> target(String url, String service, long at, String by) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url);
        m.put("service", service);
        m.put("createdAt", Http.time(at));
        m.put("createdBy", by);
        return m;
    }

    private static final String RUNS = "drills.runs";

    /** One run's score over all its categories (docs/drills.md: detected counts blocked cases too). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> score(String id, long at, String result) {
        long cases = 0;
        long blocked = 0;
        long detected = 0;
        Map<String, Object> r = (Map<String, Object>) Json.parse(result);
        for (Object o : (List<Object>) r.getOrDefault("categories", List.of())) {
            if (o instanceof Map<?, ?> cat) {
                cases += cat.get("cases") instanceof Number n ? n.longValue() : 0;
                blocked += cat.get("blocked") instanceof Number n ? n.longValue() : 0;
                detected += cat.get("detected") instanceof Number n ? n.longValue() : 0;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", Http.time(at));
        m.put("run", id);
        m.put("cases", cases);
        m.put("blocked", blocked);
        m.put("detected", detected);
        m.put("blockedPct", cases == 0 ? 0.0 : Math.round(1000.0 * blocked / cases) / 10.0);
        m.put("detectedPct", cases == 0 ? 0.0 : Math.round(1000.0 * detected / cases) / 10.0);
        return m;
    }

    /** A run; with {@code full} its whole result, else the per-category scorecard only (for trends). */
    private static Map<String, Object> run(java.sql.ResultSet rs, boolean full) throws java.sql.SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getString(1));
        m.put("target", rs.getString(2));
        m.put("service", rs.getString(3));
        String suite = rs.getString(4);
        m.put("suite", suite.isEmpty() ? List.of() : List.of(suite.split(",")));
        m.put("createdAt", Http.time(rs.getLong(5)));
        m.put("createdBy", rs.getString(6));
        long finished = rs.getLong(7);
        m.put("finishedAt", finished == 0 ? null : Http.time(finished));
        String result = rs.getString(8);
        if (result != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) Json.parse(result);
            if (full) {
                m.put("result", r);
            } else {
                m.put("categories", r.getOrDefault("categories", new ArrayList<>()));
            }
        }
        return m;
    }
}
