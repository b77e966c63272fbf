package secplane.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "bundle", mixinStandardHelpOptions = true, description = "Upload, list and remove aspect bundles.",
        subcommands = {BundleCommand.Upload.class, BundleCommand.ListBundles.class, BundleCommand.Remove.class})
final class BundleCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "upload", mixinStandardHelpOptions = true,
            description = "Upload an aspect jar; deliver it with 'secplane policy push --bundle <id>'.")
    static final class Upload extends RemoteCommand {
        @Parameters(index = "0", paramLabel = "<aspect.jar>")
        Path jar;

        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
            if (!Files.isRegularFile(jar)) {
                System.err.println("secplane: no file " + jar);
                return ApiClient.USAGE;
            }
            Map<String, Object> r = (Map<String, Object>) api.postBytes("/v1/bundles", Files.readAllBytes(jar), "application/java-archive");
            System.out.printf("bundle %s %s uploaded (sha256 %s, %s bytes)%n", r.get("id"), r.get("version"), r.get("sha256"), r.get("size"));
            return ApiClient.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List uploaded bundles.")
    static final class ListBundles extends RemoteCommand {
        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
            Map<String, Object> r = (Map<String, Object>) api.get("/v1/bundles");
            Table t = new Table("ID", "VERSION", "SHA256", "SIZE", "UPLOADED");
            for (Map<String, Object> b : (List<Map<String, Object>>) r.get("bundles")) {
                t.row(b.get("id"), b.get("version"), b.get("sha256"), b.get("size"), b.get("uploadedAt"));
            }
            System.out.print(t);
            return ApiClient.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a bundle that no current policy names.")
    static final class Remove extends RemoteCommand {
        @Parameters(index = "0", paramLabel = "<id>")
        String id;

        @Override
        int run(ApiClient api) throws Exception {
            api.delete("/v1/bundles/" + id);
            System.out.println("bundle " + id + " removed");
            return ApiClient.OK;
        }
    }
}
