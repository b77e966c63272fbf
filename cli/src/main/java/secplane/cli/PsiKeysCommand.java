package secplane.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import secplane.privacy.transport.TestPki;

@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Create a test PKI for trying PSI out: a CA and one certificate per party (PEM and PKCS#12).")
final class PsiKeysCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "<dir>", description = "directory for the files")
    Path out;

    @Option(names = "--party", paramLabel = "<name>", description = "party names (default: party-a party-b)")
    List<String> parties = List.of("party-a", "party-b");

    @Override
    public Integer call() {
        TestPki.Pki pki = TestPki.create(out, parties.toArray(new String[0]));
        Table t = new Table("FILE", "WHAT");
        t.row(pki.ca(), "CA certificate: give it to both parties as --ca");
        t.row(pki.caKey(), "CA private key: keep it away from the parties");
        for (int i = 0; i < parties.size(); i++) {
            TestPki.PartyFiles p = pki.parties().get(i);
            t.row(p.certificate(), parties.get(i) + ": --tls-cert");
            t.row(p.key(), parties.get(i) + ": --tls-key");
            t.row(p.pkcs12(), parties.get(i) + ": or --tls-p12 (password " + TestPki.PKCS12_PASSWORD + ")");
        }
        System.out.print(t);
        System.out.println("Test certificates name localhost and 127.0.0.1 only; use your consortium CA for real runs.");
        return 0;
    }
}
