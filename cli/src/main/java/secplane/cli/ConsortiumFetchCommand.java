package secplane.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import secplane.consortium.config.ConfigException;
import secplane.consortium.config.MemberConfig;
import secplane.consortium.config.MemberIdentity;
import secplane.consortium.ledger.LedgerFetcher;
import secplane.consortium.net.TlsMemberChannels;
import secplane.consortium.note.VerifierKey;

/** {@code secplane consortium fetch}: copies the operator's ledger for {@code secplane ledger verify}. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Copy the ledger from its operator (ledger.fetch) into a directory: every entry, every checkpoint",
            "with its cosignatures, the operator's key. Then check it with 'secplane ledger verify <dir> --key ...'."})
final class ConsortiumFetchCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "<member.yaml>")
    Path config;

    @Option(names = "--out", required = true, paramLabel = "<dir>")
    Path out;

    @Override
    public Integer call() {
        MemberConfig c;
        MemberIdentity id;
        try {
            c = MemberConfig.load(config);
            id = MemberIdentity.load(c);
        } catch (ConfigException e) {
            System.err.println("secplane: " + e.getMessage());
            return 2;
        }
        String op = c.ledger().operator();
        if (op.equals(c.name())) {
            System.err.println("secplane: " + c.name() + " operates the ledger itself; verify " + c.ledger().directory() + " directly");
            return 2;
        }
        VerifierKey key = id.verifierKeys().get(op);
        TlsMemberChannels channels = new TlsMemberChannels(c.name(), id.tls(), c.addresses(), Duration.ofSeconds(30));
        try (LedgerFetcher f = LedgerFetcher.open(channels, op)) {
            long n = f.copyTo(out, key);
            System.out.println("copied " + n + " entries of " + op + "'s ledger into " + out);
        }
        StringBuilder cmd = new StringBuilder("secplane ledger verify " + out + " --key '" + key.encode() + "'");
        for (var e : id.witnessKeys().entrySet()) {
            if (!e.getKey().equals(op)) {
                cmd.append(" --witness '").append(e.getValue().encode()).append("'");
            }
        }
        System.out.println("check it with: " + cmd);
        return 0;
    }
}
