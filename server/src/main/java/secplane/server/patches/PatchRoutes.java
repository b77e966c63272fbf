package secplane.server.patches;

import io.javalin.Javalin;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import secplane.protocol.json.Json;
import secplane.server.ServerConfig;
import secplane.server.advisories.AdvisoryRoutes;
import secplane.server.agents.SnapshotPolls;
import secplane.server.audit.Audit;
import secplane.server.http.ApiError;
import secplane.server.http.Http;
import secplane.server.http.JsonBody;
import secplane.server.keys.SigningKey;
import secplane.server.policies.PolicyRoutes;
import secplane.server.policies.Rollouts;
import secplane.server.policies.Target;
import secplane.server.store.Sql;
import secplane.server.store.Store;
import secplane.server.tokens.Principal;
import secplane.server.tokens.Tokens;

/**
 * The emergency workflow (docs/server.md "Virtual patches"): apply a patch set to exactly the
 * instances exposed to an advisory, as a (staged) rollout of a new policy version per service;
 * follow each agent's self-check; revert.
 */
public final class PatchRoutes {
    private PatchRoutes() {
    }

    public static void routes(Javalin app, Store store, SigningKey key, SnapshotPolls polls, ServerConfig config) {
        app.get("/v1/patches", ctx -> {
            Map<String, Object> out = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                List<Object> sets = new ArrayList<>();
                Map<String, List<Object>> inForce = inForce(c);
                for (Patches.PatchSet p : Patches.builtin()) {
                    Map<String, Object> m = p.describe();
                    m.put("builtin", true);
                    m.put("inForce", inForce.getOrDefault(p.id(), List.of()));
                    sets.add(m);
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("patches", sets);
                r.put("inForce", inForce);
                return r;
            });
            Http.json(ctx, 200, out);
        });

        app.post("/v1/patches/apply", ctx -> {
            JsonBody body = JsonBody.of(ctx);
            Object raw = body.value("patch", true);
            Patches.PatchSet set;
            if (raw instanceof String id) {
                set = Patches.builtin(id);
            } else {
                set = Patches.set(body.object("patch", true), "/patch");
            }
            String to = body.string("to", true, 300);
            Target.Request staging = Target.from(body.object("rollout", false));
            String note = body.string("note", false, 200);
            body.done();
            Map<String, Object> out = store.transaction(c -> {
                Principal op = Tokens.operator(c, ctx, Principal.Role.OPERATOR);
                Map<String, Set<String>> targets = resolve(c, to);
                if (targets.isEmpty()) {
                    throw ApiError.conflict("'" + to + "' selects no instance: nothing to patch (secplane exposure <advisory> shows what the inventories hold)");
                }
                List<Object> services = new ArrayList<>();
                for (Map.Entry<String, Set<String>> t : targets.entrySet()) {
                    services.add(applyTo(c, key, op, config, t.getKey(), t.getValue(), set, staging, note == null ? "patch " + set.id() + " to " + to : note));
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("patch", set.id());
                r.put("to", to);
                r.put("services", services);
                Audit.record(c, op, "patch.apply", "patch/" + set.id(), null, r);
                return r;
            });
            for (Object o : (List<?>) out.get("services")) {
                polls.wake((String) ((Map<?, ?>) o).get("service"));
            }
            Http.json(ctx, 201, out);
        });

        app.post("/v1/patches/revert", ctx -> {
            JsonBody body = JsonBody.of(ctx);
            String id = body.string("patch", true, 64);
            String only = body.string("service", false, 100);
            body.done();
            Map<String, Object> out = store.transaction(c -> {
                Principal op = Tokens.operator(c, ctx, Principal.Role.OPERATOR);
                List<Object> services = new ArrayList<>();
                for (Map.Entry<String, Newest> e : newestPolicies(c).entrySet()) {
                    if (only != null && !only.equals(e.getKey())) {
                        continue;
                    }
                    Newest n = e.getValue();
                    List<Map<String, Object>> kept = new ArrayList<>();
                    Set<String> had = new LinkedHashSet<>();
                    boolean found = false;
                    for (Map<String, Object> p : n.patches()) {
                        if (id.equals(p.get("set"))) {
                            found = true;
                            had.addAll(instances(p));
                        } else {
                            kept.add(p);
                        }
                    }
                    if (!found) {
                        continue;
                    }
                    Map<String, Object> policy = new LinkedHashMap<>(n.policy());
                    policy.put("patches", kept);
                    Target target = had.isEmpty() ? Target.ALL : new Target(Map.of(), List.copyOf(had), 100);
                    Map<String, Object> issued = PolicyRoutes.issue(c, key, op, e.getKey(), policy, target, n.bundles(), "revert patch " + id, "patch.revert");
                    services.add(issued);
                }
                if (services.isEmpty()) {
                    throw ApiError.notFound("patch " + id + " is not in force" + (only == null ? "" : " in service " + only) + "; GET /v1/patches shows what is");
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("patch", id);
                r.put("services", services);
                Audit.record(c, op, "patch.revert", "patch/" + id, null, r);
                return r;
            });
            for (Object o : (List<?>) out.get("services")) {
                polls.wake((String) ((Map<?, ?>) o).get("service"));
            }
            Http.json(ctx, 201, out);
        });

        app.get("/v1/patches/{id}/status", ctx -> {
            String id = ctx.pathParam("id");
            Map<String, Object> out = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                return status(c, id);
            });
            Http.json(ctx, 200, out);
        });
    }

    /** {@code exposed:<advisory>}, {@code service:<name>} or {@code instances:<service>/<instance>,...} → instances per service (empty set = every instance). */
    static Map<String, Set<String>> resolve(Connection c, String to) throws SQLException {
        Map<String, Set<String>> out = new TreeMap<>();
        if (to.startsWith("exposed:")) {
            AdvisoryRoutes.Catalog cat = AdvisoryRoutes.catalog(c);
            for (AdvisoryRoutes.Exposed e : AdvisoryRoutes.exposed(c, cat, cat.find(to.substring(8)), null)) {
                out.computeIfAbsent(e.service(), k -> new java.util.TreeSet<>()).add(e.instanceId());
            }
        } else if (to.startsWith("service:")) {
            String s = to.substring(8);
            if (Sql.one(c, "SELECT name FROM services WHERE name = ?", rs -> rs.getString(1), s).isEmpty()) {
                throw ApiError.notFound("no service " + s);
            }
            out.put(s, Set.of());
        } else if (to.startsWith("instances:")) {
            for (String si : to.substring(10).split(",")) {
                int slash = si.indexOf('/');
                if (slash <= 0) {
                    throw ApiError.invalid("/to: '" + si + "' is not <service>/<instance>");
                }
                out.computeIfAbsent(si.substring(0, slash), k -> new java.util.TreeSet<>()).add(si.substring(slash + 1));
            }
        } else {
            throw ApiError.invalid("/to: expected exposed:<advisory id or alias>, service:<name> or instances:<service>/<instance>,..., got '" + to + "'");
        }
        return out;
    }

    record Newest(long version, Map<String, Object> policy, List<Object> bundles, List<Map<String, Object>> patches) {
    }

    /** A span of time during which an agent ran an active patch entry: {@code until} is {@link Long#MAX_VALUE} while it still does. */
    public record Mitigated(long from, long until) {
        public boolean covers(long t) {
            return from <= t && t < until;
        }

        public boolean open() {
            return until == Long.MAX_VALUE;
        }
    }

    /**
     * Per agent, since when it has run an active virtual patch entry that names one of {@code advisoryIds}
     * and is still in force in its service's newest policy: an entry reverted (or rolled back) no longer
     * mitigates even if the agent's last report of it said active.
     */
    public static Map<String, Long> mitigatedSince(Connection c, Collection<String> advisoryIds) throws SQLException {
        Map<String, Long> out = new java.util.HashMap<>();
        for (Map.Entry<String, List<Mitigated>> e : mitigations(c, advisoryIds).entrySet()) {
            e.getValue().stream().filter(Mitigated::open).mapToLong(Mitigated::from).min().ifPresent(t -> out.put(e.getKey(), t));
        }
        return out;
    }

    /**
     * Per agent, the spans during which it ran an active virtual patch entry that names one of
     * {@code advisoryIds} (id or alias, any case; the entries of the built-in sets and of the services'
     * newest policies). A span starts when the agent first reported the entry active and ends when a
     * later version of its service's policy no longer holds the entry for its instance (revert,
     * rollback): from then on the instance counts as exposed again. The agent stops reporting an entry
     * its policy dropped, so its last report alone would keep it "active" for ever.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, List<Mitigated>> mitigations(Connection c, Collection<String> advisoryIds) throws SQLException {
        Set<String> names = new java.util.HashSet<>();
        for (String a : advisoryIds) {
            names.add(a.toUpperCase(java.util.Locale.ROOT));
        }
        Set<String> entries = new java.util.TreeSet<>();
        for (Patches.PatchSet set : Patches.builtin()) {
            if (set.advisories().stream().anyMatch(a -> names.contains(a.toUpperCase(java.util.Locale.ROOT)))) {
                set.patches().forEach(p -> entries.add((String) p.get("id")));
            }
        }
        for (Newest n : newestPolicies(c).values()) {
            for (Map<String, Object> p : n.patches()) {
                for (Object a : (List<Object>) p.getOrDefault("advisories", List.of())) {
                    if (a instanceof String s && names.contains(s.toUpperCase(java.util.Locale.ROOT))) {
                        entries.add((String) p.get("id"));
                    }
                }
            }
        }
        Map<String, List<Mitigated>> out = new java.util.HashMap<>();
        if (entries.isEmpty()) {
            return out;
        }
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < entries.size(); i++) {
            in.append(i == 0 ? "?" : ",?");
        }
        record Report(String agentId, String patchId, long version, long since, String service, String instanceId) {
        }
        List<Report> reports = Sql.query(c, "SELECT p.agent_id, p.patch_id, p.version, p.active_since, a.service, a.instance_id FROM agent_patches p "
                        + "JOIN agents a ON a.id = p.agent_id WHERE p.active_since IS NOT NULL AND p.patch_id IN (" + in + ")",
                rs -> new Report(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5), rs.getString(6)), entries.toArray());
        Map<String, List<Version>> history = new java.util.HashMap<>();
        for (Report r : reports) {
            List<Version> versions = history.get(r.service());
            if (versions == null) {
                versions = versions(c, r.service());
                history.put(r.service(), versions);
            }
            long until = Long.MAX_VALUE;
            for (Version v : versions) {
                if (v.number() > r.version() && !v.holds(r.patchId(), r.instanceId())) {
                    until = Math.max(v.createdAt(), r.since());
                    break;
                }
            }
            if (until > r.since()) {
                out.computeIfAbsent(r.agentId(), k -> new ArrayList<>()).add(new Mitigated(r.since(), until));
            }
        }
        return out;
    }

    /** One version of a service's policy: which patch entries it holds, for which instances (none listed = all). */
    private record Version(long number, long createdAt, Map<String, Set<String>> patches) {
        boolean holds(String patchId, String instanceId) {
            Set<String> scope = patches.get(patchId);
            return scope != null && (scope.isEmpty() || scope.contains(instanceId));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Version> versions(Connection c, String service) throws SQLException {
        return Sql.query(c, "SELECT version, created_at, policy FROM snapshots WHERE service = ? ORDER BY version", rs -> {
                Map<String, Object> policy = (Map<String, Object>) Json.parse(rs.getString(3));
            Map<String, Set<String>> patches = new java.util.HashMap<>();
            for (Map<String, Object> p : (List<Map<String, Object>>) policy.getOrDefault("patches", List.of())) {
                patches.computeIfAbsent((String) p.get("id"), k -> new java.util.HashSet<>()).addAll(instances(p));
            }
            return new Version(rs.getLong(1), rs.getLong(2), patches);
        }, service);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Newest> newestPolicies(Connection c) throws SQLException {
        Map<String, Newest> out = new TreeMap<>();
        Sql.query(c, "SELECT s.service, s.version, s.policy, s.bundles FROM snapshots s JOIN services v ON v.name = s.service AND v.last_version = s.version", rs -> {
            Map<String, Object> policy = (Map<String, Object>) Json.parse(rs.getString(3));
            List<Map<String, Object>> patches = (List<Map<String, Object>>) policy.getOrDefault("patches", List.of());
            out.put(rs.getString(1), new Newest(rs.getLong(2), policy, (List<Object>) Json.parse(rs.getString(4)), patches));
            return null;
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<String> instances(Map<String, Object> patch) {
        return (List<String>) patch.getOrDefault("instances", List.of());
    }

    static Map<String, Object> applyTo(Connection c, SigningKey key, Principal op, ServerConfig config, String service, Set<String> instances,
                                       Patches.PatchSet set, Target.Request staging, String note) throws SQLException {
        Newest n = newestPolicies(c).get(service);
        Map<String, Object> policy = n == null ? new LinkedHashMap<>() : new LinkedHashMap<>(n.policy());
        List<Map<String, Object>> patches = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (Map<String, Object> p : set.patches()) {
            ids.add((String) p.get("id"));
        }
        for (Map<String, Object> p : n == null ? List.<Map<String, Object>>of() : n.patches()) {
            if (!ids.contains(p.get("id"))) {
                patches.add(p);
            }
        }
        for (Map<String, Object> p : set.patches()) {
            Map<String, Object> e = new LinkedHashMap<>(p);
            e.put("set", set.id());
            if (!set.advisories().isEmpty() && !e.containsKey("advisories")) {
                e.put("advisories", set.advisories());
            }
            if (!instances.isEmpty()) {
                e.put("instances", List.copyOf(instances));
            }
            patches.add(e);
        }
        policy.put("patches", patches);
        Target target = instances.isEmpty() ? Target.ALL : new Target(Map.of(), List.copyOf(instances), 100);
        if (!staging.target().labels().isEmpty() || !staging.target().instances().isEmpty()) {
            throw ApiError.invalid("/rollout: only percentage or stages and stageSeconds; the instances come from 'to'");
        }
        target = target.withPercentage(staging.target().percentage());
        Map<String, Object> issued = PolicyRoutes.issue(c, key, op, service, policy, target, n == null ? List.of() : n.bundles(), note, "patch.apply");
        if (!staging.stages().isEmpty()) {
            String rollout = Rollouts.create(c, service, (Long) issued.get("version"), staging.stages(), staging.stageSeconds());
            issued.put("rollout", Rollouts.describe(c, rollout, config));
        }
        issued.put("instances", List.copyOf(instances));
        return issued;
    }

    /** Per service, the patch sets in force in its newest version, with the instances each is scoped to. */
    static Map<String, List<Object>> inForce(Connection c) throws SQLException {
        Map<String, List<Object>> out = new TreeMap<>();
        for (Map.Entry<String, Newest> e : newestPolicies(c).entrySet()) {
            Map<String, Set<String>> bySet = new LinkedHashMap<>();
            for (Map<String, Object> p : e.getValue().patches()) {
                String set = (String) p.getOrDefault("set", p.get("id"));
                bySet.computeIfAbsent(set, k -> new LinkedHashSet<>()).addAll(instances(p));
            }
            for (Map.Entry<String, Set<String>> s : bySet.entrySet()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("service", e.getKey());
                m.put("version", e.getValue().version());
                m.put("instances", s.getValue().isEmpty() ? "all" : List.copyOf(s.getValue()));
                out.computeIfAbsent(s.getKey(), k -> new ArrayList<>()).add(m);
            }
        }
        return out;
    }

    /**
     * Each targeted agent's state for the patch set: {@code active} when every entry's self-check
     * passed (or waits for its class to load, woven then), {@code failed} when one failed or the
     * version was NACKed, {@code pending} until the agent has reported.
     */
    static Map<String, Object> status(Connection c, String setId) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("patch", setId);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String k : List.of("targeted", "active", "pending", "failed")) {
            counts.put(k, 0L);
        }
        List<Object> agents = new ArrayList<>();
        for (Map.Entry<String, Newest> e : newestPolicies(c).entrySet()) {
            Set<String> entryIds = new LinkedHashSet<>();
            Set<String> scope = new LinkedHashSet<>();
            for (Map<String, Object> p : e.getValue().patches()) {
                if (setId.equals(p.get("set")) || setId.equals(p.get("id"))) {
                    entryIds.add((String) p.get("id"));
                    scope.addAll(instances(p));
                }
            }
            if (entryIds.isEmpty()) {
                continue;
            }
            long version = e.getValue().version();
            List<Object[]> rows = Sql.query(c, "SELECT id, instance_id, applied_version FROM agents WHERE service = ? ORDER BY instance_id",
                    rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3)}, e.getKey());
            for (Object[] r : rows) {
                String agentId = (String) r[0];
                if (!scope.isEmpty() && !scope.contains((String) r[1])) {
                    continue;
                }
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("service", e.getKey());
                a.put("instanceId", r[1]);
                a.put("agentId", agentId);
                a.put("appliedVersion", r[2]);
                a.put("version", version);
                Optional<String> nack = Sql.one(c, "SELECT error FROM agent_status WHERE agent_id = ? AND version = ? AND state = 'failed'", rs -> rs.getString(1), agentId, version);
                Map<String, Map<String, Object>> reports = new LinkedHashMap<>();
                Sql.query(c, "SELECT patch_id, version, state, classes, detail, at FROM agent_patches WHERE agent_id = ?", rs -> {
                    if (entryIds.contains(rs.getString(1))) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("id", rs.getString(1));
                        m.put("version", rs.getLong(2));
                        m.put("state", rs.getString(3));
                        m.put("classes", Sql.longOrNull(rs, "classes"));
                        m.put("detail", rs.getString(5));
                        m.put("at", Http.time(rs.getLong(6)));
                        reports.put(rs.getString(1), m);
                    }
                    return null;
                }, agentId);
                String state;
                if (nack.isPresent()) {
                    state = "failed";
                    a.put("error", nack.get());
                } else if (reports.values().stream().anyMatch(m -> "failed".equals(m.get("state")))) {
                    state = "failed";
                } else if (reports.keySet().containsAll(entryIds) && reports.values().stream().allMatch(m -> (Long) m.get("version") >= version
                        && ("active".equals(m.get("state")) || "waiting-for-class".equals(m.get("state"))))) {
                    state = "active";
                } else {
                    state = "pending";
                }
                a.put("state", state);
                a.put("patches", List.copyOf(reports.values()));
                counts.merge("targeted", 1L, Long::sum);
                counts.merge(state, 1L, Long::sum);
                agents.add(a);
            }
        }
        out.putAll(counts);
        out.put("agents", agents);
        return out;
    }

    /**
     * Stores what an agent reports of its patches (ACK and heartbeat, docs/protocol.md): one row per
     * patch id, replaced by each report.
     */
    public static void record(Connection c, String agentId, long version, List<JsonBody> reports) throws SQLException {
        long now = System.currentTimeMillis();
        for (JsonBody r : reports) {
            String id = r.string("id", true, 64);
            String state = r.oneOf("state", true, List.of("active", "waiting-for-class", "out-of-scope", "failed", "removed"));
            Long classes = r.integer("classes", false, 0, 1_000_000);
            String detail = r.string("detail", false, 1000);
            r.integer("retransformMillis", false, 0, Long.MAX_VALUE);
            r.done();
            // active_since: when the current run of active reports began (the exposure burn-down's mitigation time);
            // a heartbeat that reports the patch active again keeps it, any other state clears it.
            boolean active = state.equals("active") || state.equals("waiting-for-class");
            Long since = null;
            if (active) {
                since = Sql.one(c, "SELECT active_since FROM agent_patches WHERE agent_id = ? AND patch_id = ?", rs -> Sql.longOrNull(rs, "active_since"), agentId, id)
                        .orElse(null);
                if (since == null) {
                    since = now;
                }
            }
            Sql.update(c, "DELETE FROM agent_patches WHERE agent_id = ? AND patch_id = ?", agentId, id);
            Sql.update(c, "INSERT INTO agent_patches (agent_id, patch_id, version, state, classes, detail, at, active_since) VALUES (?,?,?,?,?,?,?,?)",
                    agentId, id, version, state, classes, detail, now, since);
        }
    }
}
