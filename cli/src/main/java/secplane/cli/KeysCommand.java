package secplane.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Print the control plane's public signing key(s): the value agents need as server.key.")
final class KeysCommand extends RemoteCommand {
    @Override
    @SuppressWarnings("unchecked")
    int run(ApiClient api) throws Exception {
        Map<String, Object> r = (Map<String, Object>) api.get("/v1/keys");
        Table t = new Table("KEY ID", "ALGORITHM", "PUBLIC KEY (server.key=)");
        for (Map<String, Object> k : (List<Map<String, Object>>) r.get("keys")) {
            t.row(k.get("keyId"), k.get("alg"), k.get("publicKey"));
        }
        System.out.print(t);
        return ApiClient.OK;
    }
}
