package secplane.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = "What really runs in each JVM: JDK, application server and every loaded jar with its Maven coordinates.")
final class InventoryCommand extends RemoteCommand {
    @Option(names = "--service", description = "only this service")
    String service;

    @Option(names = "--instance", description = "only this instance")
    String instance;

    @Option(names = "--component", description = "only jars holding this component, group:artifact or artifact")
    String component;

    @Option(names = "--cyclonedx", paramLabel = "<file>", description = "write the instance's inventory as a CycloneDX 1.5 JSON BOM (needs --service and --instance)")
    Path cyclonedx;

    @Override
    @SuppressWarnings("unchecked")
    int run(ApiClient api) throws Exception {
        Map<String, String> q = new LinkedHashMap<>();
        if (service != null) {
            q.put("service", service);
        }
        if (instance != null) {
            q.put("instance", instance);
        }
        if (component != null) {
            q.put("component", component);
        }
        List<Map<String, Object>> agents = (List<Map<String, Object>>) ((Map<String, Object>) api.get("/v1/inventory", q)).get("agents");
        if (cyclonedx != null) {
            if (service == null || instance == null || agents.size() != 1) {
                System.err.println("secplane: --cyclonedx needs --service and --instance naming one instance with an inventory (" + agents.size() + " match)");
                return ApiClient.USAGE;
            }
            Object bom = api.get("/v1/inventory/" + agents.get(0).get("agentId") + "/cyclonedx");
            Files.writeString(cyclonedx, secplane.protocol.json.Json.write(bom), StandardCharsets.UTF_8);
            System.out.println("CycloneDX 1.5 BOM of " + service + "/" + instance + " written to " + cyclonedx);
            return ApiClient.OK;
        }
        for (Map<String, Object> a : agents) {
            Map<String, Object> jdk = (Map<String, Object>) a.get("jdk");
            Map<String, Object> server = (Map<String, Object>) a.get("appServer");
            System.out.printf("%s / %s  (agent %s, inventory v%s, %s jars)%n  JDK: %s%n  server: %s%n", a.get("service"), a.get("instanceId"), a.get("agentId"),
                    a.get("inventoryVersion"), a.get("jarCount"), jdk == null ? "-" : jdk.get("vendor") + " " + jdk.get("version") + " (" + jdk.get("home") + ")",
                    server == null ? "-" : server.get("name") + " " + server.get("version"));
            Table t = new Table("COMPONENT", "VERSION", "FROM", "JAR", "SHA-256");
            for (Map<String, Object> j : (List<Map<String, Object>>) a.get("jars")) {
                List<Map<String, Object>> comps = (List<Map<String, Object>>) j.get("components");
                String sha = j.get("sha256") == null ? "" : ((String) j.get("sha256")).substring(0, 16) + "…";
                if (comps.isEmpty()) {
                    t.row("-", "-", j.get("kind"), j.get("path"), sha);
                }
                for (Map<String, Object> c : comps) {
                    t.row((c.get("group") == null ? "" : c.get("group") + ":") + c.get("artifact"), c.get("version") == null ? "unknown" : c.get("version"),
                            c.get("source") + (c.get("relocatedTo") == null ? "" : " as " + c.get("relocatedTo")), j.get("path"), sha);
                }
            }
            System.out.print(t);
        }
        if (agents.isEmpty()) {
            System.out.println("no inventory matches; agents report theirs after enrolling (secplane agents lists them)");
        }
        return ApiClient.OK;
    }
}
