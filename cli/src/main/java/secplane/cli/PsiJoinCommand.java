package secplane.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import secplane.privacy.transport.Endpoints;
import secplane.privacy.transport.Role;

@Command(name = "join", mixinStandardHelpOptions = true,
        description = "Connect to the serving party (mutual TLS), run the protocol once, write the result.")
final class PsiJoinCommand implements Callable<Integer> {
    @Mixin
    PsiParty party;

    @Option(names = "--peer", required = true, paramLabel = "<host:port>", description = "the serving party")
    String peer;

    @Override
    public Integer call() {
        int colon = peer.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--peer must be HOST:PORT, not '" + peer + "'");
        }
        String host = peer.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(peer.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--peer must be HOST:PORT, not '" + peer + "'");
        }
        party.check(Role.JOINER);
        javax.net.ssl.SSLContext tls = party.tls();
        return party.run(Role.JOINER, () -> Endpoints.connect(host, port, tls, party.timeout()), "psi join");
    }
}
