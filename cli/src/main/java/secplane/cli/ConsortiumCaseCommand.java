package secplane.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import secplane.consortium.config.ConfigException;
import secplane.consortium.config.MemberConfig;
import secplane.consortium.net.MemberUnreachableException;
import secplane.consortium.node.CaseClient;

/** {@code secplane consortium case file}: files a case with the member's own running node. */
@Command(name = "case", mixinStandardHelpOptions = true, description = "Fraud cases.", subcommands = {ConsortiumCaseCommand.File.class})
final class ConsortiumCaseCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "file", mixinStandardHelpOptions = true,
            description = {"File a case with this member's running node (it holds the data and keys): the node traces the",
                "money hop by hop across members, sends freeze requests, records every case event on the ledger and",
                "answers the trace graph, the freeze outcomes and the ledger entry indexes."})
    static final class File implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "<member.yaml>")
        Path config;

        @Option(names = "--account", required = true, description = "the victim's account")
        String account;

        @Option(names = "--member", description = "the member holding the victim's account (default: this member)")
        String member;

        @Option(names = "--amount", required = true, description = "the amount stolen, in minor units (e.g. fen or cents)")
        long amount;

        @Option(names = "--from", required = true, description = "start of the case window, ISO-8601 UTC, e.g. 2026-03-02T08:00:00Z")
        String from;

        @Option(names = "--to", required = true, description = "end of the case window")
        String to;

        @Option(names = "--hops", defaultValue = "5", description = "most transfers deep to follow (default ${DEFAULT-VALUE})")
        int hops;

        @Option(names = "--json", paramLabel = "<file>", description = "also write the trace result as JSON")
        Path json;

        @Override
        public Integer call() throws Exception {
            Instant f;
            Instant t;
            try {
                f = Instant.parse(from);
                t = Instant.parse(to);
            } catch (DateTimeParseException e) {
                System.err.println("secplane: --from/--to must be ISO-8601 UTC instants such as 2026-03-02T08:00:00Z (" + e.getParsedString() + ")");
                return 2;
            }
            MemberConfig c;
            try {
                c = MemberConfig.load(config);
            } catch (ConfigException e) {
                System.err.println("secplane: " + e.getMessage());
                return 2;
            }
            CaseClient.Filed filed;
            try {
                filed = CaseClient.file(c, account, member, amount, f, t, hops, Duration.ofMinutes(10), line -> System.err.println("  " + line));
            } catch (MemberUnreachableException e) {
                System.err.println("secplane: cannot file the case with the node of " + c.name() + ": " + e.getMessage()
                        + "; is 'secplane consortium node --config " + config + "' running?");
                return 1;
            }
            System.out.print(filed.report());
            if (json != null) {
                Files.writeString(json, filed.json() + "\n", StandardCharsets.UTF_8);
            }
            return 0;
        }
    }
}
