package secplane.server.audit;

import io.javalin.Javalin;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import secplane.protocol.json.Json;
import secplane.server.http.Cursor;
import secplane.server.http.Http;
import secplane.server.store.Sql;
import secplane.server.store.Store;
import secplane.server.tokens.Principal;
import secplane.server.tokens.Tokens;

/**
 * The audit trail: every change to policies, rollouts, bundles and tokens, with who, when, what,
 * and the state before and after, written in the same transaction as the change itself.
 */
public final class Audit {
    private Audit() {
    }

    public static void record(Connection c, Principal who, String action, String target, Object before, Object after) throws SQLException {
        Sql.update(c, "INSERT INTO audit (at, actor, action, target, before_state, after_state) VALUES (?,?,?,?,?,?)",
                System.currentTimeMillis(), who.actor(), action, target,
                before == null ? null : Json.write(before), after == null ? null : Json.write(after));
    }

    private static final String CURSOR = "audit.before";

    /** {@code GET /v1/audit?action=&target=&actor=&from=&to=&before=&limit=} (admin), newest first, paged by id. */
    public static void routes(Javalin app, Store store) {
        app.get("/v1/audit", ctx -> {
            int limit = Http.queryInt(ctx, "limit", 100, 1, 1000);
            String action = ctx.queryParam("action");
            String target = ctx.queryParam("target");
            String actor = ctx.queryParam("actor");
            Long from = Http.queryTime(ctx, "from");
            Long to = Http.queryTime(ctx, "to");
            String before = ctx.queryParam("before");
            Long beforeId = before == null || before.isEmpty() ? null
                    : Cursor.number("before", before, Cursor.decode("before", before, CURSOR, 1)[0], CURSOR);
            List<Object> rows = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.ADMIN);
                StringBuilder sql = new StringBuilder("SELECT id, at, actor, action, target, before_state, after_state FROM audit WHERE 1=1");
                List<Object> params = new ArrayList<>();
                if (action != null) {
                    sql.append(" AND action = ?");
                    params.add(action);
                }
                if (target != null) {
                    sql.append(" AND target = ?");
                    params.add(target);
                }
                if (actor != null && !actor.isEmpty()) {
                    sql.append(" AND actor = ?");
                    params.add(actor);
                }
                if (from != null) {
                    sql.append(" AND at >= ?");
                    params.add(from);
                }
                if (to != null) {
                    sql.append(" AND at < ?");
                    params.add(to);
                }
                if (beforeId != null) {
                    sql.append(" AND id < ?");
                    params.add(beforeId);
                }
                sql.append(" ORDER BY id DESC LIMIT ").append(limit);
                return Sql.query(c, sql.toString(), rs -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong("id"));
                    m.put("time", Http.time(rs.getLong("at")));
                    m.put("actor", rs.getString("actor"));
                    m.put("action", rs.getString("action"));
                    m.put("target", rs.getString("target"));
                    String b = rs.getString("before_state");
                    String a = rs.getString("after_state");
                    m.put("before", b == null ? null : Json.parse(b));
                    m.put("after", a == null ? null : Json.parse(a));
                    return (Object) m;
                }, params.toArray());
            });
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("entries", rows);
            out.put("next", rows.size() == limit ? Cursor.encode(CURSOR, ((Map<?, ?>) rows.get(rows.size() - 1)).get("id")) : null);
            Http.json(ctx, 200, out);
        });
    }
}
