package secplane.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "advisories", mixinStandardHelpOptions = true, description = "Vulnerability advisories (OSV): the built-in set and imported files.",
        subcommands = {AdvisoriesCommand.Import.class, AdvisoriesCommand.ListAdvisories.class})
final class AdvisoriesCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("secplane advisories: name a command: import, list");
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import OSV JSON files (one advisory, an array, or JSON lines per file); a directory imports every .json/.jsonl/.ndjson in it.")
    static final class Import extends RemoteCommand {
        @Parameters(paramLabel = "<file|dir>", arity = "1..*")
        List<Path> paths;

        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
            List<Path> files = new ArrayList<>();
            for (Path p : paths) {
                if (Files.isDirectory(p)) {
                    try (Stream<Path> s = Files.walk(p)) {
                        s.filter(Files::isRegularFile).filter(f -> f.toString().matches(".*\\.(json|jsonl|ndjson)$")).sorted().forEach(files::add);
                    }
                } else if (Files.isRegularFile(p)) {
                    files.add(p);
                } else {
                    System.err.println("secplane: no file or directory " + p);
                    return ApiClient.USAGE;
                }
            }
            Progress progress = new Progress("import", Math.max(1, files.size()));
            Table t = new Table("FILE", "RESULT", "ADVISORIES / PROBLEM");
            int rejected = 0;
            for (Path f : files) {
                String name = f.getFileName().toString().replaceAll("[^A-Za-z0-9._ -]", "_");
                try {
                    Map<String, Object> r = (Map<String, Object>) api.postBytes("/v1/advisories?name=" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8),
                            Files.readAllBytes(f), "application/json");
                    t.row(f, "imported", String.join(", ", (List<String>) r.get("imported")));
                } catch (ApiClient.ApiException e) {
                    if (e.exitCode() != ApiClient.FAILED) {
                        throw e;
                    }
                    rejected++;
                    if (e.body() instanceof Map<?, ?> m && m.get("problems") instanceof List<?> problems) {
                        for (Object pr : problems) {
                            t.row(f, "REJECTED", ((Map<String, Object>) pr).get("text"));
                        }
                    } else {
                        t.row(f, "REJECTED", e.getMessage());
                    }
                }
                progress.step(f.getFileName().toString());
            }
            progress.done();
            System.out.print(t);
            System.out.printf("%d file(s) imported, %d rejected (a rejected file imports nothing; fix the entry and field shown and import it again)%n",
                    files.size() - rejected, rejected);
            return rejected == 0 ? ApiClient.OK : ApiClient.FAILED;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the advisories in force.")
    static final class ListAdvisories extends RemoteCommand {
        @Option(names = "--search", description = "id, alias or words of the summary")
        String q;

        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
            Map<String, Object> r = (Map<String, Object>) api.get("/v1/advisories", q == null ? Map.of() : Map.of("q", q));
            Table t = new Table("ID", "ALIASES", "PACKAGES", "SOURCE", "SUMMARY");
            for (Map<String, Object> a : (List<Map<String, Object>>) r.get("advisories")) {
                t.row(a.get("id"), String.join(" ", (List<String>) a.get("aliases")), String.join(" ", (List<String>) a.get("packages")), a.get("source"), a.get("summary"));
            }
            System.out.print(t);
            return ApiClient.OK;
        }
    }
}
