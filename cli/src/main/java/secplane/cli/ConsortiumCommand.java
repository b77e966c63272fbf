package secplane.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code secplane consortium}: the anti-fraud consortium's member node. */
@Command(name = "consortium", mixinStandardHelpOptions = true,
        description = {"The anti-fraud consortium: a member node over mutual TLS, fund-flow tracing across members,",
            "freeze requests and every case event on the witnessed ledger. Reference: docs/consortium.md."},
        subcommands = {ConsortiumKeysCommand.class, ConsortiumNodeCommand.class, ConsortiumCaseCommand.class, ConsortiumFetchCommand.class, ConsortiumSignalsCommand.class,
            ConsortiumDemoCommand.class})
final class ConsortiumCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
