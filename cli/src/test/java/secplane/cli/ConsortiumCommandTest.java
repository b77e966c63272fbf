package secplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsortiumCommandTest {
    @Test
    void keysWritesAMemberYamlPerMemberAndNeverOverwrites(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("c");
        assertThat(Cli.run("consortium", "keys", "--members", "bank,payco,telco", "--out", out.toString(), "--base-port", "7600"))
                .startsWith("0\n").contains("payco  " + out.resolve("payco/member.yaml")).contains("127.0.0.1:7602");
        assertThat(Files.readString(out.resolve("telco/member.yaml"))).contains("member: telco", "listen: 127.0.0.1:7602", "operator: bank");
        assertThat(out.resolve("consortium.key")).exists();
        assertThat(Cli.run("consortium", "keys", "--members", "bank,payco", "--out", out.toString())).startsWith("2\n").contains("is not empty");
    }

    @Test
    void aBadConfigAndAMissingNodeSayWhatToDo(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("c");
        Cli.run("consortium", "keys", "--members", "bank,payco", "--out", out.toString(), "--base-port", "7610");
        Path bank = out.resolve("bank/member.yaml");
        assertThat(Cli.run("consortium", "case", "file", "--config", bank.toString(), "--account", "6222000000000000", "--amount", "100",
                "--from", "2026-03-02T08:00:00Z", "--to", "2026-03-04T08:00:00Z"))
                .startsWith("1\n").contains("cannot file the case with the node of bank").contains("secplane consortium node --config");
        Files.writeString(bank, Files.readString(bank).replace("quorum:", "quorom:"));
        assertThat(Cli.run("consortium", "node", "--config", bank.toString())).startsWith("2\n").contains("ledger.quorom: unknown key");
        assertThat(Cli.run("consortium", "case", "file", "--config", bank.toString(), "--account", "x", "--amount", "1", "--from", "yesterday",
                "--to", "2026-03-04T08:00:00Z")).startsWith("2\n").contains("ISO-8601");
    }

    @Test
    void aFetchedCopyOfTheLedgerPassesLedgerVerifyWithTheWitnessKeys(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("c");
        int base = 20000 + (int) (ProcessHandle.current().pid() % 20000);
        Cli.run("consortium", "keys", "--members", "bank,payco,telco", "--out", out.toString(), "--base-port", Integer.toString(base));
        java.util.List<secplane.consortium.node.MemberNode> nodes = new java.util.ArrayList<>();
        try {
            for (String m : new String[] {"bank", "payco", "telco"}) {
                nodes.add(secplane.consortium.node.MemberNode.startLedger(
                        secplane.consortium.config.MemberConfig.load(out.resolve(m + "/member.yaml")), line -> { }));
            }
            for (int i = 0; i < 20; i++) {
                nodes.get(1 + i % 2).caseLedger().append(("event " + i).getBytes(StandardCharsets.UTF_8));
            }
            secplane.consortium.ledger.LedgerOperator op = nodes.get(0).operator().orElseThrow();
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (op.cosignedSize() != 20 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(op.cosignedSize()).isEqualTo(20);
            String fetched = Cli.run("consortium", "fetch", "--config", out.resolve("payco/member.yaml").toString(), "--out", tmp.resolve("copy").toString());
            assertThat(fetched).startsWith("0\n").contains("copied 20 entries of bank's ledger");
            String command = fetched.substring(fetched.indexOf("secplane ledger verify ")).strip();
            java.util.List<String> args = new java.util.ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("'([^']*)'|(\\S+)").matcher(command.substring("secplane ".length()));
            while (m.find()) {
                args.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
            assertThat(Cli.run(args.toArray(String[]::new))).startsWith("0\n").contains("entries  20").contains("OK:")
                    .containsPattern("[1-9]\\d* valid witness cosignatures");
        } finally {
            for (int i = nodes.size() - 1; i >= 0; i--) {
                nodes.get(i).close();
            }
        }
    }

    @Test
    void theDemoTracesThePlantedNetworkAndShowsACosignedInclusionProof(@TempDir Path tmp) {
        String out = Cli.run("consortium", "demo", "--dir", tmp.resolve("demo").toString());
        assertThat(out).startsWith("0\n")
                .contains("Case filed by bank")
                .contains("freeze")
                .contains("is included in the tree of size")
                .contains("that checkpoint is cosigned by payco, telco")
                .contains("verified intact")
                .containsPattern("The trace found (\\d+) of the \\1 planted transfers");
    }
}
