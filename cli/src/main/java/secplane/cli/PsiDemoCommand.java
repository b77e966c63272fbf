package secplane.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import secplane.privacy.transport.Endpoints;
import secplane.privacy.transport.Role;
import secplane.privacy.transport.TestPki;

/**
 * Both parties on loopback with generated data: a bank's customers' mobile numbers and a payment
 * provider's flagged accounts, written the way each institution happens to write them.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run both parties on 127.0.0.1 with generated data and a test PKI, and check the result against a plain intersection.")
final class PsiDemoCommand implements Callable<Integer> {
    @Option(names = "--size", description = "identifiers per party (default: ${DEFAULT-VALUE})")
    int size = 10_000;

    @Option(names = "--overlap", description = "fraction of the joiner's identifiers the server also has (default: ${DEFAULT-VALUE})")
    double overlap = 0.1;

    @Option(names = "--mode", paramLabel = "psi|unbalanced|sum", description = "protocol (default: ${DEFAULT-VALUE})")
    String mode = "psi";

    @Option(names = "--work", paramLabel = "<dir>", description = "where data, keys and results go (default: a new temp dir)")
    Path work;

    @Override
    public Integer call() throws Exception {
        if (size < 1 || overlap < 0 || overlap > 1) {
            throw new IllegalArgumentException("--size must be positive and --overlap between 0 and 1");
        }
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("secplane-psi-demo-");
        TestPki.Pki pki = TestPki.create(dir.resolve("pki"), "bank", "payments");
        Random r = new Random(2024);
        long shared = Math.round(size * overlap);
        long expectedSum = 0;
        // the bank writes +86 and spaces; the payment provider writes bare digits with dashes
        try (BufferedWriter a = Files.newBufferedWriter(dir.resolve("bank.csv"), StandardCharsets.UTF_8);
                BufferedWriter b = Files.newBufferedWriter(dir.resolve("payments.csv"), StandardCharsets.UTF_8)) {
            a.write("customer,mobile\n");
            b.write("account,phone,amount_cents\n");
            for (int i = 0; i < size; i++) {
                long phone = 13_000_000_000L + i * 7L;
                a.write(String.format("c%d,+86 %d %04d %04d%n", i, phone / 100_000_000, phone / 10_000 % 10_000, phone % 10_000));
                long theirs = i < shared ? phone : 15_000_000_000L + i * 11L;
                long cents = r.nextInt(500_000);
                if (i < shared) {
                    expectedSum += cents;
                }
                b.write("p" + i + "," + String.valueOf(theirs).substring(0, 3) + "-" + String.valueOf(theirs).substring(3) + "," + cents + "\n");
            }
        }
        PsiParty server = party(dir, pki, 0, "bank.csv", "mobile:cn-mobile");
        PsiParty joiner = party(dir, pki, 1, "payments.csv", "phone:cn-mobile");
        switch (mode) {
            case "psi" -> {
                server.out = dir.resolve("bank-result.csv");
                joiner.out = dir.resolve("payments-result.csv");
            }
            case "sum" -> {
                server.sumTo = "server";
                joiner.sumTo = "server";
                joiner.valueColumn = "amount_cents";
                server.out = dir.resolve("bank-sum.csv");
            }
            case "unbalanced" -> {
                Main.run("psi", "prepare", "--in", dir.resolve("bank.csv").toString(), "--column", "mobile:cn-mobile",
                        "--oprf-key", dir.resolve("oprf.key").toString(), "--out", dir.resolve("bank.psit").toString());
                server.prepared = dir.resolve("bank.psit");
                server.oprfKey = dir.resolve("oprf.key");
                joiner.table = dir.resolve("payments-cache.psit");
                joiner.out = dir.resolve("payments-listed.csv");
            }
            default -> throw new IllegalArgumentException("--mode must be psi, unbalanced or sum");
        }
        server.mode = mode;
        joiner.mode = mode;
        server.check(Role.SERVER);
        joiner.check(Role.JOINER);
        try (Endpoints.Listener l = Endpoints.listen("127.0.0.1", 0, server.tls(), server.timeout())) {
            CompletableFuture<Integer> s = CompletableFuture.supplyAsync(() -> server.run(Role.SERVER, () -> l.accept(Duration.ofSeconds(60)), "bank"));
            try {
                joiner.run(Role.JOINER, () -> Endpoints.connect("localhost", l.port(), joiner.tls(), joiner.timeout()), "payments");
            } catch (RuntimeException e) {
                if (s.isCompletedExceptionally()) {
                    s.join(); // the server's error is the cause; report it
                }
                throw e;
            }
            s.join();
        }
        String check = switch (mode) {
            case "psi" -> lines(dir.resolve("bank-result.csv")) - 1 == shared && lines(dir.resolve("payments-result.csv")) - 1 == shared
                    ? "both parties found the " + shared + " shared numbers" : "MISMATCH: expected " + shared + " shared numbers";
            case "sum" -> Files.readAllLines(dir.resolve("bank-sum.csv")).get(1).equals(shared + "," + expectedSum)
                    ? "the bank learned " + shared + " shared accounts holding " + expectedSum + " cents" : "MISMATCH: expected " + shared + "," + expectedSum;
            default -> lines(dir.resolve("payments-listed.csv")) - 1 == shared
                    ? "the payment provider found its " + shared + " listed numbers" : "MISMATCH: expected " + shared + " listed numbers";
        };
        System.out.println("check: " + check + " (files in " + dir + ")");
        return check.startsWith("MISMATCH") ? 1 : 0;
    }

    private static long lines(Path p) throws IOException {
        try (var s = Files.lines(p)) {
            return s.count();
        }
    }

    private static PsiParty party(Path dir, TestPki.Pki pki, int i, String csv, String column) {
        PsiParty p = new PsiParty();
        p.in = dir.resolve(csv);
        p.columns = List.of(column);
        p.tlsCert = pki.parties().get(i).certificate();
        p.tlsKey = pki.parties().get(i).key();
        p.ca = pki.ca();
        return p;
    }
}
