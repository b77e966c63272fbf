package secplane.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tokens", mixinStandardHelpOptions = true, description = "Create, list and revoke tokens (admin).",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
final class TokensCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an operator token (--role) or a service enrolment token (--enrol <service>). It is shown once.")
    static final class Create extends RemoteCommand {
        @Option(names = "--role", description = "viewer, operator or admin")
        String role;
        @Option(names = "--enrol", paramLabel = "<service>")
        String enrol;
        @Option(names = "--name")
        String name;
        @Option(names = "--expires", paramLabel = "<duration>", description = "e.g. 30d, 12h")
        String expires;

        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
            if ((role == null) == (enrol == null)) {
                System.err.println("secplane: give exactly one of --role <viewer|operator|admin> or --enrol <service>");
                return ApiClient.USAGE;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            if (role != null) {
                body.put("kind", "operator");
                body.put("role", role);
            } else {
                body.put("kind", "enrol");
                body.put("service", enrol);
            }
            if (name != null) {
                body.put("name", name);
            }
            if (expires != null) {
                body.put("expiresInSeconds", EventsCommand.parse(expires).getSeconds());
            }
            Map<String, Object> r = (Map<String, Object>) api.post("/v1/tokens", body);
            System.out.println(r.get("token"));
            System.err.println("token " + r.get("id") + " created; it is shown only now");
            return ApiClient.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their values).")
    static final class ListTokens extends RemoteCommand {
        @Override
        @SuppressWarnings("unchecked")
        int run(ApiClient api) throws Exception {
            Map<String, Object> r = (Map<String, Object>) api.get("/v1/tokens");
            Table t = new Table("ID", "KIND", "ROLE", "SERVICE", "NAME", "CREATED", "BY", "EXPIRES", "REVOKED");
            for (Map<String, Object> k : (List<Map<String, Object>>) r.get("tokens")) {
                t.row(k.get("id"), k.get("kind"), k.get("role"), k.get("service"), k.get("name"), k.get("createdAt"),
                        k.get("createdBy"), k.get("expiresAt"), k.get("revokedAt"));
            }
            System.out.print(t);
            return ApiClient.OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token.")
    static final class Revoke extends RemoteCommand {
        @Parameters(index = "0", paramLabel = "<id>")
        String id;

        @Override
        int run(ApiClient api) throws Exception {
            api.delete("/v1/tokens/" + id);
            System.out.println("token " + id + " revoked");
            return ApiClient.OK;
        }
    }
}
