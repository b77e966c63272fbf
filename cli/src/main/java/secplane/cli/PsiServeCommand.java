package secplane.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import secplane.privacy.transport.Endpoints;
import secplane.privacy.transport.Role;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Wait for the other party on a TCP port (mutual TLS), run the protocol once, write the result.")
final class PsiServeCommand implements Callable<Integer> {
    @Mixin
    PsiParty party;

    @Option(names = "--port", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one)")
    int port = 7443;

    @Option(names = "--bind", paramLabel = "<address>", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String bind = "127.0.0.1";

    @Option(names = "--accept-timeout", paramLabel = "<seconds>", description = "how long to wait for the peer (default: ${DEFAULT-VALUE})")
    int acceptTimeout = 600;

    @Override
    public Integer call() {
        party.check(Role.SERVER);
        javax.net.ssl.SSLContext tls = party.tls();
        try (Endpoints.Listener l = Endpoints.listen(bind, port, tls, party.timeout())) {
            System.err.println("listening on " + bind + ":" + l.port());
            return party.run(Role.SERVER, () -> l.accept(Duration.ofSeconds(acceptTimeout)), "psi serve");
        }
    }
}
