package secplane.testbeds.attacks;

/** One real exploit against a running {@link Testbed}. */
public interface Attack {

    /** A short, stable name, e.g. {@code log4shell}. */
    String name();

    /** The public identifier of the vulnerability, e.g. {@code CVE-2021-44228}. */
    String reference();

    /** Fires the exploit and observes whether its effect happened. */
    AttackResult fire(Testbed target) throws Exception;
}
