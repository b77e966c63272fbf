package secplane.report;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import secplane.report.ComplianceReport.Bar;
import secplane.report.ComplianceReport.Cell;
import secplane.report.ComplianceReport.Chart;
import secplane.report.ComplianceReport.EvidenceList;
import secplane.report.ComplianceReport.Figure;
import secplane.report.ComplianceReport.Section;
import secplane.report.ComplianceReport.Table;
import secplane.report.clause.Clauses;
import secplane.report.drill.DrillFormatException;
import secplane.report.drill.DrillResult;

/**
 * Gathers the compliance report from a running control plane through its read API. Every figure carries the
 * query it was computed from, so that an auditor can ask the plane the same question and get the same answer.
 */
public final class Gatherer {
    /** Steps reported to the progress callback. */
    public static final int STEPS = 7;

    private final PlaneClient plane;
    private final Clauses clauses;
    private final Consumer<String> progress;
    private final Instant from;
    private final Instant to;
    private final List<EvidenceList> appendix = new ArrayList<>();
    private final List<Text> notes = new ArrayList<>();

    public Gatherer(PlaneClient plane, Clauses clauses, Instant from, Instant to, Consumer<String> progress) {
        this.plane = plane;
        this.clauses = clauses;
        this.from = from.truncatedTo(ChronoUnit.MILLIS);
        this.to = to.truncatedTo(ChronoUnit.MILLIS);
        this.progress = progress;
    }

    public ComplianceReport gather(List<DrillResult> drillFiles) throws ReportException {
        progress.accept("agents");
        List<Map<String, Object>> agents = list(plane.get("/v1/agents"), "agents");
        Map<String, Map<String, Object>> newest = new TreeMap<>();
        Set<String> services = new TreeSet<>();
        agents.forEach(a -> services.add((String) a.get("service")));
        Map<String, Object> all = plane.get("/v1/policies?limit=1000");
        list(all, "policies").forEach(p -> services.add((String) p.get("service")));
        progress.accept("policies");
        for (String s : services) {
            List<Map<String, Object>> ps = list(plane.get("/v1/policies?service=" + enc(s) + "&limit=1"), "policies");
            if (!ps.isEmpty()) {
                newest.put(s, ps.get(0));
            }
        }
        List<Section> sections = new ArrayList<>();
        sections.add(coverage(services, agents, newest));
        progress.accept("protections and blocks");
        sections.add(protections(services, newest));
        progress.accept("drills");
        sections.add(drills(drillFiles));
        progress.accept("exposures and patches");
        sections.add(exposures(agents));
        progress.accept("data map");
        Map<String, Object> metrics = plane.get("/v1/data/metrics");
        sections.add(dataMap(metrics));
        progress.accept("findings");
        sections.add(findings(metrics));
        return new ComplianceReport(plane.base(), Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), from.toString(), to.toString(),
                List.copyOf(sections), List.copyOf(appendix), List.copyOf(notes));
    }

    // ---- agent coverage ----------------------------------------------------------------------------------------

    /**
     * A service is covered when it has a live agent and every live agent of it has applied the service's newest
     * policy: then the protections the report lists for it are what runs in its JVMs.
     */
    private Section coverage(Set<String> services, List<Map<String, Object>> agents, Map<String, Map<String, Object>> newest) throws ReportException {
        List<List<Cell>> rows = new ArrayList<>();
        List<Bar> bars = new ArrayList<>();
        int covered = 0;
        long live = 0;
        long stale = 0;
        Set<String> versions = new TreeSet<>();
        Set<String> jdks = new TreeSet<>();
        for (String s : services) {
            List<Map<String, Object>> mine = agents.stream().filter(a -> s.equals(a.get("service"))).toList();
            long l = mine.stream().filter(a -> !"stale".equals(a.get("state"))).count();
            long applied = mine.stream().filter(a -> "applied".equals(a.get("state"))).count();
            live += l;
            stale += mine.size() - l;
            Set<String> v = new TreeSet<>();
            Set<String> j = new TreeSet<>();
            mine.forEach(a -> {
                v.add(String.valueOf(a.get("agentVersion")));
                j.add(String.valueOf(a.get("jvm")));
            });
            versions.addAll(v);
            jdks.addAll(j);
            Map<String, Object> p = newest.get(s);
            boolean isCovered = p != null && l > 0 && applied == l;
            if (isCovered) {
                covered++;
            }
            String state = p == null ? "no policy" : l == 0 ? "no live agent" : isCovered ? "covered" : applied + " of " + l + " live applied v" + p.get("version");
            String q = p == null ? "/v1/agents?service=" + enc(s) : "/v1/agents/summary?service=" + enc(s);
            rows.add(List.of(Cell.of(s), Cell.linked(mine.size(), "/v1/agents?service=" + enc(s)), Cell.of(l), Cell.of(mine.size() - l),
                    Cell.of(p == null ? "-" : p.get("version")), Cell.linked(applied, q), Cell.of(String.join(", ", v)), Cell.of(String.join(", ", j)),
                    Cell.of(state)));
            bars.add(new Bar(s, mine.isEmpty() ? 0 : 100.0 * applied / mine.size(), applied + "/" + mine.size()));
        }
        List<Figure> figures = List.of(
                new Figure("services-covered", Text.of("services covered (every live agent runs the newest policy)", "已覆盖服务（所有在线探针运行最新策略）"),
                        covered + " of " + services.size(), "/v1/agents"),
                new Figure("instances-live", Text.of("instances live / enrolled", "在线实例 / 已注册实例"), live + " / " + agents.size(), "/v1/agents"),
                new Figure("instances-stale", Text.of("instances stale (no contact for 3 heartbeats)", "失联实例（3 个心跳周期无联系）"), Long.toString(stale), "/v1/agents"),
                new Figure("agent-versions", Text.of("agent versions", "探针版本"), versions.isEmpty() ? "-" : String.join(", ", versions), "/v1/agents"),
                new Figure("jdks", Text.of("JDKs", "JDK 版本"), jdks.isEmpty() ? "-" : String.join(", ", jdks), "/v1/agents"));
        Table table = new Table(Text.of("Agents per service", "各服务探针"), texts("service|服务", "instances|实例", "live|在线", "stale|失联",
                "newest policy|最新策略", "applied|已应用", "agent versions|探针版本", "JDKs|JDK", "state|状态"), rows);
        return new Section(clauses.control("agent-coverage"), figures,
                List.of(new Chart("coverage", Text.of("Instances that applied the newest policy, % per service", "已应用最新策略的实例比例（按服务）"), bars)),
                List.of(table), List.of());
    }

    // ---- protections ---------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private Section protections(Set<String> services, Map<String, Map<String, Object>> newest) throws ReportException {
        List<List<Cell>> rows = new ArrayList<>();
        int blocking = 0;
        for (String s : services) {
            Map<String, Object> p = newest.get(s);
            if (p == null) {
                rows.add(List.of(Cell.of(s), Cell.of("-"), Cell.of("no policy pushed: the agents' built-in defaults"), Cell.of("-")));
                continue;
            }
            Map<String, Object> policy = (Map<String, Object>) p.get("policy");
            String top = policy.get("mode") instanceof String m ? m : null;
            List<String> rules = new ArrayList<>();
            boolean blocks = false;
            Map<String, Object> aspects = policy.get("aspects") instanceof Map ? (Map<String, Object>) policy.get("aspects") : Map.of();
            for (Map.Entry<String, Object> a : new TreeMap<>(aspects).entrySet()) {
                Map<String, Object> asp = (Map<String, Object>) a.getValue();
                if (Boolean.FALSE.equals(asp.get("enabled"))) {
                    rules.add(a.getKey() + ": disabled");
                    continue;
                }
                String aspectMode = asp.get("mode") instanceof String m ? m : top;
                Map<String, Object> r = asp.get("rules") instanceof Map ? (Map<String, Object>) asp.get("rules") : Map.of();
                if (r.isEmpty()) {
                    rules.add(a.getKey() + ": " + (aspectMode == null ? "defaults" : aspectMode));
                }
                for (Map.Entry<String, Object> e : new TreeMap<>(r).entrySet()) {
                    rules.add(e.getKey() + "=" + e.getValue());
                    blocks |= "block".equals(e.getValue());
                }
                blocks |= "block".equals(aspectMode);
            }
            if (top != null) {
                rules.add(0, "mode=" + top);
                blocks |= "block".equals(top);
            }
            List<Map<String, Object>> patches = policy.get("patches") instanceof List ? (List<Map<String, Object>>) policy.get("patches") : List.of();
            Set<String> sets = new TreeSet<>();
            patches.forEach(x -> sets.add(String.valueOf(x.getOrDefault("set", x.get("id")))));
            if (blocks) {
                blocking++;
            }
            rows.add(List.of(Cell.of(s), Cell.linked("v" + p.get("version"), "/v1/policies?service=" + enc(s) + "&limit=1"),
                    Cell.of(String.join("; ", rules)), Cell.of(sets.isEmpty() ? "-" : String.join(", ", sets))));
        }
        Map<String, Object> patchList = plane.get("/v1/patches");
        long inForce = list(patchList, "patches").stream().filter(x -> !((List<Object>) x.getOrDefault("inForce", List.of())).isEmpty()).count();

        // blocks recorded in the window, per rule, with the ids of the events behind each count
        String window = "&from=" + enc(from.toString()) + "&to=" + enc(to.toString());
        Map<String, Long> perRule = new TreeMap<>();
        for (Map<String, Object> c : list(plane.get("/v1/events/counts?by=rule&bucket=hour&verdict=block" + window), "counts")) {
            perRule.merge(String.valueOf(c.get("rule")), ((Number) c.get("count")).longValue(), Long::sum);
        }
        List<List<Cell>> blockRows = new ArrayList<>();
        List<Bar> bars = new ArrayList<>();
        long blocks = 0;
        for (Map.Entry<String, Long> e : perRule.entrySet()) {
            String q = "/v1/events?rule=" + enc(e.getKey()) + "&verdict=block" + window;
            blockRows.add(List.of(Cell.of(e.getKey()), Cell.linked(e.getValue(), q)));
            bars.add(new Bar(e.getKey(), e.getValue(), Long.toString(e.getValue())));
            blocks += e.getValue();
            evidence("blocks of " + e.getKey(), q + "&limit=1000");
        }
        List<Figure> figures = List.of(
                new Figure("services-blocking", Text.of("services whose newest policy blocks at least one rule", "最新策略至少阻断一条规则的服务"),
                        blocking + " of " + services.size(), "/v1/policies?limit=1000"),
                new Figure("patches-in-force", Text.of("virtual patch sets in force", "生效的虚拟补丁"), Long.toString(inForce), "/v1/patches"),
                new Figure("blocks", Text.of("attacks blocked in the period", "报告期内阻断的攻击"), Long.toString(blocks),
                        "/v1/events/counts?by=rule&bucket=hour&verdict=block" + window));
        return new Section(clauses.control("runtime-protection"), figures,
                bars.isEmpty() ? List.of() : List.of(new Chart("blocks", Text.of("Blocks per rule in the period", "报告期内各规则阻断次数"), bars)),
                List.of(new Table(Text.of("Newest policy per service", "各服务最新策略"), texts("service|服务", "version|版本", "aspects and rules (mode)|切面与规则（模式）",
                        "virtual patches|虚拟补丁"), rows),
                        new Table(Text.of("Blocks per rule", "各规则阻断次数"), texts("rule|规则", "blocked events|阻断事件"), blockRows)),
                List.of());
    }

    // ---- drills -------------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private Section drills(List<DrillResult> files) throws ReportException {
        List<DrillResult> drills = new ArrayList<>(files);
        Optional<Map<String, Object>> runs = plane.getIfServed("/v1/drills/runs");
        if (runs.isPresent()) {
            Object list = runs.get().get("runs");
            if (list instanceof List<?> l) {
                for (Object run : l) {
                    // the list carries each run's scorecard only; a finished run's whole result is read from the run
                    if (!(run instanceof Map<?, ?> m) || m.get("finishedAt") == null || !(m.get("id") instanceof String id)) {
                        continue;
                    }
                    Object full = plane.get("/v1/drills/runs/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)).get("result");
                    try {
                        drills.add(DrillResult.of("GET /v1/drills/runs/" + id, full));
                    } catch (DrillFormatException e) {
                        notes.add(Text.same("a drill run the plane stores was left out: " + e.getMessage()));
                    }
                }
            }
        }
        Map<String, DrillResult> byId = new LinkedHashMap<>();
        drills.forEach(d -> byId.putIfAbsent(d.id(), d)); // a run both stored and given as a file counts once
        List<List<Cell>> rows = new ArrayList<>();
        long cases = 0;
        long detected = 0;
        long blocked = 0;
        long benign = 0;
        long falseAlarms = 0;
        List<Bar> bars = new ArrayList<>();
        for (DrillResult d : byId.values()) {
            String q = "/v1/events?" + (d.service() == null ? "" : "service=" + enc(d.service()) + "&") + "from=" + enc(d.startedAt()) + "&to=" + enc(d.finishedAt());
            for (DrillResult.Category c : d.categories()) {
                rows.add(List.of(Cell.of(d.id()), Cell.of(d.service() == null ? d.target() : d.service()), Cell.of(c.category()), Cell.of(c.cases()),
                        Cell.linked(c.detected() + " (" + pct(c.detected(), c.cases()) + ")", q), Cell.linked(c.blocked() + " (" + pct(c.blocked(), c.cases()) + ")", q),
                        Cell.of(c.missed()), Cell.of(c.falseAlarms() + " / " + c.benignRequests())));
                bars.add(new Bar(d.id() + " " + c.category(), c.cases() == 0 ? 0 : 100.0 * c.blocked() / c.cases(), pct(c.blocked(), c.cases())));
            }
            cases += d.totalCases();
            detected += d.totalDetected();
            blocked += d.totalBlocked();
            benign += d.totalBenign();
            falseAlarms += d.totalFalseAlarms();
            List<String> ids = new ArrayList<>();
            d.cases().forEach(c -> ids.addAll(c.events()));
            if (!ids.isEmpty()) {
                appendix.add(new EvidenceList("drill " + d.id() + " (" + d.source() + ")", q, ids));
            }
        }
        List<Figure> figures = List.of(
                new Figure("drills", Text.of("drills in the report", "报告中的演练"), Integer.toString(byId.size()), runs.isPresent() ? "/v1/drills/runs" : "--drills files"),
                new Figure("drill-detected", Text.of("attack cases detected", "检出的攻击用例"), detected + " of " + cases + " (" + pct(detected, cases) + ")",
                        runs.isPresent() ? "/v1/drills/runs" : "--drills files"),
                new Figure("drill-blocked", Text.of("attack cases blocked", "阻断的攻击用例"), blocked + " of " + cases + " (" + pct(blocked, cases) + ")",
                        runs.isPresent() ? "/v1/drills/runs" : "--drills files"),
                new Figure("drill-false-alarms", Text.of("false alarms on benign requests", "良性请求误报"), falseAlarms + " of " + benign + " (" + pct(falseAlarms, benign) + ")",
                        runs.isPresent() ? "/v1/drills/runs" : "--drills files"));
        List<Text> sectionNotes = byId.isEmpty() ? List.of(Text.of("No drill results: run 'secplane drill --json FILE' and pass the file with --drills.",
                "无演练结果：运行 secplane drill --json FILE 并以 --drills 传入结果文件。")) : List.of();
        return new Section(clauses.control("attack-drills"), figures,
                bars.isEmpty() ? List.of() : List.of(new Chart("drills", Text.of("Blocked % per drill and category", "各演练各类别阻断率"), bars)),
                List.of(new Table(Text.of("Scorecard", "演练记分卡"), texts("drill|演练", "service|服务", "category|类别", "cases|用例", "detected|检出", "blocked|阻断",
                        "missed|漏报", "false alarms / benign|误报 / 良性请求"), rows)),
                sectionNotes);
    }

    // ---- exposures ----------------------------------------------------------------------------------------------

    /**
     * An exposed instance is patched when a patch set naming the advisory (or one of its aliases) is active on it.
     * Its time to patch runs from the later of the advisory's import and the instance's enrolment (the first
     * moment the plane could know of the exposure; a built-in advisory is known from the start) to the issue of
     * the first policy version of the unbroken run of versions, up to the newest, that carries the patch for that
     * instance. The agent's self-check time is not used: the plane replaces it with every heartbeat.
     */
    @SuppressWarnings("unchecked")
    private Section exposures(List<Map<String, Object>> agents) throws ReportException {
        Map<String, Map<String, Object>> agentById = new LinkedHashMap<>();
        agents.forEach(a -> agentById.put((String) a.get("agentId"), a));
        List<Map<String, Object>> advisories = list(plane.get("/v1/exposure"), "advisories");
        List<Map<String, Object>> patchSets = list(plane.get("/v1/patches"), "patches");
        Map<String, Map<String, Object>> statusCache = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> history = new LinkedHashMap<>();
        List<List<Cell>> rows = new ArrayList<>();
        List<Long> ttp = new ArrayList<>();
        List<Bar> bars = new ArrayList<>();
        long exposedInstances = 0;
        long open = 0;
        for (Map<String, Object> adv : advisories) {
            String id = (String) adv.get("id");
            Set<String> names = new LinkedHashSet<>();
            names.add(id);
            names.addAll((List<String>) adv.getOrDefault("aliases", List.of()));
            Map<String, Object> detail = plane.get("/v1/exposure/" + enc(id));
            List<Map<String, Object>> meta = list(plane.get("/v1/advisories?q=" + enc(id)), "advisories");
            String importedAt = meta.stream().filter(m -> id.equals(m.get("id"))).map(m -> (String) m.get("importedAt")).filter(x -> x != null).findFirst().orElse(null);
            List<String> patchIds = new ArrayList<>();
            for (Map<String, Object> p : patchSets) {
                List<String> pa = (List<String>) p.getOrDefault("advisories", List.of());
                if (pa.stream().anyMatch(names::contains)) {
                    patchIds.add((String) p.get("id"));
                }
            }
            for (String pid : patchIds) {
                if (!statusCache.containsKey(pid)) {
                    statusCache.put(pid, plane.get("/v1/patches/" + enc(pid) + "/status"));
                }
            }
            for (Map<String, Object> e : list(detail, "exposed")) {
                exposedInstances++;
                String agentId = (String) e.get("agentId");
                String patchedBy = null;
                Instant patchedAt = null;
                for (String pid : patchIds) {
                    boolean active = list(statusCache.get(pid), "agents").stream()
                            .anyMatch(st -> agentId.equals(st.get("agentId")) && "active".equals(st.get("state")));
                    if (!active) {
                        continue;
                    }
                    Instant issued = issued(pid, (String) e.get("service"), (String) e.get("instanceId"), history);
                    if (issued != null && (patchedAt == null || issued.isBefore(patchedAt))) {
                        patchedAt = issued;
                        patchedBy = pid;
                    }
                }
                Map<String, Object> agent = agentById.get(agentId);
                Instant start = agent == null || agent.get("enrolledAt") == null ? null : Instant.parse((String) agent.get("enrolledAt"));
                if (importedAt != null && (start == null || Instant.parse(importedAt).isAfter(start))) {
                    start = Instant.parse(importedAt);
                }
                String ttpText = "-";
                if (patchedAt != null && start != null) {
                    long secs = Math.max(0, Duration.between(start, patchedAt).getSeconds());
                    ttp.add(secs);
                    ttpText = duration(secs);
                    bars.add(new Bar(id + " " + e.get("instanceId"), secs, ttpText));
                }
                if (patchedAt == null) {
                    open++;
                }
                rows.add(List.of(Cell.linked(id, "/v1/exposure/" + enc(id)), Cell.of(e.get("service")), Cell.of(e.get("instanceId")),
                        Cell.of(start == null ? "-" : start.toString()),
                        patchedBy == null ? Cell.of(patchIds.isEmpty() ? "no patch set names it: upgrade" : "not active yet")
                                : Cell.linked(patchedBy + " issued " + patchedAt + ", active", "/v1/patches/" + enc(patchedBy) + "/status"),
                        Cell.of(ttpText)));
            }
        }
        List<Long> sorted = ttp.stream().sorted().toList();
        List<Figure> figures = List.of(
                new Figure("exposed-advisories", Text.of("advisories exposing instances", "暴露实例的漏洞通告"), Integer.toString(advisories.size()), "/v1/exposure"),
                new Figure("exposed-instances", Text.of("exposed instances", "暴露的实例"), Long.toString(exposedInstances), "/v1/exposure"),
                new Figure("open-exposures", Text.of("open exposures (no virtual patch active)", "未修补的暴露（无生效的虚拟补丁）"), Long.toString(open), "/v1/exposure"),
                new Figure("time-to-patch-median", Text.of("time to patch, median (advisory known → patch issued, now active)", "修补时长中位数（获知漏洞 → 下发补丁，现已生效）"),
                        sorted.isEmpty() ? "-" : duration(nearestRank(sorted, 50)), "/v1/policies?service=<service>&limit=1000"),
                new Figure("time-to-patch-max", Text.of("time to patch, longest", "最长修补时长"), sorted.isEmpty() ? "-" : duration(sorted.get(sorted.size() - 1)),
                        "/v1/policies?service=<service>&limit=1000"));
        return new Section(clauses.control("vulnerability-response"), figures,
                bars.isEmpty() ? List.of() : List.of(new Chart("time-to-patch", Text.of("Time to patch per exposed instance (seconds)", "各暴露实例修补时长（秒）"), bars)),
                List.of(new Table(Text.of("Exposed instances", "暴露的实例"), texts("advisory|漏洞通告", "service|服务", "instance|实例", "known since|获知时间",
                        "virtual patch|虚拟补丁", "time to patch|修补时长"), rows)),
                List.of());
    }

    /** When the patch was issued to the instance: the oldest version of the newest unbroken run of versions carrying it. */
    @SuppressWarnings("unchecked")
    private Instant issued(String patch, String service, String instance, Map<String, List<Map<String, Object>>> history) throws ReportException {
        if (!history.containsKey(service)) {
            history.put(service, list(plane.get("/v1/policies?service=" + enc(service) + "&limit=1000"), "policies"));
        }
        Instant first = null;
        for (Map<String, Object> version : history.get(service)) { // newest first
            Map<String, Object> policy = (Map<String, Object>) version.get("policy");
            List<Map<String, Object>> patches = policy.get("patches") instanceof List ? (List<Map<String, Object>>) policy.get("patches") : List.of();
            boolean carries = patches.stream().anyMatch(p -> (patch.equals(p.get("set")) || patch.equals(p.get("id")))
                    && (!(p.get("instances") instanceof List<?> in) || in.isEmpty() || in.contains(instance)));
            if (!carries) {
                break;
            }
            first = Instant.parse((String) version.get("createdAt"));
        }
        return first;
    }

    // ---- data map -----------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private Section dataMap(Map<String, Object> metrics) {
        Map<String, Object> cov = (Map<String, Object>) metrics.getOrDefault("coverage", Map.of());
        Map<Long, long[]> byLevel = new TreeMap<>(); // level -> assets, reports, values
        Map<Long, Set<String>> types = new TreeMap<>();
        for (Map<String, Object> e : list(metrics, "exposure")) {
            long level = ((Number) e.get("level")).longValue();
            long[] a = byLevel.computeIfAbsent(level, k -> new long[3]);
            a[0] += ((Number) e.get("assets")).longValue();
            a[1] += ((Number) e.get("reports")).longValue() + ((Number) e.get("suppressed")).longValue();
            a[2] += ((Number) e.get("values")).longValue();
            types.computeIfAbsent(level, k -> new TreeSet<>()).add((String) e.get("type"));
        }
        List<List<Cell>> rows = new ArrayList<>();
        List<Bar> bars = new ArrayList<>();
        long atLeast3 = 0;
        for (Map.Entry<Long, long[]> e : byLevel.entrySet()) {
            long level = e.getKey();
            List<String> ts = new ArrayList<>(types.get(level));
            rows.add(List.of(Cell.linked(level, "/v1/data/map?minLevel=" + level), Cell.of(String.join(", ", ts)),
                    Cell.linked(e.getValue()[0], "/v1/data/metrics"), Cell.of(e.getValue()[1]), Cell.of(e.getValue()[2])));
            bars.add(new Bar("JR/T 0197 level " + level, e.getValue()[0], Long.toString(e.getValue()[0])));
            if (level >= 3) {
                atLeast3 += e.getValue()[0];
            }
        }
        List<Figure> figures = List.of(
                new Figure("data-services", Text.of("services observed handing out personal data / with agents", "发现个人信息流出的服务 / 有探针的服务"),
                        cov.get("servicesObserved") + " / " + cov.get("servicesWithAgents"), "/v1/data/metrics"),
                new Figure("data-endpoints", Text.of("endpoints carrying personal data", "含个人信息的接口"), String.valueOf(cov.get("endpoints")), "/v1/data/map?kind=endpoint"),
                new Figure("data-loggers", Text.of("loggers writing personal data", "写出个人信息的日志器"), String.valueOf(cov.get("loggers")), "/v1/data/map?kind=logger"),
                new Figure("data-assets-level3", Text.of("asset/type pairs of JR/T 0197 level 3 or above", "JR/T 0197 3级及以上的资产/类型"), Long.toString(atLeast3),
                        "/v1/data/map?minLevel=3"));
        return new Section(clauses.control("data-classification"), figures,
                bars.isEmpty() ? List.of() : List.of(new Chart("exposure-by-level", Text.of("Data assets by level", "按级别统计的数据资产"), bars)),
                List.of(new Table(Text.of("Data map by JR/T 0197 level", "按 JR/T 0197 级别的数据地图"), texts("level|级别", "types|数据类型", "asset/type pairs|资产/类型",
                        "events (reported + counted)|事件（上报 + 计数）", "values seen|发现的值"), rows)),
                List.of());
    }

    // ---- findings -----------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private Section findings(Map<String, Object> metrics) throws ReportException {
        Map<String, Object> rem = (Map<String, Object>) metrics.getOrDefault("remediation", Map.of());
        Map<String, Long> violations = new TreeMap<>();
        for (Map<String, Object> v : list(metrics, "violations")) {
            violations.merge((String) v.get("rule"), ((Number) v.get("reports")).longValue() + ((Number) v.get("suppressed")).longValue(), Long::sum);
        }
        Map<String, Object> all = plane.get("/v1/data/findings?status=all&limit=5000");
        List<List<Cell>> rows = new ArrayList<>();
        List<Bar> bars = new ArrayList<>();
        for (Map<String, Object> f : list(all, "findings")) {
            String q = "/v1/events?service=" + enc((String) f.get("service")) + "&rule=" + enc((String) f.get("rule")) + "&from=" + enc((String) f.get("openedAt"))
                    + (f.get("closedAt") == null ? "" : "&to=" + enc(Instant.parse((String) f.get("closedAt")).plusMillis(1).toString()));
            Object ttr = f.get("timeToRemediateSeconds");
            rows.add(List.of(Cell.of(f.get("id")), Cell.of(f.get("service")), Cell.of(f.get("rule")), Cell.of(f.get("name")),
                    Cell.linked(f.get("events"), q), Cell.of(f.get("openedAt")),
                    Cell.of("open".equals(f.get("status")) ? "open" : "closed (" + f.get("closedHow") + ")"),
                    Cell.of(ttr == null ? "-" : duration(((Number) ttr).longValue()))));
            if (ttr != null) {
                bars.add(new Bar(f.get("name") + " (" + f.get("rule") + ")", ((Number) ttr).doubleValue(), duration(((Number) ttr).longValue())));
            }
            if ("open".equals(f.get("status"))) {
                evidence("open finding " + f.get("id") + " (" + f.get("service") + " " + f.get("name") + ")", q + "&limit=1000");
            }
        }
        List<Figure> figures = new ArrayList<>(List.of(
                new Figure("findings-open", Text.of("open findings", "未关闭的问题"), String.valueOf(rem.get("open")), "/v1/data/findings?status=open"),
                new Figure("findings-closed", Text.of("closed findings", "已关闭的问题"), String.valueOf(rem.get("closed")), "/v1/data/findings?status=closed"),
                new Figure("ttr-median", Text.of("time to remediate, median", "整改时长中位数"), seconds(rem.get("timeToRemediateMedianSeconds")), "/v1/data/metrics"),
                new Figure("ttr-p90", Text.of("time to remediate, 90th percentile", "整改时长 90 分位"), seconds(rem.get("timeToRemediateP90Seconds")), "/v1/data/metrics"),
                new Figure("oldest-open", Text.of("oldest open finding, open for", "最久未关闭问题已持续"), seconds(rem.get("oldestOpenSeconds")), "/v1/data/findings?status=open")));
        for (Map.Entry<String, Long> v : violations.entrySet()) {
            figures.add(new Figure("violations-" + v.getKey(), Text.of("baseline violations, " + v.getKey(), "基线违规，" + v.getKey()), Long.toString(v.getValue()),
                    "/v1/events?rule=" + enc(v.getKey())));
        }
        return new Section(clauses.control("data-baseline"), List.copyOf(figures),
                bars.isEmpty() ? List.of() : List.of(new Chart("ttr", Text.of("Time to remediate per closed finding (seconds)", "各已关闭问题整改时长（秒）"), bars)),
                List.of(new Table(Text.of("Findings", "问题清单"), texts("finding|问题", "service|服务", "rule|规则", "asset|资产", "events|事件", "opened|发现时间",
                        "status|状态", "time to remediate|整改时长"), rows)),
                List.of());
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private void evidence(String heading, String query) throws ReportException {
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> e : list(plane.get(query), "events")) {
            ids.add(String.valueOf(e.get("id")));
        }
        appendix.add(new EvidenceList(heading, query, ids));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof List ? (List<Map<String, Object>>) v : List.of();
    }

    private static List<Text> texts(String... enZh) {
        List<Text> out = new ArrayList<>();
        for (String s : enZh) {
            int bar = s.indexOf('|');
            out.add(Text.of(s.substring(0, bar), s.substring(bar + 1)));
        }
        return out;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String pct(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    /** Nearest-rank percentile, as the plane's own remediation figures. */
    static long nearestRank(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static String seconds(Object v) {
        return v instanceof Number n ? duration(n.longValue()) : "-";
    }

    /** 3d 4h, 2h 5m, 7m 3s, 12s: as the CLI shows durations. */
    public static String duration(long seconds) {
        if (seconds >= 86_400) {
            return seconds / 86_400 + "d " + seconds % 86_400 / 3600 + "h";
        }
        if (seconds >= 3600) {
            return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
        }
        return seconds >= 60 ? seconds / 60 + "m " + seconds % 60 + "s" : seconds + "s";
    }
}
