package secplane.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code secplane} command. Exit codes: 0 ok, 1 failure, 2 usage error. */
@Command(name = "secplane", mixinStandardHelpOptions = true, version = "secplane 0.1.0",
        description = "A security parallel plane for Java services.",
        subcommands = {DemoCommand.class, ServerCommand.class, AgentsCommand.class, PolicyCommand.class, BundleCommand.class,
            EventsCommand.class, InventoryCommand.class, AdvisoriesCommand.class, ExposureCommand.class, PatchCommand.class, TokensCommand.class, KeysCommand.class, AttachCommand.class, DetachCommand.class, AgentStatusCommand.class, PsiCommand.class, ScanCommand.class, WatermarkCommand.class, TraceCommand.class, LedgerCommand.class,
            ConsortiumCommand.class, DataCommand.class, ReportCommand.class, DrillCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("secplane: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
