package secplane.testbeds.attacks.injection;

/** One payload shape of an {@link InjectionAttack}, aimed at one endpoint. */
public interface InjectionVariant {

    /** The enum constant's name, e.g. {@code TAUTOLOGY}. */
    String name();

    /** The vulnerable endpoint it is sent to, e.g. {@code /sql/user}; the safe twin is {@code /safe} + this. */
    String endpoint();

    /** The payload as sent, with placeholders such as {@code <marker>} for the parts made fresh each time. */
    String payload();
}
