package secplane.server.events;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import secplane.protocol.json.Json;
import secplane.protocol.json.JsonException;
import secplane.server.agents.AgentRoutes;
import secplane.server.agents.AgentSessions;
import secplane.server.data.DataMap;
import secplane.server.drills.DrillMarkers;
import secplane.server.http.ApiError;
import secplane.server.http.Bodies;
import secplane.server.http.Cursor;
import secplane.server.http.Http;
import secplane.server.store.Sql;
import secplane.server.store.Store;
import secplane.server.tokens.Principal;
import secplane.server.tokens.Tokens;

/**
 * Event batches from agents (docs/protocol.md "Events"), idempotent by batch id, and the
 * operators' queries over them.
 */
public final class EventRoutes {
    public static final int MAX_COMPRESSED = 1 << 20;
    public static final int MAX_UNCOMPRESSED = 16 << 20;
    public static final int MAX_EVENTS = 10_000;

    /** How far behind now an "after" poll reads (see GET /v1/events). */
    static final long SETTLE_MILLIS = 1000;
    private static final String BEFORE = "events.before";
    private static final String AFTER = "events.after";

    private EventRoutes() {
    }

    private record Event(String id, long at, String type, String joinPoint, String aspect, String rule, String verdict, String body) {
    }

    /** @param webhooks told of every newly stored event with {@code verdict=block}, after its batch committed */
    public static void routes(Javalin app, Store store, AgentSessions sessions, Webhooks webhooks) {
        app.post("/v1/agents/{agentId}/events", ctx -> {
            AgentRoutes.checkProtocol(ctx);
            String agentId = ctx.pathParam("agentId");
            String batchId = ctx.header("Idempotency-Key");
            if (batchId == null || !batchId.matches("[A-Za-z0-9._:-]{1,100}")) {
                throw ApiError.badRequest("header Idempotency-Key must carry the batch id: 1 to 100 letters, digits, '.', '_', ':' or '-'");
            }
            // Authenticate before reading a body of up to 16 MiB.
            AgentSessions.Session session = sessions.authenticate(ctx, agentId);
            List<Event> events = read(ctx);
            List<Map<String, Object>> blocked = new ArrayList<>();
            Map<String, Object> out = store.transaction(c -> {
                blocked.clear();
                Map<String, String> agent = Map.of("service", session.agent().service(), "instance", session.agent().instanceId());
                Map<String, Object> m = new LinkedHashMap<>();
                if (Sql.one(c, "SELECT batch_id FROM event_batches WHERE agent_id = ? AND batch_id = ?", rs -> rs.getString(1), agentId, batchId).isPresent()) {
                    m.put("accepted", 0);
                    m.put("duplicate", true);
                    return m;
                }
                long now = System.currentTimeMillis();
                Sql.update(c, "INSERT INTO event_batches (batch_id, agent_id, received_at, events) VALUES (?,?,?,?)", batchId, agentId, now, (long) events.size());
                int accepted = 0;
                List<Map.Entry<Long, String>> dataEvents = new ArrayList<>();
                // An event already stored (sent again inside another batch) is skipped, not doubled:
                // find the ids already present in one query per chunk, then insert the rest as one JDBC batch.
                java.util.Set<String> present = new java.util.HashSet<>();
                for (int from = 0; from < events.size(); from += 500) {
                    List<Event> chunk = events.subList(from, Math.min(events.size(), from + 500));
                    StringBuilder in = new StringBuilder();
                    for (int i = 0; i < chunk.size(); i++) {
                        in.append(i == 0 ? "?" : ",?");
                    }
                    try (PreparedStatement q = c.prepareStatement("SELECT id FROM events WHERE id IN (" + in + ")")) {
                        for (int i = 0; i < chunk.size(); i++) {
                            q.setString(i + 1, chunk.get(i).id);
                        }
                        try (java.sql.ResultSet rs = q.executeQuery()) {
                            while (rs.next()) {
                                present.add(rs.getString(1));
                            }
                        }
                    }
                }
                DrillMarkers markers = new DrillMarkers(c, now);
                Map<EventCounts.Key, Long> counts = new LinkedHashMap<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO events (id, batch_id, agent_id, service, instance_id, at, type, join_point, aspect, rule_id, verdict, body, received_at, drill) "
                                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                    for (Event e : events) {
                        if (!present.add(e.id)) {
                            continue; // stored before, or twice in this batch
                        }
                        Map.Entry<String, String> drill = drill(markers, e);
                        String body = drill.getValue();
                        Sql.bind(ps, e.id, batchId, agentId, agent.get("service"), agent.get("instance"), e.at, e.type, e.joinPoint,
                                e.aspect, e.rule, e.verdict, body, now, drill.getKey());
                        ps.addBatch();
                        accepted++;
                        counts.merge(EventCounts.Key.of(e.at, agent.get("service"), e.rule, e.verdict, e.type, drill.getKey() != null), 1L, Long::sum);
                        if (drill.getKey() != null) {
                            continue; // a drill's event: neither a data finding nor an incident to page anyone about
                        }
                        if ("data".equals(e.aspect)) {
                            dataEvents.add(Map.entry(e.at, body));
                        }
                        if ("block".equals(e.verdict) && webhooks.enabled()) {
                            blocked.add(forWebhook(e, body, agentId, agent));
                        }
                    }
                    if (accepted > 0) {
                        ps.executeBatch();
                    }
                }
                EventCounts.add(c, counts);
                DataMap.ingest(c, agent.get("service"), dataEvents);
                m.put("accepted", accepted);
                m.put("duplicate", false);
                return m;
            });
            // Only now is the batch committed: a webhook never hears of an event that was rolled back.
            blocked.forEach(webhooks::offer);
            Http.json(ctx, 200, out);
        });

        app.get("/v1/events", ctx -> {
            int limit = Http.queryInt(ctx, "limit", 100, 1, 1000);
            String before = ctx.queryParam("before");
            String after = ctx.queryParam("after");
            if (before != null && after != null) {
                throw ApiError.badRequest("give either before (older pages) or after (events stored since), not both");
            }
            List<Object> params = new ArrayList<>();
            StringBuilder where = new StringBuilder(filters(ctx, params));
            long now = System.currentTimeMillis();
            // A poll returns what was stored up to a second ago: a batch whose transaction is still open then
            // has a received_at in that second and is returned by the next poll instead of being skipped.
            long settled = now - SETTLE_MILLIS;
            String order;
            if (after != null) {
                String[] k = Cursor.decode("after", after, AFTER, 2);
                long received = Cursor.number("after", after, k[0], AFTER);
                where.append(" AND received_at <= ? AND received_at >= ? AND (received_at > ? OR id > ?)");
                params.addAll(List.of(settled, received, received, k[1]));
                order = " ORDER BY received_at, id";
            } else {
                if (before != null) {
                    String[] k = Cursor.decode("before", before, BEFORE, 2);
                    long at = Cursor.number("before", before, k[0], BEFORE);
                    // at <= ? first, so that an index on (…, at, id) bounds the scan; then the tie on at by id.
                    where.append(" AND at <= ? AND (at < ? OR id < ?)");
                    params.addAll(List.of(at, at, k[1]));
                }
                order = " ORDER BY at DESC, id DESC";
            }
            List<Object[]> rows = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                return Sql.query(c, "SELECT agent_id, instance_id, service, body, drill, at, id, received_at FROM events" + where + order + " LIMIT " + limit, rs -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) Json.parse(rs.getString(4)));
                    m.put("service", rs.getString(3));
                    m.put("agentId", rs.getString(1));
                    m.put("instanceId", rs.getString(2));
                    if (rs.getString(5) != null) {
                        m.put("drill", rs.getString(5));
                    }
                    return new Object[] {m, rs.getLong(6), rs.getString(7), rs.getLong(8)};
                }, params.toArray());
            });
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("events", rows.stream().map(r -> r[0]).toList());
            if (after != null) {
                out.put("next", null);
                if (rows.size() == limit) {
                    Object[] last = rows.get(rows.size() - 1);
                    out.put("newest", Cursor.encode(AFTER, last[3], last[2]));
                } else {
                    long received = Cursor.number("after", after, Cursor.decode("after", after, AFTER, 2)[0], AFTER);
                    // everything up to 'settled' has been returned: the next poll starts just after it
                    out.put("newest", Cursor.encode(AFTER, Math.max(received, settled + 1), ""));
                }
            } else {
                Object[] last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
                out.put("next", rows.size() == limit ? Cursor.encode(BEFORE, last[1], last[2]) : null);
                out.put("newest", Cursor.encode(AFTER, settled, ""));
            }
            Http.json(ctx, 200, out);
        });

        app.get("/v1/events/counts", ctx -> {
            String by = ctx.queryParamAsClass("by", String.class).getOrDefault("rule");
            String bucket = ctx.queryParamAsClass("bucket", String.class).getOrDefault("hour");
            String column = switch (by) {
                case "rule" -> "rule_id";
                case "service" -> "service";
                case "verdict" -> "verdict";
                case "type" -> "type";
                default -> throw ApiError.invalid("query parameter by=" + by + " is not accepted; expected rule, service, verdict or type");
            };
            long width = switch (bucket) {
                case "minute" -> EventCounts.MINUTE;
                case "hour" -> EventCounts.HOUR;
                case "day" -> EventCounts.DAY;
                default -> throw ApiError.invalid("query parameter bucket=" + bucket + " is not accepted; expected minute, hour or day");
            };
            Long from = Http.queryTime(ctx, "from");
            Long to = Http.queryTime(ctx, "to");
            String table = EventCounts.table(ctx, by, width, from, to);
            List<Object> params = new ArrayList<>();
            String where = filters(ctx, params);
            List<Object> rows = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                if (table != null) {
                    return EventCounts.query(c, ctx, table, by, column, width, from, to);
                }
                return Sql.query(c, "SELECT (at / " + width + ") * " + width + " AS b, " + column + " AS k, COUNT(*) AS n FROM events" + where
                        + " GROUP BY (at / " + width + ") * " + width + ", " + column + " ORDER BY b, k", rs -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("bucket", Http.time(rs.getLong(1)));
                    m.put(by, rs.getString(2));
                    m.put("count", rs.getLong(3));
                    return (Object) m;
                }, params.toArray());
            });
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("by", by);
            out.put("bucket", bucket);
            out.put("source", table == null ? "events" : "rollup");
            out.put("counts", rows);
            Http.json(ctx, 200, out);
        });
    }

    private static String filters(Context ctx, List<Object> params) {
        StringBuilder where = new StringBuilder(" WHERE 1=1");
        Long from = Http.queryTime(ctx, "from");
        Long to = Http.queryTime(ctx, "to");
        if (from != null) {
            where.append(" AND at >= ?");
            params.add(from);
        }
        if (to != null) {
            where.append(" AND at < ?");
            params.add(to);
        }
        String[][] columns = {{"service", "service"}, {"instance", "instance_id"}, {"joinPoint", "join_point"}, {"aspect", "aspect"},
                {"rule", "rule_id"}, {"verdict", "verdict"}, {"type", "type"}, {"agentId", "agent_id"}};
        // drill=<runId>: that drill's events; drill=none: real events only; drill=any: every drill's
        String drill = ctx.queryParam("drill");
        if ("none".equals(drill)) {
            where.append(" AND drill IS NULL");
        } else if ("any".equals(drill)) {
            where.append(" AND drill IS NOT NULL");
        } else if (drill != null && !drill.isEmpty()) {
            where.append(" AND drill = ?");
            params.add(drill);
        }
        for (String[] col : columns) {
            String v = ctx.queryParam(col[0]);
            if (v != null && !v.isEmpty()) {
                where.append(" AND ").append(col[1]).append(" = ?");
                params.add(v);
            }
        }
        return where.toString();
    }

    /** The batch body: gzip (or identity) NDJSON within the limits, every line an event object. */
    static List<Event> read(Context ctx) {
        String type = ctx.header("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("application/x-ndjson")) {
            throw ApiError.unsupportedMedia("events must be sent as Content-Type application/x-ndjson, not '" + type + "'");
        }
        byte[] body = Bodies.readEncoded(ctx, MAX_COMPRESSED, MAX_UNCOMPRESSED, "batch");
        String text = Bodies.utf8(body, "the batch");
        String[] lines = text.split("\n", -1);
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            if (out.size() == MAX_EVENTS) {
                throw ApiError.tooLarge("the batch has more than " + MAX_EVENTS + " events; send at most " + MAX_EVENTS + " per batch");
            }
            out.add(event(lines[i], i + 1));
        }
        return out;
    }

    /** The event as the agent sent it, plus where it comes from, as {@code GET /v1/events} shows it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> forWebhook(Event e, String body, String agentId, Map<String, String> agent) {
        Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) Json.parse(body));
        m.put("service", agent.get("service"));
        m.put("agentId", agentId);
        m.put("instanceId", agent.get("instance"));
        return m;
    }

    /**
     * The run id of a drill's event, and the body to store. An event whose {@code request.drill} carries a
     * valid marker (docs/drills.md) belongs to that run; one whose marker is forged or stale is a real
     * event, stored with {@code "drillMarker": "invalid"} so that nobody mistakes it for a drill.
     */
    @SuppressWarnings("unchecked")
    private static Map.Entry<String, String> drill(DrillMarkers markers, Event e) throws java.sql.SQLException {
        if (!e.body.contains("\"drill\"")) {
            return new java.util.AbstractMap.SimpleImmutableEntry<>(null, e.body);
        }
        Map<String, Object> event = (Map<String, Object>) Json.parse(e.body);
        if (!(event.get("request") instanceof Map<?, ?> request) || !(request.get("drill") instanceof String marker)) {
            return new java.util.AbstractMap.SimpleImmutableEntry<>(null, e.body);
        }
        java.util.Optional<String> run = markers.check(marker);
        if (run.isPresent()) {
            return new java.util.AbstractMap.SimpleImmutableEntry<>(run.get(), e.body);
        }
        Map<String, Object> marked = new LinkedHashMap<>(event);
        marked.put("drillMarker", "invalid");
        return new java.util.AbstractMap.SimpleImmutableEntry<>(null, Json.write(marked));
    }

    private static Event event(String line, int number) {
        Object v;
        try {
            v = Json.parse(line);
        } catch (JsonException e) {
            throw new ApiError(400, "malformed-json", "line " + number + ": not valid JSON: " + e.getMessage() + "; nothing of this batch was stored");
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw ApiError.invalid("line " + number + ": an event must be a JSON object; nothing of this batch was stored");
        }
        String id = text(m, "id", number, true);
        if (id.length() > 100) {
            throw ApiError.invalid("line " + number + ": /id is longer than 100 characters");
        }
        String time = text(m, "time", number, true);
        long at = Http.parseTime(time, "line " + number + ": /time");
        return new Event(id, at, text(m, "type", number, true), text(m, "joinPoint", number, false), text(m, "aspect", number, false),
                text(m, "rule", number, false), text(m, "verdict", number, false), line);
    }

    private static String text(Map<?, ?> m, String field, int line, boolean required) {
        Object v = m.get(field);
        if (v == null) {
            if (required) {
                throw ApiError.invalid("line " + line + ": /" + field + " is missing; nothing of this batch was stored");
            }
            return null;
        }
        if (!(v instanceof String s) || s.length() > 200) {
            throw ApiError.invalid("line " + line + ": /" + field + " must be a string of at most 200 characters; nothing of this batch was stored");
        }
        return s;
    }
}
