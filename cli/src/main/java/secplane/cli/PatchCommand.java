package secplane.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import secplane.protocol.json.Json;

@Command(name = "patch", mixinStandardHelpOptions = true,
        description = "Virtual patches: change one method's behaviour in running JVMs, without a restart, where a vulnerable component runs.",
        subcommands = {PatchCommand.ListPatches.class, PatchCommand.Apply.class, PatchCommand.Revert.class, PatchCommand.Status.class})
final class PatchCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("secplane patch: name a command: list, apply, revert, status");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The built-in patches and where each is in force.")
    static final class ListPatches extends RemoteCommand {
        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
            Map<String, Object> r = (Map<String, Object>) api.get("/v1/patches");
            Table t = new Table("PATCH", "ADVISORIES", "METHODS", "IN FORCE", "TITLE");
            for (Map<String, Object> p : (List<Map<String, Object>>) r.get("patches")) {
                StringBuilder methods = new StringBuilder();
                for (Map<String, Object> e : (List<Map<String, Object>>) p.get("patches")) {
                    String cls = (String) e.get("class");
                    methods.append(methods.length() == 0 ? "" : " ").append(cls.substring(cls.lastIndexOf('.') + 1)).append('.').append(e.get("method"));
                }
                StringBuilder where = new StringBuilder();
                for (Map<String, Object> f : (List<Map<String, Object>>) p.get("inForce")) {
                    where.append(where.length() == 0 ? "" : ", ").append(f.get("service")).append(" v").append(f.get("version"));
                }
                t.row(p.get("id"), String.join(" ", (List<String>) p.get("advisories")), methods, where.length() == 0 ? "-" : where, p.get("title"));
            }
            System.out.print(t);
            return ApiClient.OK;
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Apply a patch (a built-in id or a JSON file with a patch set) to exposed:<CVE>, service:<name> or instances:<svc>/<inst>,...; follows each agent's self-check.")
    static final class Apply extends RemoteCommand {
        @Parameters(index = "0", paramLabel = "<patch id | file.json>")
        String patch;

        @Option(names = "--to", required = true, paramLabel = "exposed:<CVE>")
        String to;

        @Option(names = "--stages", split = ",", paramLabel = "10,50,100", description = "staged rollout percentages (default: all targeted instances at once)")
        List<Long> stages = List.of();

        @Option(names = "--stage-seconds", description = "hold of each stage without a NACK before the next")
        Long stageSeconds;

        @Option(names = "--wait", description = "seconds to follow the self-checks (0: do not wait)", defaultValue = "120")
        long waitSeconds;

        @Option(names = "--note")
        String note;

        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            Path file = Path.of(patch);
            body.put("patch", patch.endsWith(".json") && Files.isRegularFile(file) ? Json.parse(Files.readString(file, StandardCharsets.UTF_8)) : patch);
            body.put("to", to);
            if (!stages.isEmpty() || stageSeconds != null) {
                Map<String, Object> rollout = new LinkedHashMap<>();
                if (!stages.isEmpty()) {
                    rollout.put("stages", stages);
                }
                if (stageSeconds != null) {
                    rollout.put("stageSeconds", stageSeconds);
                }
                body.put("rollout", rollout);
            }
            if (note != null) {
                body.put("note", note);
            }
            Map<String, Object> r = (Map<String, Object>) api.post("/v1/patches/apply", body);
            Table t = new Table("SERVICE", "VERSION", "INSTANCES", "ROLLOUT");
            for (Map<String, Object> s : (List<Map<String, Object>>) r.get("services")) {
                List<String> inst = (List<String>) s.get("instances");
                Map<String, Object> ro = (Map<String, Object>) s.get("rollout");
                t.row(s.get("service"), s.get("version"), inst.isEmpty() ? "all" : String.join(" ", inst), ro == null ? "at once" : ro.get("stages") + " (" + ro.get("id") + ")");
            }
            System.out.print(t);
            String id = (String) r.get("patch");
            return waitSeconds <= 0 ? ApiClient.OK : follow(api, id, Duration.ofSeconds(waitSeconds));
        }
    }

    /** Follows the agents' self-checks until each targeted instance is active or failed, with a progress bar. */
    @SuppressWarnings("unchecked")
    static int follow(ApiClient api, String id, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        Progress progress = null;
        while (true) {
            Map<String, Object> s = (Map<String, Object>) api.get("/v1/patches/" + id + "/status");
            int targeted = ((Number) s.get("targeted")).intValue();
            int active = ((Number) s.get("active")).intValue();
            int failed = ((Number) s.get("failed")).intValue();
            if (progress == null) {
                progress = new Progress("patch " + id, Math.max(1, targeted));
            }
            progress.set(active + failed, active + "/" + targeted + " active" + (failed == 0 ? "" : ", " + failed + " failed"));
            boolean over = System.nanoTime() > deadline;
            if (targeted > 0 && active + failed == targeted || over) {
                progress.done();
                printAgents(s);
                System.out.printf("%d of %d targeted instances confirmed patch %s active%s%n", active, targeted, id,
                        over && active + failed < targeted ? " within " + limit.getSeconds() + " s; see 'secplane patch status " + id + "'" : "");
                return active == targeted ? ApiClient.OK : PolicyCommand.NOT_APPLIED;
            }
            Thread.sleep(200);
        }
    }

    @SuppressWarnings("unchecked")
    static void printAgents(Map<String, Object> s) {
        Table t = new Table("SERVICE", "INSTANCE", "STATE", "VERSION", "SELF-CHECK");
        for (Map<String, Object> a : (List<Map<String, Object>>) s.get("agents")) {
            StringBuilder check = new StringBuilder();
            for (Map<String, Object> p : (List<Map<String, Object>>) a.get("patches")) {
                check.append(check.length() == 0 ? "" : "; ").append(p.get("id")).append(' ').append(p.get("state"))
                        .append(p.get("detail") == null ? "" : ": " + p.get("detail"));
            }
            if (a.get("error") != null) {
                check.append(check.length() == 0 ? "" : "; ").append("NACK: ").append(a.get("error"));
            }
            t.row(a.get("service"), a.get("instanceId"), a.get("state"), a.get("version"), check);
        }
        System.out.print(t);
    }

    @Command(name = "revert", mixinStandardHelpOptions = true, description = "Remove a patch everywhere it is in force (or in one service).")
    static final class Revert extends RemoteCommand {
        @Parameters(index = "0", paramLabel = "<patch id>")
        String patch;

        @Option(names = "--service")
        String service;

        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("patch", patch);
            if (service != null) {
                body.put("service", service);
            }
            Map<String, Object> r = (Map<String, Object>) api.post("/v1/patches/revert", body);
            for (Map<String, Object> s : (List<Map<String, Object>>) r.get("services")) {
                System.out.printf("%s: version %s without patch %s issued%n", s.get("service"), s.get("version"), patch);
            }
            return ApiClient.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Each targeted instance's self-check of a patch.")
    static final class Status extends RemoteCommand {
        @Parameters(index = "0", paramLabel = "<patch id>")
        String patch;

        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
            Map<String, Object> s = (Map<String, Object>) api.get("/v1/patches/" + patch + "/status");
            printAgents(s);
            System.out.printf("%s targeted, %s active, %s pending, %s failed%n", s.get("targeted"), s.get("active"), s.get("pending"), s.get("failed"));
            return ((Number) s.get("active")).longValue() == ((Number) s.get("targeted")).longValue() ? ApiClient.OK : PolicyCommand.NOT_APPLIED;
        }
    }
}
