package secplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsortiumCommandTest {
    private static String run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            int code = Main.run(args);
            return code + "\n" + buf.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void keysWritesAMemberYamlPerMemberAndNeverOverwrites(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("c");
        assertThat(run("consortium", "keys", "--members", "bank,payco,telco", "--out", out.toString(), "--base-port", "7600"))
                .startsWith("0\n").contains("payco  " + out.resolve("payco/member.yaml")).contains("127.0.0.1:7602");
        assertThat(Files.readString(out.resolve("telco/member.yaml"))).contains("member: telco", "listen: 127.0.0.1:7602", "operator: bank");
        assertThat(out.resolve("consortium.key")).exists();
        assertThat(run("consortium", "keys", "--members", "bank,payco", "--out", out.toString())).startsWith("2\n").contains("is not empty");
    }

    @Test
    void aBadConfigAndAMissingNodeSayWhatToDo(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("c");
        run("consortium", "keys", "--members", "bank,payco", "--out", out.toString(), "--base-port", "7610");
        Path bank = out.resolve("bank/member.yaml");
        assertThat(run("consortium", "case", "file", "--config", bank.toString(), "--account", "6222000000000000", "--amount", "100",
                "--from", "2026-03-02T08:00:00Z", "--to", "2026-03-04T08:00:00Z"))
                .startsWith("1\n").contains("cannot file the case with the node of bank").contains("secplane consortium node --config");
        Files.writeString(bank, Files.readString(bank).replace("quorum:", "quorom:"));
        assertThat(run("consortium", "node", "--config", bank.toString())).startsWith("2\n").contains("ledger.quorom: unknown key");
        assertThat(run("consortium", "case", "file", "--config", bank.toString(), "--account", "x", "--amount", "1", "--from", "yesterday",
                "--to", "2026-03-04T08:00:00Z")).startsWith("2\n").contains("ISO-8601");
    }

    @Test
    void theDemoTracesThePlantedNetworkAndShowsACosignedInclusionProof(@TempDir Path tmp) {
        String out = run("consortium", "demo", "--dir", tmp.resolve("demo").toString());
        assertThat(out).startsWith("0\n")
                .contains("Case filed by bank")
                .contains("freeze")
                .contains("is included in the tree of size")
                .contains("that checkpoint is cosigned by payco, telco")
                .contains("verified intact")
                .containsPattern("The trace found (\\d+) of the \\1 planted transfers");
    }
}
