package secplane.cli;

import picocli.CommandLine.Option;

/** Options shared by every command that talks to the control plane. */
final class Remote {
    @Option(names = "--server", paramLabel = "<url>", description = "control plane URL (default: $SECPLANE_SERVER or http://127.0.0.1:7443)")
    String server;

    @Option(names = "--token", paramLabel = "<token>", description = "operator token (default: $SECPLANE_TOKEN)")
    String token;

    ApiClient client() {
        return new ApiClient(server, token);
    }
}
