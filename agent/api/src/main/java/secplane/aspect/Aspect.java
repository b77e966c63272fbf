package secplane.aspect;

import java.util.List;
import java.util.Set;

/**
 * One unit of security logic bound to join points. The host drives its lifecycle
 * {@code load -> activate -> freeze -> unload}; every step is called at most once per step and in
 * that order, except that {@code activate} and {@code freeze} may alternate. Each aspect lives in
 * its own class loader, built-in aspects included, and sees only this API and the JDK.
 *
 * <p>{@link #inspect} runs on the application's thread inside the instrumented call and has a time
 * budget; it must be fast, must not block, and should not allocate more than it needs. It only
 * reports what it sees: whether a finding blocks or is only observed is the policy's decision,
 * applied by the host to the finding's rule.
 */
public interface Aspect {

    /** The join point names this aspect subscribes to, e.g. {@code jndi.lookup}. */
    Set<String> joinPoints();

    /** Every rule the aspect can report, with its default mode. */
    List<Rule> rules();

    /** Called once after construction, before any other call. Config may be empty. */
    void load(AspectContext context) throws Exception;

    /** Called whenever the policy changes this aspect's config; the previous config stays if it throws. */
    void configure(AspectConfig config) throws Exception;

    /** The aspect starts receiving {@link #inspect} calls after this returns. */
    void activate();

    /** No more {@link #inspect} calls will start; state is kept for a later activate or unload. */
    void freeze();

    /** Release everything; the aspect's class loader is dropped afterwards. */
    void unload();

    /**
     * Whether this aspect has any use for a call at {@code joinPoint}, asked on the application's thread before the
     * host prepares the call's arguments (decodes a response chunk, names a result set's column, formats a log
     * line). An aspect that observes a sample of requests answers false for the requests outside its sample, and
     * when no subscriber wants the call the host does none of that work; a subscriber that answers false is not
     * asked to {@link #inspect} the call. It must be cheap (no allocation, no lock held for long), must not throw,
     * and must not answer false where {@link #inspect} could return a finding.
     *
     * @param joinPoint the join point's name, e.g. {@code jdbc.result}
     * @param request   the request the call runs for, or null outside a request
     * @param enforcing whether a rule of this aspect is in {@code block} mode in the policy in force
     * @return true (the default) when the host should prepare the call and ask {@link #inspect}
     */
    default boolean wants(String joinPoint, HttpRequest request, boolean enforcing) {
        return true;
    }

    /** @return a finding, or null when the call is of no concern */
    Finding inspect(JoinPoint joinPoint);
}
