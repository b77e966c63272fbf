package secplane.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "events", mixinStandardHelpOptions = true, description = "Query the events agents reported.",
        subcommands = {EventsCommand.Counts.class})
final class EventsCommand extends RemoteCommand {
    @Option(names = "--service")
    String service;
    @Option(names = "--instance")
    String instance;
    @Option(names = "--join-point")
    String joinPoint;
    @Option(names = "--aspect")
    String aspect;
    @Option(names = "--rule")
    String rule;
    @Option(names = "--verdict", description = "observe or block")
    String verdict;
    @Option(names = "--since", paramLabel = "<duration>", description = "e.g. 15m, 2h, 7d (default: all)")
    String since;
    @Option(names = "--limit")
    int limit = 50;

    @Override
    @SuppressWarnings("unchecked")
    int run(ApiClient api) throws Exception {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("service", service);
        q.put("instance", instance);
        q.put("joinPoint", joinPoint);
        q.put("aspect", aspect);
        q.put("rule", rule);
        q.put("verdict", verdict);
        q.put("limit", Integer.toString(limit));
        if (since != null) {
            q.put("from", Instant.now().minus(parse(since)).toString());
        }
        Map<String, Object> r = (Map<String, Object>) api.get("/v1/events", q);
        Table t = new Table("TIME", "SERVICE", "INSTANCE", "TYPE", "JOIN POINT", "RULE", "VERDICT", "MESSAGE");
        for (Map<String, Object> e : (List<Map<String, Object>>) r.get("events")) {
            String message = str(e.get("message"));
            t.row(e.get("time"), e.get("service"), e.get("instanceId"), e.get("type"), e.get("joinPoint"), e.get("rule"),
                    e.get("verdict"), message.length() > 80 ? message.substring(0, 77) + "..." : message);
        }
        System.out.print(t);
        return ApiClient.OK;
    }

    static Duration parse(String s) {
        if (!s.matches("\\d+[smhd]")) {
            throw new IllegalArgumentException("--since takes a number and a unit (s, m, h, d), e.g. 15m, not '" + s + "'");
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        switch (s.charAt(s.length() - 1)) {
            case 's':
                return Duration.ofSeconds(n);
            case 'm':
                return Duration.ofMinutes(n);
            case 'h':
                return Duration.ofHours(n);
            default:
                return Duration.ofDays(n);
        }
    }

    @Command(name = "counts", mixinStandardHelpOptions = true, description = "Event counts per rule or service over time.")
    static final class Counts extends RemoteCommand {
        @Option(names = "--by", description = "rule or service")
        String by = "rule";
        @Option(names = "--bucket", description = "minute or hour")
        String bucket = "minute";

        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
            Map<String, Object> r = (Map<String, Object>) api.get("/v1/events/counts", Map.of("by", by, "bucket", bucket));
            Table t = new Table("BUCKET", by.toUpperCase(java.util.Locale.ROOT), "COUNT");
            for (Map<String, Object> c : (List<Map<String, Object>>) r.get("counts")) {
                t.row(c.get("bucket"), c.get(by), c.get("count"));
            }
            System.out.print(t);
            return ApiClient.OK;
        }
    }
}
