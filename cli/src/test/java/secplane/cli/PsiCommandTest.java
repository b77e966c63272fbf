package secplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `secplane psi serve` and `join` as a user runs them: exit codes and what is left on disk. */
class PsiCommandTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void data() throws IOException {
        assertThat(Main.run("psi", "keys", "--out", dir.resolve("pki").toString())).isZero();
        Files.writeString(dir.resolve("bank.csv"), "customer,mobile\nc1,+86 138 0013 8000\nc2,139 0013 9000\nc3,13700137000\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("pay.csv"), "account,phone,amount\np1,138-0013-8000,500\np2,150 0015 0000,7\np3,13700137000,20\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("bad.csv"), "account,phone,amount\np1,138-0013-8000,500\np2,not a phone,7\n", StandardCharsets.UTF_8);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static List<String> tls(String party) {
        return List.of("--tls-cert", dir.resolve("pki/" + party + ".pem").toString(), "--tls-key", dir.resolve("pki/" + party + ".key").toString(),
                "--ca", dir.resolve("pki/ca.pem").toString());
    }

    static int[] pair(List<String> serve, List<String> join) throws Exception {
        int port = freePort();
        List<String> s = new ArrayList<>(List.of("psi", "serve", "--port", Integer.toString(port), "--accept-timeout", "5", "--timeout", "10"));
        s.addAll(serve);
        s.addAll(tls("party-a"));
        CompletableFuture<Integer> server = CompletableFuture.supplyAsync(() -> Main.run(s.toArray(new String[0])));
        Thread.sleep(700);
        List<String> j = new ArrayList<>(List.of("psi", "join", "--peer", "localhost:" + port, "--timeout", "10"));
        j.addAll(join);
        j.addAll(tls("party-b"));
        int joiner = Main.run(j.toArray(new String[0]));
        return new int[] {server.get(), joiner};
    }

    static List<String> leftovers(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("out") || n.endsWith(".partial")).toList();
        }
    }

    @Test
    void bothPartiesWriteTheSharedNormalisedNumbers() throws Exception {
        Path out = Files.createDirectories(dir.resolve("ok"));
        int[] rc = pair(List.of("--in", dir.resolve("bank.csv").toString(), "--column", "mobile:cn-mobile", "--out", out.resolve("out-a.csv").toString()),
                List.of("--in", dir.resolve("pay.csv").toString(), "--column", "phone:cn-mobile", "--out", out.resolve("out-b.csv").toString()));
        assertThat(rc).containsExactly(0, 0);
        assertThat(Files.readAllLines(out.resolve("out-a.csv"))).containsExactly("mobile", "+8613800138000", "+8613700137000");
        assertThat(Files.readAllLines(out.resolve("out-b.csv"))).containsExactly("phone", "+8613800138000", "+8613700137000");
        assertThat(leftovers(out)).containsExactlyInAnyOrder("out-a.csv", "out-b.csv");
    }

    @Test
    void mismatchedNormalisationFailsBothSidesAndLeavesNoResult() throws Exception {
        Path out = Files.createDirectories(dir.resolve("mismatch"));
        Files.writeString(out.resolve("out-a.csv"), "a stale result of an earlier run\n");
        int[] rc = pair(List.of("--in", dir.resolve("bank.csv").toString(), "--column", "mobile:cn-mobile", "--out", out.resolve("out-a.csv").toString()),
                List.of("--in", dir.resolve("pay.csv").toString(), "--column", "phone:trim", "--out", out.resolve("out-b.csv").toString()));
        assertThat(rc).containsExactly(1, 1);
        assertThat(leftovers(out)).isEmpty();
    }

    @Test
    void aBadRowStopsTheJoinerBeforeItConnectsAndNoResultAppears() throws Exception {
        Path out = Files.createDirectories(dir.resolve("bad"));
        int[] rc = pair(List.of("--in", dir.resolve("bank.csv").toString(), "--column", "mobile:cn-mobile", "--out", out.resolve("out-a.csv").toString()),
                List.of("--in", dir.resolve("bad.csv").toString(), "--column", "phone:cn-mobile", "--out", out.resolve("out-b.csv").toString()));
        assertThat(rc).containsExactly(1, 1);
        assertThat(leftovers(out)).isEmpty();
        // with --skip-bad-rows the same file runs and the bad row is left out
        int[] ok = pair(List.of("--in", dir.resolve("bank.csv").toString(), "--column", "mobile:cn-mobile", "--out", out.resolve("out-a.csv").toString()),
                List.of("--in", dir.resolve("bad.csv").toString(), "--column", "phone:cn-mobile", "--skip-bad-rows", "--out", out.resolve("out-b.csv").toString()));
        assertThat(ok).containsExactly(0, 0);
        assertThat(Files.readAllLines(out.resolve("out-b.csv"))).containsExactly("phone", "+8613800138000");
    }

    @Test
    void intersectionSumGoesToTheNamedParty() throws Exception {
        Path out = Files.createDirectories(dir.resolve("sum"));
        int[] rc = pair(List.of("--mode", "sum", "--sum-to", "server", "--in", dir.resolve("bank.csv").toString(), "--column", "mobile:cn-mobile",
                        "--out", out.resolve("out-sum.csv").toString()),
                List.of("--mode", "sum", "--sum-to", "server", "--in", dir.resolve("pay.csv").toString(), "--column", "phone:cn-mobile",
                        "--value-column", "amount"));
        assertThat(rc).containsExactly(0, 0);
        assertThat(Files.readAllLines(out.resolve("out-sum.csv"))).containsExactly("intersection_size,intersection_sum", "2,520");
    }

    @Test
    void aMissingColumnIsAUsageErrorBeforeAnyNetworkActivity() {
        int rc = Main.run("psi", "join", "--peer", "localhost:1", "--in", dir.resolve("pay.csv").toString(), "--column", "mobile:cn-mobile",
                "--out", dir.resolve("never.csv").toString(), "--tls-cert", dir.resolve("pki/party-b.pem").toString(),
                "--tls-key", dir.resolve("pki/party-b.key").toString(), "--ca", dir.resolve("pki/ca.pem").toString());
        assertThat(rc).isEqualTo(1);
        assertThat(dir.resolve("never.csv")).doesNotExist();
    }
}
