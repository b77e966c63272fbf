package secplane.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code secplane psi}: private set intersection between two institutions. */
@Command(name = "psi", mixinStandardHelpOptions = true,
        description = {"Private set intersection between two institutions over mutually authenticated TLS.",
            "Modes: psi (ECDH-PSI; the intersection to one or both parties, or only its size), unbalanced",
            "(oblivious lookups of a small set in a large prepared one), sum (the sum of the other party's",
            "values over the intersection). What each party learns: docs/privacy.md."},
        subcommands = {PsiKeysCommand.class, PsiPrepareCommand.class, PsiServeCommand.class, PsiJoinCommand.class, PsiDemoCommand.class})
final class PsiCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
