package secplane.agent.core.policy;

/** A policy that cannot be applied: says which file, where in it, and why. */
public final class PolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }
}
