package secplane.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "exposure", mixinStandardHelpOptions = true,
        description = "Which services and instances run a component an advisory names, with the evidence; without an id, every advisory that exposes something.")
final class ExposureCommand extends RemoteCommand {
    /** Exit code when something is exposed, so that scripts can tell. */
    static final int EXPOSED = 6;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<CVE or advisory id>")
    String id;

    @Override
    @SuppressWarnings("unchecked")
    int run(ApiClient api) throws Exception {
        if (id == null) {
            Map<String, Object> r = (Map<String, Object>) api.get("/v1/exposure");
            Table t = new Table("ADVISORY", "ALIASES", "INSTANCES", "SERVICES", "SUMMARY");
            List<Map<String, Object>> rows = (List<Map<String, Object>>) r.get("advisories");
            for (Map<String, Object> a : rows) {
                t.row(a.get("id"), String.join(" ", (List<String>) a.get("aliases")), a.get("instances"), String.join(" ", (List<String>) a.get("services")), a.get("summary"));
            }
            System.out.print(t);
            System.out.printf("%d advisories expose instances, over %s agents with an inventory%n", rows.size(), r.get("agentsWithInventory"));
            return rows.isEmpty() ? ApiClient.OK : EXPOSED;
        }
        Map<String, Object> r = (Map<String, Object>) api.get("/v1/exposure/" + id);
        Map<String, Object> adv = (Map<String, Object>) r.get("advisory");
        System.out.printf("%s (%s): %s%n", adv.get("id"), String.join(", ", (List<String>) adv.get("aliases")), adv.get("summary"));
        Table t = new Table("SERVICE", "INSTANCE", "VERDICT", "COMPONENT", "JAR", "WHY");
        List<Map<String, Object>> exposed = (List<Map<String, Object>>) r.get("exposed");
        for (Map<String, Object> e : exposed) {
            for (Map<String, Object> ev : (List<Map<String, Object>>) e.get("evidence")) {
                List<String> why = (List<String>) ev.get("why");
                t.row(e.get("service"), e.get("instanceId"), ev.get("verdict"), ev.get("component") + (ev.get("relocatedTo") == null ? "" : " (shaded as " + ev.get("relocatedTo") + ")"),
                        ev.get("jar"), why.isEmpty() ? "" : why.get(0));
            }
        }
        System.out.print(t);
        System.out.printf("%d instance(s) exposed in %s, of %s agents with an inventory%s%n", exposed.size(), r.get("services"), r.get("agentsWithInventory"),
                exposed.isEmpty() ? "" : "; patch them now: secplane patch apply <patch> --to exposed:" + id);
        return exposed.isEmpty() ? ApiClient.OK : EXPOSED;
    }
}
