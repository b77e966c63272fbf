package secplane.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import secplane.consortium.config.ConsortiumKeys;
import secplane.consortium.config.MemberConfig;
import secplane.consortium.data.MuleNetwork;
import secplane.consortium.data.MuleNetworkGenerator;
import secplane.consortium.node.MemberTracing;

/** {@code secplane consortium keys}: a test consortium's PKI, keys and member.yaml files. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"Write a consortium for trying out on one machine: a throw-away TLS CA and member certificates,",
            "each member's Ed25519 signing and cosigning keys and X25519 sealing key, the shared case key, and a",
            "ready member.yaml per member on loopback ports. The first member operates the ledger."})
final class ConsortiumKeysCommand implements Callable<Integer> {
    @Option(names = "--members", split = ",", required = true, paramLabel = "<name>[,<name>...]", description = "member names, e.g. bank,payco,telco")
    List<String> members = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "<dir>", description = "directory to write (must be empty or absent)")
    Path out;

    @Option(names = "--base-port", defaultValue = "7400", paramLabel = "<port>", description = "first member's port; the others follow (default ${DEFAULT-VALUE})")
    int basePort;

    @Option(names = "--sample-data", description = "also generate each member's data with a planted mule network (seeded) and print the case to file")
    boolean sampleData;

    @Option(names = "--seed", defaultValue = "1", description = "seed of --sample-data (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (Files.isDirectory(out)) {
            try (var s = Files.list(out)) {
                if (s.findAny().isPresent()) {
                    System.err.println("secplane: " + out + " is not empty; choose a new directory (existing keys are never overwritten)");
                    return 2;
                }
            }
        }
        if (basePort < 1 || basePort + members.size() > 65535) {
            System.err.println("secplane: --base-port must leave room for " + members.size() + " ports below 65536");
            return 2;
        }
        ConsortiumKeys.Written w;
        try {
            w = ConsortiumKeys.write(out, members, basePort);
        } catch (IllegalArgumentException e) {
            System.err.println("secplane: " + e.getMessage());
            return 2;
        }
        for (int i = 0; i < members.size(); i++) {
            System.out.println(members.get(i) + "  " + w.configs().get(i) + "  (127.0.0.1:" + (basePort + i) + ")");
        }
        if (sampleData) {
            List<MemberConfig> configs = w.configs().stream().map(MemberConfig::load).toList();
            MuleNetworkGenerator.Params p = new MuleNetworkGenerator.Params(seed, members, 200, 1000, 4, 2, 4, 20);
            MuleNetwork net = MemberTracing.generate(configs, p);
            System.out.println();
            System.out.println("sample data written; a case to file once the nodes run:");
            System.out.println("  secplane consortium case file --config " + w.configs().get(members.indexOf(net.victimMember()))
                    + " --account " + net.victimAccount() + " --amount " + net.stolenAmount() + " --from " + net.windowStart()
                    + " --to " + net.windowEnd());
        }
        System.out.println();
        System.out.println("start each member with: secplane consortium node --config <member.yaml>");
        return 0;
    }
}
