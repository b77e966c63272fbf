package secplane.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import secplane.protocol.json.Json;

@Command(name = "policy", mixinStandardHelpOptions = true, description = "Push, list, compare and roll back policies.",
        subcommands = {PolicyCommand.Push.class, PolicyCommand.ListVersions.class, PolicyCommand.Diff.class,
            PolicyCommand.Rollback.class, PolicyCommand.Status.class})
final class PolicyCommand implements Runnable {
    /** Exit code of a push whose rollout did not reach every targeted agent. */
    static final int NOT_APPLIED = 5;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "push", mixinStandardHelpOptions = true, description = "Sign and roll out a policy to a service's agents.")
    static final class Push extends RemoteCommand {
        @Option(names = "--service", required = true)
        String service;

        @Parameters(index = "0", paramLabel = "<policy.json>")
        Path file;

        @Option(names = "--label", paramLabel = "k=v", description = "only agents with this label (repeatable)")
        List<String> labels = List.of();

        @Option(names = "--instance", paramLabel = "<id>", description = "only these instances (repeatable)")
        List<String> instances = List.of();

        @Option(names = "--percentage", description = "only this share of the agents (stable by agent id)")
        Integer percentage;

        @Option(names = "--stages", split = ",", paramLabel = "1,10,100", description = "staged rollout percentages")
        List<Long> stages = List.of();

        @Option(names = "--stage-seconds", description = "time per stage without a NACK before the next (default: server's)")
        Long stageSeconds;

        @Option(names = "--bundle", paramLabel = "<id[@version]>", description = "aspect bundle to deliver (repeatable)")
        List<String> bundles = List.of();

        @Option(names = "--note")
        String note;

        @Option(names = "--wait", paramLabel = "<seconds>", description = "wait for the targeted agents, with progress (0: do not wait)")
        int waitSeconds = 30;

        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
            Object policy;
            try {
                policy = Json.parse(Files.readString(file));
            } catch (RuntimeException e) {
                System.err.println("secplane: " + file + ":" + e.getMessage());
                return ApiClient.USAGE;
            }
            Map<String, Object> target = new LinkedHashMap<>();
            Map<String, String> l = new LinkedHashMap<>();
            for (String kv : labels) {
                String[] p = kv.split("=", 2);
                if (p.length != 2) {
                    System.err.println("secplane: --label must be key=value, not '" + kv + "'");
                    return ApiClient.USAGE;
                }
                l.put(p[0], p[1]);
            }
            if (!l.isEmpty()) {
                target.put("labels", l);
            }
            if (!instances.isEmpty()) {
                target.put("instances", instances);
            }
            if (percentage != null) {
                target.put("percentage", percentage);
            }
            if (!stages.isEmpty()) {
                target.put("stages", stages);
            }
            if (stageSeconds != null) {
                target.put("stageSeconds", stageSeconds);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("service", service);
            body.put("policy", policy);
            body.put("target", target);
            if (!bundles.isEmpty()) {
                body.put("bundles", bundles);
            }
            if (note != null) {
                body.put("note", note);
            }
            Map<String, Object> r = (Map<String, Object>) api.post("/v1/policies", body);
            long version = ((Number) r.get("version")).longValue();
            System.out.printf("policy version %d for %s signed with key %s%n", version, service, r.get("keyId"));
            return waitSeconds <= 0 ? ApiClient.OK : await(api, service, version, Duration.ofSeconds(waitSeconds));
        }
    }

    /** Follows the targeted agents until each has applied or refused the version, with a progress bar. */
    @SuppressWarnings("unchecked")
    static int await(ApiClient api, String service, long version, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        Progress progress = null;
        while (true) {
            Map<String, Object> r = (Map<String, Object>) api.get("/v1/agents/summary", Map.of("service", service, "version", String.valueOf(version)));
            int targeted = ((Number) r.get("targeted")).intValue();
            int applied = ((Number) r.get("applied")).intValue();
            List<String> failed = new ArrayList<>();
            for (Map<String, Object> f : (List<Map<String, Object>>) r.get("failures")) {
                failed.add(f.get("instanceId") + ": " + f.get("error"));
            }
            int failedCount = ((Number) r.get("failed")).intValue();
            if (progress == null) {
                progress = new Progress("rollout v" + version, Math.max(1, targeted));
            }
            progress.set(applied + failedCount, applied + "/" + targeted + " applied" + (failedCount == 0 ? "" : ", " + failedCount + " failed"));
            if (targeted > 0 && applied + failedCount == targeted) {
                progress.done();
                for (String f : failed) {
                    System.err.println("  NACK " + f);
                }
                if (failedCount > failed.size()) {
                    System.err.printf("  and %d more NACKs: secplane policy status --service %s%n", failedCount - failed.size(), service);
                }
                System.out.printf("%d of %d agents applied version %d%n", applied, targeted, version);
                return failedCount == 0 ? ApiClient.OK : NOT_APPLIED;
            }
            if (System.nanoTime() > deadline) {
                progress.done();
                System.out.printf("%d of %d agents applied version %d within %d s; see 'secplane policy status --service %s'%n",
                        applied, targeted, version, limit.getSeconds(), service);
                return NOT_APPLIED;
            }
            Thread.sleep(200);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a service's policy versions.")
    static final class ListVersions extends RemoteCommand {
        @Option(names = "--service", required = true)
        String service;

        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
            Map<String, Object> r = (Map<String, Object>) api.get("/v1/policies", Map.of("service", service));
            Table t = new Table("VERSION", "CREATED", "BY", "TARGET", "BUNDLES", "NOTE");
            for (Map<String, Object> p : (List<Map<String, Object>>) r.get("policies")) {
                t.row(p.get("version"), p.get("createdAt"), p.get("createdBy"), Json.write(p.get("target")), Json.write(p.get("bundles")), p.get("note"));
            }
            System.out.print(t);
            return ApiClient.OK;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true, description = "Show what changed between two policy versions (default: the last two).")
    static final class Diff extends RemoteCommand {
        @Option(names = "--service", required = true)
        String service;

        @Parameters(arity = "0..2", paramLabel = "<version>")
        List<Long> versions = List.of();

        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
            List<Long> v = new ArrayList<>(versions);
            if (v.size() < 2) {
                Map<String, Object> r = (Map<String, Object>) api.get("/v1/policies", Map.of("service", service));
                List<Long> all = new ArrayList<>();
                for (Map<String, Object> p : (List<Map<String, Object>>) r.get("policies")) {
                    all.add(((Number) p.get("version")).longValue());
                }
                all.sort(null);
                if (all.size() < 2) {
                    System.err.println("secplane: " + service + " has fewer than two policy versions");
                    return ApiClient.FAILED;
                }
                v = List.of(all.get(all.size() - 2), all.get(all.size() - 1));
            }
            List<String> a = lines(api, v.get(0));
            List<String> b = lines(api, v.get(1));
            System.out.println("--- " + service + " v" + v.get(0));
            System.out.println("+++ " + service + " v" + v.get(1));
            for (String line : LineDiff.diff(a, b)) {
                System.out.println(line);
            }
            return ApiClient.OK;
        }

        @SuppressWarnings("unchecked")
        private List<String> lines(ApiClient api, long version) throws Exception {
            Map<String, Object> r = (Map<String, Object>) api.get("/v1/policies/" + version, Map.of("service", service));
            Map<String, Object> snapshot = (Map<String, Object>) ((Map<String, Object>) r.get("signed")).get("snapshot");
            return PrettyJson.lines(snapshot.get("policy"));
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, description = "Reissue the previous policy as a new version.")
    static final class Rollback extends RemoteCommand {
        @Option(names = "--service", required = true)
        String service;

        @Option(names = "--wait", paramLabel = "<seconds>")
        int waitSeconds = 30;

        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
            Map<String, Object> r = (Map<String, Object>) api.post("/v1/policies/rollback", Map.of("service", service));
            long version = ((Number) r.get("version")).longValue();
            System.out.printf("rolled back %s: the previous policy is version %d now%n", service, version);
            return waitSeconds <= 0 ? ApiClient.OK : await(api, service, version, Duration.ofSeconds(waitSeconds));
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Per-instance status of a service's policy.")
    static final class Status extends RemoteCommand {
        @Option(names = "--service", required = true)
        String service;

        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
            Map<String, Object> r = (Map<String, Object>) api.get("/v1/agents", Map.of("service", service));
            Table t = new Table("INSTANCE", "STATE", "APPLIED", "TARGET", "APPLIED AT", "LAST CONTACT", "NACK");
            int bad = 0;
            for (Map<String, Object> a : (List<Map<String, Object>>) r.get("agents")) {
                t.row(a.get("instanceId"), a.get("state"), a.get("appliedVersion"), a.get("targetVersion"), a.get("appliedAt"),
                        a.get("lastContact"), a.get("error"));
                bad += "failed".equals(a.get("state")) || "stale".equals(a.get("state")) ? 1 : 0;
            }
            System.out.print(t);
            return bad == 0 ? ApiClient.OK : NOT_APPLIED;
        }
    }
}
