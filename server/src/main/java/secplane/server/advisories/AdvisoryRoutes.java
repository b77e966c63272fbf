package secplane.server.advisories;

import io.javalin.Javalin;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import secplane.advisories.Advisory;
import secplane.advisories.AdvisoryImporter;
import secplane.advisories.AdvisoryIndex;
import secplane.advisories.Affected;
import secplane.advisories.BuiltinAdvisories;
import secplane.advisories.Component;
import secplane.advisories.FileResult;
import secplane.advisories.Match;
import secplane.advisories.Problem;
import secplane.server.audit.Audit;
import secplane.server.http.ApiError;
import secplane.server.http.Bodies;
import secplane.server.http.Http;
import secplane.server.inventory.InventoryRoutes;
import secplane.server.patches.PatchRoutes;
import secplane.server.store.Sql;
import secplane.server.store.Store;
import secplane.server.tokens.Principal;
import secplane.server.tokens.Tokens;

/**
 * Advisories (the built-in, cited set of docs/advisories.md plus imported OSV files) and exposure:
 * which services and instances run a component an advisory names, with the evidence.
 */
public final class AdvisoryRoutes {
    static final int MAX_FILE = 16 << 20;

    private AdvisoryRoutes() {
    }

    /** The advisories in force: built-in and imported, one per id (the later {@code modified} wins, as OSV says). */
    public record Catalog(Map<String, Advisory> byId, Map<String, String> sourceOf, Map<String, String> importedAt, AdvisoryIndex index) {
        /** The advisory named by its id or one of its aliases (case does not matter). */
        public Advisory find(String idOrAlias) {
            Advisory a = byId.get(idOrAlias);
            if (a != null) {
                return a;
            }
            for (Advisory x : byId.values()) {
                for (String name : x.ids()) {
                    if (name.equalsIgnoreCase(idOrAlias)) {
                        return x;
                    }
                }
            }
            throw ApiError.notFound("no advisory " + idOrAlias + " (neither an id nor an alias); GET /v1/advisories lists them, "
                    + "and secplane advisories import <file> adds OSV files");
        }
    }

    private static final List<Advisory> BUILTIN = BuiltinAdvisories.all();

    /** The catalog last built, with the import it was built from: files are only ever added, never changed. */
    private record Built(long files, String newest, Catalog catalog) {
    }

    private static final java.util.concurrent.atomic.AtomicReference<Built> LAST = new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * The catalog of the built-in set and the imported files, built again only when a file was imported
     * since (by this or another replica): parsing every file and indexing every advisory on each call
     * cost the console's Exposure page most of its time.
     */
    public static Catalog catalog(Connection c) throws SQLException {
        String[] state = Sql.one(c, "SELECT COUNT(*), MAX(id) FROM advisory_files", rs -> new String[] {Long.toString(rs.getLong(1)), rs.getString(2)}).orElseThrow();
        long files = Long.parseLong(state[0]);
        String newest = state[1];
        Built last = LAST.get();
        if (last != null && last.files() == files && java.util.Objects.equals(last.newest(), newest)) {
            return last.catalog();
        }
        Catalog built = build(c);
        LAST.set(new Built(files, newest, built));
        return built;
    }

    /** Builds the catalog from the built-in set and the imported files (parsed again: they are kept as sent). */
    private static Catalog build(Connection c) throws SQLException {
        Map<String, Advisory> byId = new TreeMap<>();
        Map<String, String> sourceOf = new TreeMap<>();
        // when the file that holds each imported advisory was imported: the start of its exposure for the compliance report
        Map<String, String> importedAt = new TreeMap<>();
        for (Advisory a : BUILTIN) {
            byId.put(a.id(), a);
            sourceOf.put(a.id(), "builtin");
        }
        List<String[]> files = Sql.query(c, "SELECT name, content, imported_at FROM advisory_files ORDER BY imported_at, id",
                rs -> new String[] {rs.getString(1), rs.getString(2), Http.time(rs.getLong(3))});
        for (String[] f : files) {
            for (Advisory a : AdvisoryImporter.parse(f[0], f[1]).accepted()) {
                Advisory before = byId.get(a.id());
                if (before == null || !a.modified().isBefore(before.modified())) {
                    byId.put(a.id(), a);
                    sourceOf.put(a.id(), f[0]);
                    importedAt.put(a.id(), f[2]);
                }
            }
        }
        return new Catalog(byId, sourceOf, importedAt, AdvisoryIndex.of(byId.values()));
    }

    public static void routes(Javalin app, Store store) {
        app.post("/v1/advisories", ctx -> {
            String name = ctx.queryParam("name");
            if (name == null || !name.matches("[A-Za-z0-9._ -]{1,200}")) {
                throw ApiError.badRequest("query parameter name must give the file's name (letters, digits, '.', '_', ' ', '-'), e.g. ?name=log4j.json");
            }
            byte[] raw = Bodies.readEncoded(ctx, MAX_FILE, MAX_FILE, "advisory file");
            String text = Bodies.utf8(raw, "the advisory file");
            FileResult parsed = AdvisoryImporter.parse(name, text);
            if (!parsed.clean()) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", "invalid-advisories");
                List<Problem> problems = parsed.problems();
                body.put("message", name + ": " + problems.size() + " problem(s), nothing imported from this file; first: " + problems.get(0));
                body.put("problems", problems.stream().map(AdvisoryRoutes::problem).toList());
                body.put("valid", parsed.accepted().stream().map(Advisory::id).toList());
                Http.json(ctx, 422, body);
                return;
            }
            if (parsed.accepted().isEmpty()) {
                throw ApiError.invalid(name + ": holds no advisory");
            }
            Map<String, Object> out = store.transaction(c -> {
                Principal op = Tokens.operator(c, ctx, Principal.Role.OPERATOR);
                String id = Tokens.randomId("af-", 8);
                long now = System.currentTimeMillis();
                Sql.update(c, "INSERT INTO advisory_files (id, name, content, advisories, imported_at, imported_by) VALUES (?,?,?,?,?,?)",
                        id, name, text, (long) parsed.accepted().size(), now, op.actor());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", id);
                m.put("name", name);
                m.put("imported", parsed.accepted().stream().map(Advisory::id).toList());
                m.put("importedAt", Http.time(now));
                Audit.record(c, op, "advisories.import", "advisory-file/" + id, null, Map.of("name", name, "advisories", m.get("imported")));
                return m;
            });
            Http.json(ctx, 201, out);
        });

        app.get("/v1/advisories", ctx -> {
            String q = ctx.queryParam("q");
            List<Object> out = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                Catalog cat = catalog(c);
                List<Object> list = new ArrayList<>();
                for (Advisory a : cat.byId().values()) {
                    if (q != null && a.ids().stream().noneMatch(n -> n.toLowerCase(Locale.ROOT).contains(q.toLowerCase(Locale.ROOT)))
                            && (a.summary() == null || !a.summary().toLowerCase(Locale.ROOT).contains(q.toLowerCase(Locale.ROOT)))) {
                        continue;
                    }
                    list.add(describe(a, cat.sourceOf().get(a.id()), cat.importedAt().get(a.id())));
                }
                return list;
            });
            Http.json(ctx, 200, Map.of("advisories", out));
        });

        app.get("/v1/exposure", ctx -> {
            int limit = Http.queryInt(ctx, "limit", 0, 1, 1000);
            int offset = Http.queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            Map<String, Object> out = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                return overview(c, catalog(c));
            });
            paged(ctx, out, "advisories", limit, offset);
        });

        app.get("/v1/exposure/{id}", ctx -> {
            String id = ctx.pathParam("id");
            int limit = Http.queryInt(ctx, "limit", 0, 1, 1000);
            int offset = Http.queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            String service = ctx.queryParam("service");
            Map<String, Object> out = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                Catalog cat = catalog(c);
                Advisory a = cat.find(id);
                Map<String, Object> m = exposure(c, cat, a, service == null || service.isEmpty() ? null : service);
                Map<String, Long> since = PatchRoutes.mitigatedSince(c, a.ids());
                @SuppressWarnings("unchecked")
                List<Object> rows = (List<Object>) m.get("exposed");
                m.put("mitigated", rows.stream().filter(r -> since.containsKey(((Map<?, ?>) r).get("agentId"))).count());
                return m;
            });
            paged(ctx, out, "exposed", limit, offset);
        });

        app.get("/v1/exposure/{id}/burndown", ctx -> {
            String id = ctx.pathParam("id");
            String bucket = ctx.queryParamAsClass("bucket", String.class).getOrDefault("hour");
            long width = switch (bucket) {
                case "hour" -> 3_600_000L;
                case "day" -> 86_400_000L;
                default -> throw ApiError.invalid("query parameter bucket=" + bucket + " is not accepted; expected hour or day");
            };
            long now = System.currentTimeMillis();
            Long toParam = Http.queryTime(ctx, "to");
            Long fromParam = Http.queryTime(ctx, "from");
            long to = toParam == null ? now : toParam;
            long from = fromParam == null ? to - 7 * 86_400_000L : fromParam;
            if (from >= to) {
                throw ApiError.invalid("query parameter from must be before to");
            }
            if ((to - from) / width > 5000) {
                throw ApiError.invalid("from..to spans more than 5000 " + bucket + "s; use bucket=day or a shorter range");
            }
            Map<String, Object> out = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                Catalog cat = catalog(c);
                Advisory a = cat.find(id);
                List<Exposed> exposed = exposed(c, cat, a, null);
                Map<String, List<PatchRoutes.Mitigated>> spans = PatchRoutes.mitigations(c, a.ids());
                List<List<PatchRoutes.Mitigated>> perInstance = exposed.stream().map(e -> spans.get(e.agentId())).filter(java.util.Objects::nonNull).toList();
                List<Object> points = new ArrayList<>();
                // one point at the end of each bucket from 'from', the last one at 'to'; an instance whose patch was
                // reverted counts as exposed again from the revert on
                for (long t = Math.min(to, (from / width + 1) * width); ; t = Math.min(to, t + width)) {
                    final long at = t;
                    int mitigated = (int) perInstance.stream().filter(s -> s.stream().anyMatch(m -> m.covers(at))).count();
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("time", Http.time(t));
                    p.put("exposed", exposed.size() - mitigated);
                    p.put("mitigated", mitigated);
                    points.add(p);
                    if (t >= to) {
                        break;
                    }
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("advisory", a.id());
                m.put("bucket", bucket);
                m.put("total", exposed.size());
                m.put("points", points);
                return m;
            });
            Http.json(ctx, 200, out);
        });
    }

    /** Answers {@code out} with only the asked page of its list {@code key}, and the list's whole size as {@code total}. */
    @SuppressWarnings("unchecked")
    private static void paged(io.javalin.http.Context ctx, Map<String, Object> out, String key, int limit, int offset) {
        List<Object> all = (List<Object>) out.get(key);
        out.put(key, page(all, limit, offset));
        out.put("total", all.size());
        Http.json(ctx, 200, out);
    }

    private static List<Object> page(List<Object> all, int limit, int offset) {
        if (limit == 0 && offset == 0) {
            return all;
        }
        int from = Math.min(offset, all.size());
        int to = limit == 0 ? all.size() : (int) Math.min(all.size(), (long) from + limit);
        return new ArrayList<>(all.subList(from, to));
    }

    static Map<String, Object> problem(Problem p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", p.file());
        m.put("entry", p.entry() < 0 ? null : p.entry());
        m.put("entryId", p.entryId());
        m.put("pointer", p.pointer());
        m.put("line", p.line() <= 0 ? null : p.line());
        m.put("column", p.column() <= 0 ? null : p.column());
        m.put("message", p.message());
        m.put("text", p.toString());
        return m;
    }

    static Map<String, Object> describe(Advisory a, String source, String importedAt) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("aliases", a.aliases());
        m.put("summary", a.summary());
        severity(m, a);
        m.put("modified", a.modified().toString());
        m.put("withdrawn", a.withdrawn() == null ? null : a.withdrawn().toString());
        m.put("packages", packages(a));
        m.put("source", source);
        m.put("importedAt", importedAt);
        m.put("references", a.references().stream().map(r -> r.url()).toList());
        return m;
    }

    /**
     * The advisory's severity: the OSV scores as given ({@code severity}: type and vector) and the highest CVSS v3
     * base score with its rating ({@code severityScore}, {@code severityRating}; null when no v3 vector is given).
     */
    static void severity(Map<String, Object> m, Advisory a) {
        List<Map<String, Object>> given = new ArrayList<>();
        a.severity().forEach(s -> given.add(Map.of("type", s.type(), "score", s.score())));
        for (Affected af : a.affected()) {
            af.severity().forEach(s -> given.add(Map.of("type", s.type(), "score", s.score())));
        }
        m.put("severity", given.stream().distinct().toList());
        java.util.Optional<Cvss3.Score> score = Cvss3.of(a);
        m.put("severityScore", score.map(Cvss3.Score::base).orElse(null));
        m.put("severityRating", score.map(Cvss3.Score::rating).orElse(null));
    }

    /** The Maven packages ({@code group:artifact}) the advisory names. */
    public static Set<String> packages(Advisory a) {
        Set<String> out = new LinkedHashSet<>();
        for (Affected af : a.affected()) {
            if (af.pkg() != null && af.pkg().isMaven()) {
                out.add(af.pkg().name());
            }
        }
        return out;
    }

    /** One exposed instance of a service, with the components that expose it. */
    public record Exposed(String service, String instanceId, String agentId, long lastContact, List<Map<String, Object>> evidence) {
    }

    /** The instances running a component the advisory names, each with its evidence. */
    public static List<Exposed> exposed(Connection c, Catalog cat, Advisory a, String service) throws SQLException {
        Set<String> pkgs = packages(a);
        Map<String, Exposed> byAgent = new LinkedHashMap<>();
        for (InventoryRoutes.Found f : InventoryRoutes.find(c, pkgs, service, null)) {
            Component comp = component(f, pkgs);
            for (Match m : cat.index().match(comp)) {
                if (!m.advisory().id().equals(a.id())) {
                    continue;
                }
                Map<String, Object> ev = new LinkedHashMap<>();
                ev.put("jar", f.path());
                ev.put("sha256", f.sha256());
                ev.put("component", comp.packageName() + (comp.version() == null ? "" : ":" + comp.version()));
                ev.put("source", f.source());
                if (f.relocatedTo() != null) {
                    ev.put("relocatedTo", f.relocatedTo());
                }
                ev.put("verdict", m.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                ev.put("why", m.evidence().stream().map(Object::toString).toList());
                byAgent.computeIfAbsent(f.agentId(), k -> new Exposed(f.service(), f.instanceId(), f.agentId(), f.lastContact(), new ArrayList<>()))
                        .evidence().add(ev);
            }
        }
        return new ArrayList<>(byAgent.values());
    }

    /** A component as matching needs it: a jar known only by its file name takes the group the advisory names for that artifact. */
    static Component component(InventoryRoutes.Found f, Collection<String> pkgs) {
        String group = f.group();
        if (group == null) {
            group = pkgs.stream().filter(p -> p.endsWith(":" + f.artifact())).map(p -> p.substring(0, p.indexOf(':'))).findFirst().orElse("unknown");
        }
        return new Component(group, f.artifact(), f.version(), f.source());
    }

    static Map<String, Object> exposure(Connection c, Catalog cat, Advisory a) throws SQLException {
        return exposure(c, cat, a, null);
    }

    /** The instances exposed to the advisory, in service and instance order; {@code service} null for all. */
    static Map<String, Object> exposure(Connection c, Catalog cat, Advisory a, String service) throws SQLException {
        List<Exposed> list = new ArrayList<>(exposed(c, cat, a, service));
        list.sort(java.util.Comparator.comparing(Exposed::service).thenComparing(Exposed::instanceId));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("advisory", describe(a, cat.sourceOf().get(a.id()), cat.importedAt().get(a.id())));
        Map<String, Long> services = new TreeMap<>();
        List<Object> rows = new ArrayList<>();
        for (Exposed e : list) {
            services.merge(e.service(), 1L, Long::sum);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", e.service());
            m.put("instanceId", e.instanceId());
            m.put("agentId", e.agentId());
            m.put("lastContact", Http.time(e.lastContact()));
            m.put("evidence", e.evidence());
            rows.add(m);
        }
        out.put("services", services);
        out.put("exposed", rows);
        out.put("agentsWithInventory", Sql.one(c, "SELECT COUNT(*) FROM inventories", rs -> rs.getLong(1)).orElse(0L));
        return out;
    }

    /** Every advisory that exposes at least one instance, with counts: the first screen of an incident. */
    static Map<String, Object> overview(Connection c, Catalog cat) throws SQLException {
        Map<String, Map<String, Set<String>>> hits = new TreeMap<>();
        Set<String> all = cat.index().packages();
        for (InventoryRoutes.Found f : InventoryRoutes.find(c, all, null, null)) {
            for (Match m : cat.index().match(component(f, all))) {
                hits.computeIfAbsent(m.advisory().id(), k -> new TreeMap<>()).computeIfAbsent(f.service(), k -> new java.util.TreeSet<>()).add(f.agentId());
            }
        }
        List<Object> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, Set<String>>> e : hits.entrySet()) {
            Advisory a = cat.byId().get(e.getKey());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", a.id());
            m.put("aliases", a.aliases());
            m.put("summary", a.summary());
            severity(m, a);
            m.put("instances", e.getValue().values().stream().mapToInt(Set::size).sum());
            m.put("services", e.getValue().keySet());
            rows.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("advisories", rows);
        out.put("agentsWithInventory", Sql.one(c, "SELECT COUNT(*) FROM inventories", rs -> rs.getLong(1)).orElse(0L));
        return out;
    }
}
