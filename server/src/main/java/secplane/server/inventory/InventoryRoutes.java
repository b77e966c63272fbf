package secplane.server.inventory;

import io.javalin.Javalin;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import secplane.advisories.Component;
import secplane.advisories.CycloneDx;
import secplane.advisories.Inventory;
import secplane.protocol.json.Json;
import secplane.server.agents.AgentRoutes;
import secplane.server.agents.AgentSessions;
import secplane.server.http.ApiError;
import secplane.server.http.Bodies;
import secplane.server.http.Http;
import secplane.server.http.JsonBody;
import secplane.server.store.Sql;
import secplane.server.store.Store;
import secplane.server.tokens.Principal;
import secplane.server.tokens.Tokens;

/**
 * The runtime inventory (docs/protocol.md "Inventory"): what each agent reports really runs in its
 * JVM — the JDK, the application server, every jar with its hash and the Maven components found in
 * it — and the operators' views of it, including CycloneDX.
 */
public final class InventoryRoutes {
    public static final int MAX_JARS = 10_000;
    public static final int MAX_COMPONENTS_PER_JAR = 64;
    static final int MAX_SENT = 4 << 20;
    static final long MAX_PLAIN = 32L << 20;
    static final List<String> SOURCES = List.of("pom.properties", "manifest", "filename", "shaded");

    private InventoryRoutes() {
    }

    /** One component row, with the jar it was found in. */
    public record Found(String agentId, String service, String instanceId, long lastContact, String path, String sha256, Long size,
                        String group, String artifact, String version, String source, String relocatedTo) {
        public Component component() {
            return new Component(group, artifact, version, source);
        }
    }

    public static void routes(Javalin app, Store store, AgentSessions sessions) {
        app.put("/v1/agents/{agentId}/inventory", ctx -> {
            AgentRoutes.checkProtocol(ctx);
            String agentId = ctx.pathParam("agentId");
            sessions.authenticate(ctx, agentId);
            String type = ctx.header("Content-Type");
            if (type != null && !type.toLowerCase().startsWith("application/json")) {
                throw ApiError.unsupportedMedia("expected Content-Type application/json, got '" + type + "'");
            }
            JsonBody body = JsonBody.parse(Bodies.utf8(Bodies.readEncoded(ctx, MAX_SENT, MAX_PLAIN, "inventory"), "the inventory"));
            Report report = Report.of(body);
            Map<String, Object> out = store.transaction(c -> store(c, agentId, report));
            Http.json(ctx, 200, out);
        });

        app.get("/v1/inventory", ctx -> {
            String service = ctx.queryParam("service");
            String instance = ctx.queryParam("instance");
            String component = ctx.queryParam("component");
            List<Object> out = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                return list(c, service, instance, component);
            });
            Http.json(ctx, 200, Map.of("agents", out));
        });

        app.get("/v1/inventory/{agentId}/cyclonedx", ctx -> {
            String agentId = ctx.pathParam("agentId");
            String bom = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                return cycloneDx(c, agentId);
            });
            ctx.status(200).contentType("application/vnd.cyclonedx+json; version=1.5").result(bom);
        });
    }

    /** A validated inventory body. */
    record Report(long version, String hash, Long collectedAt, String jdk, String appServer, List<Jar> jars) {
        record Jar(String path, String kind, Long size, String sha256, String error, List<Comp> components) {
        }

        record Comp(String group, String artifact, String version, String source, String relocatedTo) {
        }

        static Report of(JsonBody body) {
            long version = body.integer("inventoryVersion", true, 1, Long.MAX_VALUE);
            String collected = body.string("collectedAt", false, 40);
            Long collectedAt = collected == null ? null : Http.parseTime(collected, body.pointerOf("collectedAt"));
            String hash = body.string("hash", false, 64);
            if (hash != null && !hash.matches("[0-9a-f]{64}")) {
                throw ApiError.invalid(body.pointerOf("hash") + ": expected 64 lower-case hex digits (SHA-256)");
            }
            JsonBody jdk = body.object("jdk", false);
            String jdkJson = null;
            if (jdk != null) {
                Map<String, Object> m = new LinkedHashMap<>();
                for (String k : List.of("vendor", "version", "runtime", "home")) {
                    m.put(k, jdk.string(k, false, 500));
                }
                jdk.done();
                jdkJson = Json.write(m);
            }
            JsonBody server = body.object("appServer", false);
            String serverJson = null;
            if (server != null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", server.string("name", true, 200));
                m.put("version", server.string("version", false, 100));
                server.done();
                serverJson = Json.write(m);
            }
            List<Jar> jars = new ArrayList<>();
            for (JsonBody j : body.objects("jars", true, MAX_JARS)) {
                String path = j.string("path", true, 2000);
                String kind = j.oneOf("kind", true, List.of("jar", "dir"));
                Long size = j.integer("size", false, 0, Long.MAX_VALUE);
                String sha = j.string("sha256", false, 64);
                if (sha != null && !sha.matches("[0-9a-f]{64}")) {
                    throw ApiError.invalid(j.pointerOf("sha256") + ": expected 64 lower-case hex digits (SHA-256)");
                }
                String error = j.string("error", false, 4000);
                if (error != null && error.length() > 500) {
                    error = error.substring(0, 499) + "…";
                }
                List<Comp> comps = new ArrayList<>();
                List<JsonBody> cs = j.objects("components", false, MAX_COMPONENTS_PER_JAR);
                for (JsonBody cb : cs == null ? List.<JsonBody>of() : cs) {
                    String group = cb.string("group", false, 200);
                    String artifact = cb.string("artifact", true, 200);
                    String v = cb.string("version", false, 100);
                    String source = cb.oneOf("source", true, SOURCES);
                    String relocated = cb.string("relocatedTo", false, 200);
                    cb.done();
                    comps.add(new Comp(group, artifact, v, source, relocated));
                }
                j.done();
                jars.add(new Jar(path, kind, size, sha, error, comps));
            }
            body.done();
            return new Report(version, hash, collectedAt, jdkJson, serverJson, jars);
        }
    }

    /**
     * Replaces the agent's inventory: every upload is the agent's whole current state, and a
     * restarted agent with a new data directory counts from 1 again (docs/protocol.md "Inventory").
     */
    static Map<String, Object> store(Connection c, String agentId, Report r) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        Sql.update(c, "DELETE FROM inventory_components WHERE agent_id = ?", agentId);
        Sql.update(c, "DELETE FROM inventory_jars WHERE agent_id = ?", agentId);
        Sql.update(c, "DELETE FROM inventories WHERE agent_id = ?", agentId);
        Sql.update(c, "INSERT INTO inventories (agent_id, version, hash, collected_at, received_at, jdk, app_server, jars) VALUES (?,?,?,?,?,?,?,?)",
                agentId, r.version(), r.hash(), r.collectedAt(), now, r.jdk(), r.appServer(), (long) r.jars().size());
        try (PreparedStatement jars = c.prepareStatement("INSERT INTO inventory_jars (agent_id, seq, path, kind, size, sha256, error) VALUES (?,?,?,?,?,?,?)");
             PreparedStatement comps = c.prepareStatement("INSERT INTO inventory_components (agent_id, seq, grp, artifact, version, source, relocated_to) VALUES (?,?,?,?,?,?,?)")) {
            int seq = 0;
            for (Report.Jar j : r.jars()) {
                Sql.bind(jars, agentId, seq, j.path(), j.kind(), j.size(), j.sha256(), j.error());
                jars.addBatch();
                for (Report.Comp cp : j.components()) {
                    Sql.bind(comps, agentId, seq, cp.group(), cp.artifact(), cp.version(), cp.source(), cp.relocatedTo());
                    comps.addBatch();
                }
                seq++;
            }
            jars.executeBatch();
            comps.executeBatch();
        }
        out.put("stored", true);
        out.put("inventoryVersion", r.version());
        return out;
    }

    /** The version of the agent's stored inventory, 0 when none (told back in the heartbeat answer). */
    public static long storedVersion(Connection c, String agentId) throws SQLException {
        return Sql.one(c, "SELECT version FROM inventories WHERE agent_id = ?", rs -> rs.getLong(1), agentId).orElse(0L);
    }

    /** Component rows of every reported inventory whose {@code group:artifact} is one of {@code packages} (all when null). */
    public static List<Found> find(Connection c, java.util.Collection<String> packages, String service, String instance) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT a.id, a.service, a.instance_id, a.last_contact, j.path, j.sha256, j.size, "
                + "ic.grp, ic.artifact, ic.version, ic.source, ic.relocated_to FROM inventory_components ic "
                + "JOIN inventory_jars j ON j.agent_id = ic.agent_id AND j.seq = ic.seq JOIN agents a ON a.id = ic.agent_id WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (packages != null) {
            if (packages.isEmpty()) {
                return List.of();
            }
            sql.append(" AND ic.artifact IN (");
            int i = 0;
            for (String p : packages) {
                sql.append(i++ == 0 ? "?" : ",?");
                params.add(p.substring(p.indexOf(':') + 1));
            }
            sql.append(')');
        }
        if (service != null) {
            sql.append(" AND a.service = ?");
            params.add(service);
        }
        if (instance != null) {
            sql.append(" AND a.instance_id = ?");
            params.add(instance);
        }
        sql.append(" ORDER BY a.service, a.instance_id, j.seq");
        List<Found> rows = Sql.query(c, sql.toString(), rs -> new Found(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), Sql.longOrNull(rs, "size"), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12)), params.toArray());
        if (packages == null) {
            return rows;
        }
        // The IN above is on the artifact only (indexed); the group must match too (a null group matches by artifact: a file name).
        return rows.stream().filter(f -> packages.contains(f.group() + ":" + f.artifact())
                || f.group() == null && packages.stream().anyMatch(p -> p.endsWith(":" + f.artifact()))).toList();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Connection c, String service, String instance, String component) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT a.id, a.service, a.instance_id, a.host, a.pid, i.version, i.collected_at, i.received_at, i.jdk, i.app_server, i.jars "
                + "FROM agents a JOIN inventories i ON i.agent_id = a.id WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (service != null) {
            sql.append(" AND a.service = ?");
            params.add(service);
        }
        if (instance != null) {
            sql.append(" AND a.instance_id = ?");
            params.add(instance);
        }
        sql.append(" ORDER BY a.service, a.instance_id");
        List<Map<String, Object>> agents = Sql.query(c, sql.toString(), rs -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("agentId", rs.getString(1));
            m.put("service", rs.getString(2));
            m.put("instanceId", rs.getString(3));
            m.put("host", rs.getString(4));
            m.put("pid", Sql.longOrNull(rs, "pid"));
            m.put("inventoryVersion", rs.getLong(6));
            m.put("collectedAt", Http.timeOrNull(Sql.longOrNull(rs, "collected_at")));
            m.put("receivedAt", Http.time(rs.getLong(8)));
            m.put("jdk", rs.getString(9) == null ? null : Json.parse(rs.getString(9)));
            m.put("appServer", rs.getString(10) == null ? null : Json.parse(rs.getString(10)));
            m.put("jarCount", rs.getLong(11));
            return m;
        }, params.toArray());
        String[] ga = component == null ? null : component.split(":", 2);
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> a : agents) {
            String id = (String) a.get("agentId");
            Map<Integer, Map<String, Object>> bySeq = new LinkedHashMap<>();
            Sql.query(c, "SELECT seq, path, kind, size, sha256, error FROM inventory_jars WHERE agent_id = ? ORDER BY seq", rs -> {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("path", rs.getString(2));
                j.put("kind", rs.getString(3));
                j.put("size", Sql.longOrNull(rs, "size"));
                j.put("sha256", rs.getString(5));
                if (rs.getString(6) != null) {
                    j.put("error", rs.getString(6));
                }
                j.put("components", new ArrayList<>());
                bySeq.put(rs.getInt(1), j);
                return null;
            }, id);
            Sql.query(c, "SELECT seq, grp, artifact, version, source, relocated_to FROM inventory_components WHERE agent_id = ? ORDER BY seq", rs -> {
                Map<String, Object> cp = new LinkedHashMap<>();
                cp.put("group", rs.getString(2));
                cp.put("artifact", rs.getString(3));
                cp.put("version", rs.getString(4));
                cp.put("source", rs.getString(5));
                if (rs.getString(6) != null) {
                    cp.put("relocatedTo", rs.getString(6));
                }
                Map<String, Object> j = bySeq.get(rs.getInt(1));
                if (j != null) {
                    ((List<Object>) j.get("components")).add(cp);
                }
                return null;
            }, id);
            List<Object> jars = new ArrayList<>();
            for (Map<String, Object> j : bySeq.values()) {
                if (ga == null || ((List<Map<String, Object>>) j.get("components")).stream().anyMatch(cp ->
                        ga[ga.length - 1].equals(cp.get("artifact")) && (ga.length == 1 || ga[0].equals(cp.get("group"))))) {
                    jars.add(j);
                }
            }
            if (ga != null && jars.isEmpty()) {
                continue;
            }
            a.put("jars", jars);
            out.add(a);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static String cycloneDx(Connection c, String agentId) throws SQLException {
        List<Object> one = Sql.one(c, "SELECT service, instance_id FROM agents WHERE id = ?", rs -> List.<Object>of(rs.getString(1), rs.getString(2)), agentId)
                .orElseThrow(() -> ApiError.notFound("no agent " + agentId + "; GET /v1/agents lists them"));
        List<Object> listed = list(c, (String) one.get(0), (String) one.get(1), null);
        if (listed.isEmpty()) {
            throw ApiError.notFound("agent " + agentId + " has not reported an inventory yet");
        }
        Map<String, Object> a = (Map<String, Object>) listed.get(0);
        Map<String, Object> jdk = (Map<String, Object>) a.get("jdk");
        String jdkText = jdk == null ? null : (jdk.get("vendor") + " " + jdk.get("version")).trim();
        List<Inventory.Jar> jars = new ArrayList<>();
        for (Map<String, Object> j : (List<Map<String, Object>>) a.get("jars")) {
            if (!"jar".equals(j.get("kind")) || j.get("sha256") == null) {
                continue;
            }
            List<Component> comps = new ArrayList<>();
            for (Map<String, Object> cp : (List<Map<String, Object>>) j.get("components")) {
                if (cp.get("group") == null) {
                    continue; // known by file name only: no Maven coordinates to state
                }
                comps.add(new Component((String) cp.get("group"), (String) cp.get("artifact"), (String) cp.get("version"), (String) cp.get("source")));
            }
            jars.add(new Inventory.Jar((String) j.get("path"), (String) j.get("sha256"), j.get("size") == null ? 0 : (Long) j.get("size"), comps));
        }
        return CycloneDx.write(new Inventory((String) a.get("service"), (String) a.get("instanceId"), jdkText, jars));
    }
}
