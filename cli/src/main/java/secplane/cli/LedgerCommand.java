package secplane.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code secplane ledger}: the consortium's tamper-evident shared ledger. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = {"The consortium's tamper-evident ledger: an RFC 9162 Merkle log with C2SP checkpoints",
            "and witness cosignatures. What is proven and what a witness checks: docs/ledger.md."},
        subcommands = {LedgerVerifyCommand.class})
final class LedgerCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
