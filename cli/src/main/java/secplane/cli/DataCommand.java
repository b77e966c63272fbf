package secplane.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "data", mixinStandardHelpOptions = true,
        description = "The data map: which table columns hold, and which endpoints and loggers hand out, which personal data, and to whom.",
        subcommands = {DataCommand.MapCommand.class, DataCommand.Flows.class})
final class DataCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "map", mixinStandardHelpOptions = true,
            description = "Endpoints (method and path pattern), loggers and table columns with the data types they carry, their JR/T 0197 level, counts and first/last seen.")
    static final class MapCommand extends RemoteCommand {
        @Option(names = "--service")
        String service;
        @Option(names = "--kind", paramLabel = "<KIND>", description = "endpoint, logger or column")
        String kind;
        @Option(names = "--type", paramLabel = "<TYPE>", description = "a catalog data type, e.g. CN_RESIDENT_ID")
        String type;
        @Option(names = "--min-level", paramLabel = "<1-5>", description = "only types of at least this JR/T 0197 level")
        Integer minLevel;
        @Option(names = "--json", description = "print the API's JSON")
        boolean json;

        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
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
            description = "Where one data type goes: source (the table.column it was read from) -> service -> endpoint or logger -> consumer "
                    + "(the caller's role and address class, or the log output).")
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
            Table t = new Table("SOURCE", "SERVICE", "ASSET", "CONSUMER", "REPORTED", "+COUNTED", "VALUES", "LAST SEEN");
            for (Map<String, Object> f : flows) {
                t.row(f.get("source") == null ? "(unknown)" : f.get("source"), f.get("service"), f.get("name"), f.get("consumer"), f.get("reports"),
                        f.get("suppressed"), f.get("values"), f.get("lastSeen"));
            }
            System.out.print(t);
            System.out.println(flows.isEmpty() ? "no flow of " + type + " observed yet; check the spelling of the type: a catalog key such as CN_RESIDENT_ID or CN_MOBILE"
                    : flows.size() + " flow(s) of " + type);
            return ApiClient.OK;
        }
    }
}
