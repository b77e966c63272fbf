package secplane.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "data", mixinStandardHelpOptions = true,
        description = "The data map: which table columns hold, and which endpoints and loggers hand out, which personal data, to whom, and which external destinations receive it.",
        subcommands = {DataCommand.MapCommand.class, DataCommand.Flows.class, DataCommand.FindingsCommand.class, DataCommand.CloseFinding.class})
final class DataCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /**
     * Whether {@code value} is one of {@code allowed}; if not, says on standard error which values the option
     * takes, so the caller only has to return {@link ApiClient#USAGE}.
     */
    static boolean oneOf(String option, String value, String... allowed) {
        if (List.of(allowed).contains(value)) {
            return true;
        }
        String choices = String.join(", ", List.of(allowed).subList(0, allowed.length - 1)) + " or " + allowed[allowed.length - 1];
        System.err.println("secplane: " + option + " takes " + choices + ", not " + value);
        return false;
    }

    @Command(name = "map", mixinStandardHelpOptions = true,
            description = "Endpoints (method and path pattern), loggers, table columns and external destinations (host:port, kafka:<topic>) with the data types they carry, "
                    + "their JR/T 0197 level, counts and first/last seen.")
    static final class MapCommand extends RemoteCommand {
        @Option(names = "--service")
        String service;
        @Option(names = "--type", paramLabel = "<TYPE>", description = "a catalog data type, e.g. CN_RESIDENT_ID")
        String type;
        @Option(names = "--min-level", paramLabel = "<1-5>", description = "only types of at least this JR/T 0197 level")
        Integer minLevel;
        @Option(names = "--kind", paramLabel = "<KIND>", description = "only assets of this kind: endpoint, logger, column or destination")
        String kind;
        @Option(names = "--json", description = "print the API's JSON")
        boolean json;

        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
            if (kind != null && !oneOf("--kind", kind, "endpoint", "logger", "column", "destination")) {
                return ApiClient.USAGE;
            }
            if (minLevel != null && (minLevel < 1 || minLevel > 5)) {
                System.err.println("secplane: --min-level takes a JR/T 0197 level from 1 to 5, not " + minLevel);
                return ApiClient.USAGE;
            }
            Map<String, String> q = new LinkedHashMap<>();
            q.put("service", service);
            q.put("type", type);
            q.put("minLevel", minLevel == null ? null : minLevel.toString());
            q.put("kind", kind);
            Map<String, Object> r = (Map<String, Object>) api.get("/v1/data/map", q);
            if (json) {
                PrettyJson.lines(r).forEach(System.out::println);
                return ApiClient.OK;
            }
            List<Map<String, Object>> assets = (List<Map<String, Object>>) r.get("assets");
            Table t = new Table("SERVICE", "KIND", "ASSET", "TYPE", "LEVEL", "REPORTED", "+COUNTED", "VALUES", "DAYS", "FIRST SEEN", "LAST SEEN");
            for (Map<String, Object> a : assets) {
                t.row(a.get("service"), a.get("kind"), a.get("name"), a.get("type"), a.get("level"), a.get("reports"), a.get("suppressed"), a.get("values"),
                        ((List<Object>) a.get("days")).size(), a.get("firstSeen"), a.get("lastSeen"));
            }
            System.out.print(t);
            System.out.println(assets.isEmpty()
                    ? "no data assets observed yet; the agents report them with the data aspect's rules (docs/data-governance.md)"
                    : assets.size() + " asset/type pair(s); REPORTED events plus +COUNTED ones the agent rate-limited; VALUES found in the reported ones");
            return ApiClient.OK;
        }
    }

    @Command(name = "flows", mixinStandardHelpOptions = true,
            description = "Where one data type goes: source (the table.column it was read from) -> service -> endpoint, logger or destination -> consumer "
                    + "(the caller's role and address class, the log output, or for a destination whether it is allow-listed, the client and the endpoint that sent it).")
    static final class Flows extends RemoteCommand {
        @Option(names = "--type", required = true, paramLabel = "<TYPE>", description = "a catalog data type, e.g. CN_RESIDENT_ID")
        String type;
        @Option(names = "--service")
        String service;
        @Option(names = "--json", description = "print the API's JSON")
        boolean json;

        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("type", type);
            q.put("service", service);
            Map<String, Object> r = (Map<String, Object>) api.get("/v1/data/flows", q);
            if (json) {
                PrettyJson.lines(r).forEach(System.out::println);
                return ApiClient.OK;
            }
            List<Map<String, Object>> flows = (List<Map<String, Object>>) r.get("flows");
            Table t = new Table("SOURCE", "SERVICE", "KIND", "ASSET", "CONSUMER", "REPORTED", "+COUNTED", "VALUES", "LAST SEEN");
            for (Map<String, Object> f : flows) {
                t.row(f.get("source") == null ? "(unknown)" : f.get("source"), f.get("service"), f.get("kind"), f.get("name"), f.get("consumer"), f.get("reports"),
                        f.get("suppressed"), f.get("values"), f.get("lastSeen"));
            }
            System.out.print(t);
            System.out.println(flows.isEmpty() ? "no flow of " + type + " observed yet; check the spelling of the type: a catalog key such as CN_RESIDENT_ID or CN_MOBILE"
                    : flows.size() + " flow(s) of " + type);
            return ApiClient.OK;
        }
    }

    @Command(name = "findings", mixinStandardHelpOptions = true,
            description = "Data findings: each asset that let personal data out, since when, and how long it took to stop (time to remediate).")
    static final class FindingsCommand extends RemoteCommand {
        @Option(names = "--status", paramLabel = "open|closed|all", defaultValue = "open", description = "which findings (default: ${DEFAULT-VALUE})")
        String status;
        @Option(names = "--service")
        String service;
        @Option(names = "--rule", paramLabel = "<RULE>", description = "a data rule, e.g. data.log-baseline")
        String rule;
        @Option(names = "--json", description = "print the API's JSON")
        boolean json;

        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
            if (!oneOf("--status", status, "open", "closed", "all")) {
                return ApiClient.USAGE;
            }
            Map<String, String> q = new LinkedHashMap<>();
            q.put("status", status);
            q.put("service", service);
            q.put("rule", rule);
            Map<String, Object> r = (Map<String, Object>) api.get("/v1/data/findings", q);
            if (json) {
                PrettyJson.lines(r).forEach(System.out::println);
                return ApiClient.OK;
            }
            List<Map<String, Object>> findings = (List<Map<String, Object>>) r.get("findings");
            Table t = new Table("ID", "SERVICE", "RULE", "KIND", "ASSET", "TYPES", "OPENED", "LAST SEEN", "EVENTS", "STATUS", "TIME TO REMEDIATE");
            for (Map<String, Object> f : findings) {
                Object ttr = f.get("timeToRemediateSeconds");
                String status = "open".equals(f.get("status")) ? "open " + duration(((Number) f.get("openForSeconds")).longValue())
                        : "closed (" + f.get("closedHow") + ")";
                t.row(f.get("id"), f.get("service"), f.get("rule"), f.get("kind"), f.get("name"), String.join(",", (List<String>) f.get("types")),
                        f.get("openedAt"), f.get("lastSeen"), f.get("events"), status, ttr == null ? "-" : duration(((Number) ttr).longValue()));
            }
            System.out.print(t);
            System.out.println(r.get("open") + " open, " + r.get("closed") + " closed; a finding closes when its rule masks or blocks there, after "
                    + "24 h without exposure, or with 'secplane data close-finding ID --reason TEXT'");
            return ApiClient.OK;
        }
    }

    @Command(name = "close-finding", mixinStandardHelpOptions = true, description = "Close an open data finding with a reason (operator role; audited).")
    static final class CloseFinding extends RemoteCommand {
        @picocli.CommandLine.Parameters(index = "0", paramLabel = "ID", description = "the finding's id, from 'secplane data findings'")
        String id;
        @Option(names = "--reason", required = true, description = "why it is closed: fixed, accepted risk, ...")
        String reason;

        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
            Map<String, Object> r = (Map<String, Object>) api.post("/v1/data/findings/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)
                    + "/close", Map.of("reason", reason));
            System.out.println("closed " + r.get("id") + " at " + r.get("closedAt") + "; time to remediate "
                    + duration(((Number) r.get("timeToRemediateSeconds")).longValue()));
            return ApiClient.OK;
        }
    }

    /** 3d 4h, 2h 5m, 7m 3s, 12s. */
    static String duration(long seconds) {
        if (seconds >= 86_400) {
            return seconds / 86_400 + "d " + seconds % 86_400 / 3600 + "h";
        }
        if (seconds >= 3600) {
            return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
        }
        return seconds >= 60 ? seconds / 60 + "m " + seconds % 60 + "s" : seconds + "s";
    }
}
