package secplane.testbeds.attacks.injection;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import secplane.testbeds.attacks.AttackResult;
import secplane.testbeds.attacks.Testbed;

/**
 * OS command injection (CWE-78) into {@code /cmd/ping?host=}, which the vulnerable endpoint hands to
 * {@code sh -c}. Each variant smuggles {@code touch <marker>} with a different shell construct; the
 * evidence is the marker file, a fresh path in a new temporary directory.
 */
public final class CommandInjectionAttack extends InjectionAttack {

    public enum Variant implements InjectionVariant {
        SEMICOLON("127.0.0.1; touch <marker>"),
        AND("127.0.0.1 && touch <marker>"),
        PIPE("127.0.0.1 | touch <marker>"),
        SUBSHELL("$(touch <marker>)"),
        BACKTICKS("`touch <marker>`"),
        NEWLINE("127.0.0.1\ntouch <marker>");

        private final String payload;

        Variant(String payload) {
            this.payload = payload;
        }

        @Override
        public String endpoint() {
            return "/cmd/ping";
        }

        @Override
        public String payload() {
            return payload;
        }
    }

    private final Duration effectWait;

    /** Waits up to 3 seconds for the marker file. */
    public CommandInjectionAttack() {
        this(Duration.ofSeconds(3));
    }

    public CommandInjectionAttack(Duration effectWait) {
        this.effectWait = effectWait;
    }

    @Override
    public Category category() {
        return Category.COMMAND;
    }

    @Override
    public List<Variant> variants() {
        return List.of(Variant.values());
    }

    @Override
    public AttackResult fire(Testbed target, InjectionVariant injectionVariant, Twin twin) throws Exception {
        Variant variant = own(Variant.class, injectionVariant);
        Path marker = Files.createTempDirectory("secplane-command-").resolve("marker-" + UUID.randomUUID());
        try {
            HttpResponse<String> response = get(target, twin.path(variant.endpoint()), "host",
                    variant.payload().replace("<marker>", marker.toString()));
            boolean ran = awaitFile(marker, twin == Twin.VULNERABLE ? effectWait : Duration.ofMillis(500));
            return result(variant, twin, ran, response.statusCode(), ran
                    ? "the server ran 'touch " + marker + "'"
                    : "no marker file " + marker + " (" + abbreviate(response.body()) + ")");
        } finally {
            deleteMarker(marker);
        }
    }
}
