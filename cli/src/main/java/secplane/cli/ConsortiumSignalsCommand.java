package secplane.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import secplane.consortium.config.ConfigException;
import secplane.consortium.config.MemberConfig;
import secplane.consortium.config.MemberIdentity;
import secplane.consortium.net.TlsMemberChannels;
import secplane.consortium.signals.SignalQuerier;
import secplane.consortium.signals.SignalResult;

/** {@code secplane consortium signals}: the joint risk signal for a set of accounts, asked of the other members' nodes. */
@Command(name = "signals", mixinStandardHelpOptions = true,
        description = {"Ask the other members how many fraud flags they hold on these accounts and the total amount",
            "reported, summed over the members: no member learns the accounts asked unless it flagged them, and this",
            "member learns only the totals, never which member flagged what (docs/tracing.md). Needs at least two",
            "contributing members."})
final class ConsortiumSignalsCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "<member.yaml>")
    Path config;

    @Option(names = "--accounts", required = true, split = ",", paramLabel = "<account>[,<account>...]")
    List<String> accounts = new ArrayList<>();

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
        TlsMemberChannels channels = new TlsMemberChannels(c.name(), id.tls(), c.addresses(), Duration.ofSeconds(60));
        SignalResult r = new SignalQuerier(channels, SignalQuerier.Transcript.NONE).query(accounts);
        System.out.println("accounts asked   " + accounts.size());
        System.out.println("flags            " + r.flags());
        System.out.println("reported amount  " + r.reportedAmount() + " (minor units)");
        System.out.println("contributors     " + String.join(", ", r.contributors()));
        r.missing().forEach((m, why) -> System.out.println("missing          " + m + ": " + why));
        return 0;
    }
}
