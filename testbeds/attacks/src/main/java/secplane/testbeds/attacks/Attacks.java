package secplane.testbeds.attacks;

import java.util.List;

/** The catalogue of attacks the testbed proves, in demo order. */
public final class Attacks {

    private Attacks() {
    }

    /** Log4Shell, Spring4Shell, then the commons-collections deserialization chain. */
    public static List<Attack> all() {
        return List.of(new Log4ShellAttack(), new Spring4ShellAttack(), new DeserializationAttack());
    }
}
