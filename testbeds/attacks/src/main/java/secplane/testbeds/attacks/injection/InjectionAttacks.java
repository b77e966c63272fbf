package secplane.testbeds.attacks.injection;

import java.util.List;

/** The injection attacks, one per {@link Category}, in the category order. */
public final class InjectionAttacks {

    private InjectionAttacks() {
    }

    public static List<InjectionAttack> all() {
        return List.of(new SqlInjectionAttack(), new CommandInjectionAttack(), new PathTraversalAttack(), new SsrfAttack(),
                new XxeAttack(), new LdapInjectionAttack(), new XPathInjectionAttack(), new ExpressionInjectionAttack(),
                new XssAttack());
    }
}
