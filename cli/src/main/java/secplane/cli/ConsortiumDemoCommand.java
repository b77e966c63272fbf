package secplane.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import secplane.consortium.config.ConsortiumKeys;
import secplane.consortium.config.MemberConfig;
import secplane.consortium.data.MuleNetwork;
import secplane.consortium.data.MuleNetworkGenerator;
import secplane.consortium.ledger.LedgerFetcher;
import secplane.consortium.ledger.LedgerOperator;
import secplane.consortium.ledger.LedgerVerifier;
import secplane.consortium.ledger.VerificationReport;
import secplane.consortium.node.CaseClient;
import secplane.consortium.node.MemberNode;
import secplane.consortium.node.MemberTracing;
import secplane.consortium.note.SignedNote;
import secplane.consortium.note.VerifierKey;
import secplane.consortium.store.NodeStore;

/** {@code secplane consortium demo}: three members on loopback, a planted mule network, one case end to end. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start three member nodes on loopback (bank, payco - a payment provider, telco - a telecom",
            "operator) over mutual TLS with generated data holding a mule network, file the victim's case at the",
            "bank, and show the trace graph, the freeze outcomes, and a verified ledger inclusion proof under a",
            "checkpoint cosigned by the other members."})
final class ConsortiumDemoCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "<dir>", description = "where to write keys, data, ledgers and node logs (default: a new temporary directory)")
    Path dir;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the generated data (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (dir == null) {
            dir = Files.createTempDirectory("secplane-consortium-demo");
        } else if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    System.err.println("secplane: " + dir + " is not empty; give a new directory");
                    return 2;
                }
            }
        }
        List<String> names = List.of("bank", "payco", "telco");
        Progress progress = new Progress("consortium demo", 6);
        progress.step("keys, certificates and member.yaml for " + String.join(", ", names));
        ConsortiumKeys.Written w = ConsortiumKeys.write(dir, names, freePorts(names.size()));
        List<MemberConfig> configs = w.configs().stream().map(MemberConfig::load).toList();

        progress.step("generating each member's accounts and transfers with a planted mule network");
        MuleNetwork net = MemberTracing.generate(configs, new MuleNetworkGenerator.Params(seed, names, 500, 5000, 4, 2, 4, 20));

        progress.step("starting the three nodes (mutual TLS on 127.0.0.1; log in " + dir.resolve("nodes.log") + ")");
        List<MemberNode> nodes = new ArrayList<>();
        try (PrintStream log = new PrintStream(Files.newOutputStream(dir.resolve("nodes.log")), true, StandardCharsets.UTF_8)) {
            for (MemberConfig c : configs) {
                nodes.add(MemberNode.start(c, MemberNode.lineLog(c.name(), log)));
            }
            MemberNode bank = nodes.get(0);
            progress.step("filing the victim's case at " + net.victimMember() + " and tracing it");
            MemberConfig victimConfig = configs.get(names.indexOf(net.victimMember()));
            CaseClient.Filed filed = CaseClient.file(victimConfig, net.victimAccount(), null, net.stolenAmount(), net.windowStart(),
                    net.windowEnd(), 5, Duration.ofMinutes(5), line -> { });

            progress.step("waiting for a checkpoint cosigned by the witnesses");
            LedgerOperator op = bank.operator().orElseThrow();
            MemberNode victimNode = nodes.get(names.indexOf(net.victimMember()));
            NodeStore.CaseRecord theCase = victimNode.store().cases().get(victimNode.store().cases().size() - 1);
            List<NodeStore.LedgerRecord> entries = victimNode.store().ledgerEntries(theCase.caseId());
            long needed = entries.get(entries.size() - 1).index() + 1;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (op.cosignedSize() < needed && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }

            progress.step("payco fetches the report's inclusion proof and checks it");
            MemberNode payco = nodes.get(1);
            VerifierKey operatorKey = payco.identity().verifierKeys().get("bank");
            List<VerifierKey> witnesses = List.of(bank.identity().witnessKeys().get("payco"), bank.identity().witnessKeys().get("telco"));
            LedgerFetcher.Inclusion inclusion;
            Optional<SignedNote> checkpoint;
            VerificationReport report;
            try (LedgerFetcher f = LedgerFetcher.open(payco.channels(), "bank")) {
                checkpoint = f.latest(true, operatorKey);
                if (checkpoint.isEmpty()) {
                    progress.done();
                    System.err.println("secplane: no checkpoint reached the witness quorum within 30 s; see " + dir.resolve("nodes.log"));
                    return 1;
                }
                inclusion = f.proveInclusion(entries.get(0).index(), checkpoint.get(), witnesses);
                f.copyTo(dir.resolve("payco-ledger-copy"), operatorKey);
            }
            report = LedgerVerifier.verify(dir.resolve("payco-ledger-copy"), Optional.of(operatorKey), witnesses);
            progress.done();

            System.out.println();
            System.out.println("Case filed by " + net.victimMember() + ": account " + net.victimAccount() + ", " + net.stolenAmount()
                    + " (minor units) stolen between " + net.windowStart() + " and " + net.windowEnd());
            System.out.println("The generator planted " + net.transfers().size() + " laundering transfers over " + net.depth()
                    + " hops across " + String.join(", ", names) + ".");
            System.out.println();
            System.out.print(filed.report());
            System.out.println();
            System.out.println("Ledger (operated by bank, witnessed by payco and telco)");
            System.out.println("  case report entry #" + inclusion.index() + " is included in the tree of size " + inclusion.checkpoint().size()
                    + " (RFC 9162 inclusion proof of " + inclusion.proof().size() + " hashes, verified by payco)");
            System.out.println("  that checkpoint is cosigned by " + String.join(", ", inclusion.cosignedBy()) + ":");
            for (String line : checkpoint.get().format().split("\n")) {
                System.out.println("    " + line);
            }
            System.out.println("  payco's copy of the ledger: " + report.entries() + " entries, " + report.checkpoints() + " checkpoints, "
                    + report.cosignatures() + " cosignatures, " + (report.tampered() ? "TAMPERED: " + report.tamperFindings() : "verified intact"));
            System.out.println();
            System.out.println("Everything is in " + dir + " (member.yaml files, ledgers, stores, nodes.log).");
            int found = 0;
            for (MuleNetwork.Hop h : net.transfers()) {
                if (filed.report().contains(h.transfer().id())) {
                    found++;
                }
            }
            System.out.println("The trace found " + found + " of the " + net.transfers().size() + " planted transfers.");
            return found == net.transfers().size() && !report.tampered() ? 0 : 1;
        } finally {
            for (int i = nodes.size() - 1; i >= 0; i--) {
                nodes.get(i).close();
            }
        }
    }

    private static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                ports.add(s.getLocalPort());
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return ports;
    }
}
