package secplane.server.data;

import io.javalin.Javalin;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import secplane.server.audit.Audit;
import secplane.server.http.ApiError;
import secplane.server.http.Http;
import secplane.server.http.JsonBody;
import secplane.server.store.Sql;
import secplane.server.store.Store;
import secplane.server.tokens.Principal;
import secplane.server.tokens.Tokens;

/**
 * Data findings and their time to remediate (docs/data-governance.md "Findings and time to remediate").
 *
 * <p>A finding is one episode of one data rule letting personal data out of one asset of a service (an
 * endpoint, a logger, a column, a destination): it opens with the first event whose verdict is
 * {@code observe} (the value left unmasked, the limit was exceeded but only reported, or a rewrite failed)
 * and closes when the exposure stops, in one of three ways:
 * <ul>
 *   <li>{@code enforced}: an event of the same rule and asset with a containing verdict ({@code rewrite},
 *       {@code block}) arrives after the last exposing one: the rule now masks or refuses there;</li>
 *   <li>{@code quiet}: no exposing event for {@link #QUIET_MILLIS}: the application was fixed (or the data
 *       stopped flowing) some time after the last one seen, which is taken as the close time. Observations
 *       are sampled, so the quiet period is long compared with the gaps between samples of a live leak;</li>
 *   <li>{@code operator}: an operator closes it with a reason (accepted risk, fixed upstream); audited.</li>
 * </ul>
 * An exposing event after the close opens a new episode; one arriving late, stamped before the close,
 * counts to the closed episode. Time to remediate is close time minus open time.
 */
public final class Findings {
    /** An asset not seen exposing data for a day is taken as remediated. */
    public static final long QUIET_MILLIS = 24L * 3600 * 1000;
    private static final SecureRandom IDS = new SecureRandom();

    private Findings() {
    }

    /** One data event as the data map read it, with its own time. */
    record Seen(long at, DataMap.Observation o) {
    }

    private record Episode(String id, long opened, long lastSeen, long closed, String types) {
    }

    /** Folds a batch's newly stored data events into the findings, in the batch's transaction, oldest first. */
    static void fold(Connection c, String service, List<Seen> seen) throws SQLException {
        List<Seen> ordered = new ArrayList<>(seen);
        ordered.sort(Comparator.comparingLong(Seen::at));
        for (Seen s : ordered) {
            DataMap.Observation o = s.o();
            // a send to an allow-listed destination is inventory, not an exposure
            boolean exposed = "observe".equals(o.verdict()) && o.violation();
            Optional<Episode> latest = Sql.one(c, "SELECT id, opened_at, last_seen, closed_at, data_types FROM data_findings "
                            + "WHERE service = ? AND rule_id = ? AND kind = ? AND name = ? ORDER BY opened_at DESC FETCH FIRST 1 ROWS ONLY",
                    rs -> new Episode(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5)), service, o.rule(), o.kind(), o.name());
            if (latest.isPresent() && latest.get().closed() == 0 && s.at() - latest.get().lastSeen() > QUIET_MILLIS) {
                closeQuietly(c, latest.get());
                latest = Optional.of(new Episode(latest.get().id(), latest.get().opened(), latest.get().lastSeen(), latest.get().lastSeen(), latest.get().types()));
            }
            if (exposed) {
                Episode e = latest.orElse(null);
                if (e != null && (e.closed() == 0 || s.at() <= e.closed())) {
                    Sql.update(c, "UPDATE data_findings SET last_seen = GREATEST(last_seen, ?), opened_at = LEAST(opened_at, ?), events = events + 1, "
                            + "data_types = ? WHERE id = ?", s.at(), s.at(), types(e.types(), o.types()), e.id());
                } else {
                    Sql.update(c, "INSERT INTO data_findings (id, service, rule_id, kind, name, data_types, opened_at, last_seen, events, closed_at, open_key) "
                            + "VALUES (?,?,?,?,?,?,?,?,?,?,?)", newId(), service, o.rule(), o.kind(), o.name(), types("", o.types()), s.at(), s.at(), 1L, 0L,
                            openKey(service, o));
                }
            } else if (latest.isPresent() && latest.get().closed() == 0 && s.at() >= latest.get().lastSeen()) {
                Sql.update(c, "UPDATE data_findings SET closed_at = ?, closed_how = 'enforced', closed_by = ?, open_key = NULL WHERE id = ?",
                        Math.max(s.at(), latest.get().opened() + 1), "rule " + o.rule() + " in block mode", latest.get().id());
            }
        }
    }

    private static void closeQuietly(Connection c, Episode e) throws SQLException {
        Sql.update(c, "UPDATE data_findings SET closed_at = last_seen, closed_how = 'quiet', closed_by = ?, open_key = NULL WHERE id = ? AND closed_at = 0",
                "not seen for " + QUIET_MILLIS / 3_600_000 + " h", e.id());
    }

    /** Closes every open finding whose last exposing event is older than the quiet period before {@code now}. */
    static void closeQuiet(Connection c, long now) throws SQLException {
        Sql.update(c, "UPDATE data_findings SET closed_at = last_seen, closed_how = 'quiet', closed_by = ?, open_key = NULL WHERE closed_at = 0 AND last_seen < ?",
                "not seen for " + QUIET_MILLIS / 3_600_000 + " h", now - QUIET_MILLIS);
    }

    private static String types(String before, List<String> more) {
        Set<String> all = new LinkedHashSet<>();
        if (!before.isEmpty()) {
            all.addAll(Arrays.asList(before.split(",")));
        }
        all.addAll(more);
        String s = String.join(",", all);
        return s.length() <= 1000 ? s : s.substring(0, s.lastIndexOf(',', 1000));
    }

    private static String openKey(String service, DataMap.Observation o) {
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {service, o.rule(), o.kind(), o.name()}) {
                d.update(part.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                d.update((byte) 0);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static String newId() {
        byte[] b = new byte[8];
        IDS.nextBytes(b);
        return "df-" + HexFormat.of().formatHex(b);
    }

    /** Time to remediate over the closed findings, and what is open, as of {@code now}. */
    record Remediation(long open, long closed, long oldestOpenSeconds, Long medianSeconds, Long p90Seconds, Long maxSeconds, long sumSeconds,
                       Map<String, Long> openByRule) {
    }

    static Remediation remediation(Connection c, long now) throws SQLException {
        closeQuiet(c, now);
        List<Long> ttr = Sql.query(c, "SELECT closed_at - opened_at FROM data_findings WHERE closed_at > 0 ORDER BY 1", rs -> rs.getLong(1) / 1000);
        Map<String, Long> openByRule = new LinkedHashMap<>();
        Sql.query(c, "SELECT rule_id, COUNT(*) FROM data_findings WHERE closed_at = 0 GROUP BY rule_id ORDER BY rule_id", rs -> {
            openByRule.put(rs.getString(1), rs.getLong(2));
            return null;
        });
        long open = openByRule.values().stream().mapToLong(Long::longValue).sum();
        long oldest = Sql.one(c, "SELECT MIN(opened_at) FROM data_findings WHERE closed_at = 0", rs -> rs.getLong(1)).filter(t -> t > 0)
                .map(t -> Math.max(0, (now - t) / 1000)).orElse(0L);
        return new Remediation(open, ttr.size(), oldest, quantile(ttr, 0.5), quantile(ttr, 0.9), ttr.isEmpty() ? null : ttr.get(ttr.size() - 1),
                ttr.stream().mapToLong(Long::longValue).sum(), openByRule);
    }

    /** The nearest-rank quantile of sorted values; null when there are none. */
    static Long quantile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    public static void routes(Javalin app, Store store) {
        app.get("/v1/data/findings", ctx -> {
            String status = ctx.queryParam("status") == null ? "all" : ctx.queryParam("status");
            if (!List.of("open", "closed", "all").contains(status)) {
                throw ApiError.invalid("query parameter status=" + status + " is not accepted; expected open, closed or all");
            }
            int limit = Http.queryInt(ctx, "limit", 500, 1, 5000);
            List<Object> params = new ArrayList<>();
            StringBuilder where = new StringBuilder(status.equals("open") ? " WHERE closed_at = 0" : status.equals("closed") ? " WHERE closed_at > 0" : " WHERE 1=1");
            for (String[] f : new String[][] {{"service", "service"}, {"rule", "rule_id"}}) {
                String v = ctx.queryParam(f[0]);
                if (v != null && !v.isEmpty()) {
                    where.append(" AND ").append(f[1]).append(" = ?");
                    params.add(v);
                }
            }
            long now = System.currentTimeMillis();
            Map<String, Object> out = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                Remediation r = remediation(c, now);
                List<Object> rows = Sql.query(c, "SELECT id, service, rule_id, kind, name, data_types, opened_at, last_seen, events, closed_at, closed_how, closed_by, reason "
                        + "FROM data_findings" + where + " ORDER BY opened_at DESC, id FETCH FIRST " + limit + " ROWS ONLY", rs -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getString(1));
                    m.put("service", rs.getString(2));
                    m.put("rule", rs.getString(3));
                    m.put("kind", rs.getString(4));
                    m.put("name", rs.getString(5));
                    m.put("types", List.of(rs.getString(6).split(",")));
                    long opened = rs.getLong(7);
                    long closed = rs.getLong(10);
                    m.put("openedAt", Http.time(opened));
                    m.put("lastSeen", Http.time(rs.getLong(8)));
                    m.put("events", rs.getLong(9));
                    m.put("status", closed == 0 ? "open" : "closed");
                    m.put("closedAt", closed == 0 ? null : Http.time(closed));
                    m.put("closedHow", rs.getString(11));
                    m.put("closedBy", rs.getString(12));
                    m.put("reason", rs.getString(13));
                    m.put("timeToRemediateSeconds", closed == 0 ? null : (closed - opened) / 1000);
                    m.put("openForSeconds", closed == 0 ? Math.max(0, (now - opened) / 1000) : null);
                    return (Object) m;
                }, params.toArray());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("open", r.open());
                m.put("closed", r.closed());
                m.put("findings", rows);
                return m;
            });
            Http.json(ctx, 200, out);
        });

        app.post("/v1/data/findings/{id}/close", ctx -> {
            String id = ctx.pathParam("id");
            JsonBody body = JsonBody.of(ctx);
            String reason = body.string("reason", true, 500);
            long now = System.currentTimeMillis();
            Map<String, Object> out = store.transaction(c -> {
                Principal op = Tokens.operator(c, ctx, Principal.Role.OPERATOR);
                closeQuiet(c, now);
                Episode e = Sql.one(c, "SELECT id, opened_at, last_seen, closed_at, data_types FROM data_findings WHERE id = ?",
                        rs -> new Episode(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5)), id)
                        .orElseThrow(() -> ApiError.notFound("no data finding " + id + "; GET /v1/data/findings?status=open lists the open ones"));
                if (e.closed() != 0) {
                    throw ApiError.conflict("data finding " + id + " is already closed (at " + Http.time(e.closed()) + ")");
                }
                long at = Math.max(now, e.opened() + 1);
                Sql.update(c, "UPDATE data_findings SET closed_at = ?, closed_how = 'operator', closed_by = ?, reason = ?, open_key = NULL WHERE id = ?",
                        at, op.name(), reason, id);
                Map<String, Object> after = new LinkedHashMap<>();
                after.put("closedAt", Http.time(at));
                after.put("reason", reason);
                Audit.record(c, op, "data.finding.close", "data-finding/" + id, Map.of("status", "open"), after);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", id);
                m.put("status", "closed");
                m.put("closedAt", Http.time(at));
                m.put("timeToRemediateSeconds", (at - e.opened()) / 1000);
                return m;
            });
            Http.json(ctx, 200, out);
        });
    }
}
