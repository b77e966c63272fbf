package secplane.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "agents", mixinStandardHelpOptions = true, description = "List the enrolled agents and what each one runs.")
final class AgentsCommand extends RemoteCommand {
    @Option(names = "--service", description = "only this service")
    String service;

    @Override
    @SuppressWarnings("unchecked")
    int run(ApiClient api) throws Exception {
        Map<String, Object> r = (Map<String, Object>) api.get("/v1/agents", service == null ? Map.of() : Map.of("service", service));
        Table t = new Table("AGENT", "SERVICE", "INSTANCE", "HOST", "PID", "JVM", "STATE", "APPLIED", "TARGET", "LAST CONTACT", "ERROR");
        for (Map<String, Object> a : (List<Map<String, Object>>) r.get("agents")) {
            t.row(a.get("agentId"), a.get("service"), a.get("instanceId"), a.get("host"), a.get("pid"), a.get("jvm"), a.get("state"),
                    a.get("appliedVersion"), a.get("targetVersion"), a.get("lastContact"), a.get("error"));
        }
        System.out.print(t);
        return ApiClient.OK;
    }
}
