package secplane.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import secplane.protocol.json.Json;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show what an agent runs, from its data directory (status.json).")
final class AgentStatusCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<data-dir>", description = "the agent's data directory (option data=...)")
    Path data;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        Path file = data.resolve("status.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no status.json in " + data.toAbsolutePath() + "; is this an agent data directory?");
        }
        Map<String, Object> s = (Map<String, Object>) Json.parse(Files.readString(file));
        System.out.printf("agent %s  pid %s  service %s  java %s  state %s%n", s.get("agentVersion"), s.get("pid"),
                s.get("service"), s.get("java"), s.get("state"));
        System.out.printf("policy %s (%s)%s%n", s.get("policyVersion"), s.get("policySource"),
                s.get("policyError") == null ? "" : "\n  last rejected change: " + s.get("policyError"));
        Table t = new Table("ASPECT", "VERSION", "STATE", "CALLS", "FAILURES", "ORIGIN");
        for (Map<String, Object> a : (List<Map<String, Object>>) s.get("aspects")) {
            t.row(a.get("id"), a.get("version"), a.get("state"), a.get("calls"), a.get("failures"), a.get("origin"));
        }
        System.out.print(t);
        List<Map<String, Object>> patches = (List<Map<String, Object>>) s.get("patches");
        if (patches != null && !patches.isEmpty()) {
            Table p = new Table("PATCH", "STATE", "CLASSES", "HITS", "DETAIL");
            for (Map<String, Object> m : patches) {
                p.row(m.get("id"), m.get("state"), m.get("classes"), m.get("hits") == null ? "" : m.get("hits"),
                        m.get("detail") == null ? "" : m.get("detail"));
            }
            System.out.print(p);
        }
        System.out.printf("events written %s, dropped %s; %d classes woven%n", s.get("eventsWritten"), s.get("eventsDropped"),
                ((List<?>) s.get("woven")).size());
        return 0;
    }
}
