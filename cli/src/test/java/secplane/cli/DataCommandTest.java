package secplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DataCommandTest {
    // The options are checked before any request: port 9 (discard) on loopback is never reached.
    private static final String[] REMOTE = {"--server", "http://127.0.0.1:9", "--token", "sp_op_unused"};

    @Test
    void anUnknownKindOrStatusIsAUsageErrorNamingTheValuesTheOptionTakes() {
        assertThat(Cli.run(with("data", "map", "--kind", "table")))
                .startsWith("2\n").contains("secplane: --kind takes endpoint, logger, column or destination, not table");
        assertThat(Cli.run(with("data", "findings", "--status", "maybe")))
                .startsWith("2\n").contains("secplane: --status takes open, closed or all, not maybe");
        assertThat(Cli.run(with("data", "map", "--min-level", "9")))
                .startsWith("2\n").contains("--min-level takes a JR/T 0197 level from 1 to 5, not 9");
    }

    @Test
    void aValueTheOptionTakesIsAccepted() {
        assertThat(DataCommand.oneOf("--status", "closed", "open", "closed", "all")).isTrue();
        assertThat(DataCommand.oneOf("--kind", "Column", "endpoint", "logger", "column", "destination")).as("values are case-sensitive").isFalse();
    }

    private static String[] with(String... args) {
        String[] all = new String[args.length + REMOTE.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(REMOTE, 0, all, args.length, REMOTE.length);
        return all;
    }
}
