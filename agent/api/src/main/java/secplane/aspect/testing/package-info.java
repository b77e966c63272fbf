/**
 * In-memory join points and requests for unit-testing an aspect without the agent: build a
 * {@link secplane.aspect.testing.TestRequest}, wrap the call in a {@link secplane.aspect.testing.TestJoinPoint}
 * and hand it to {@code Aspect.inspect}. Only the aspect API and the JDK are used here, so the kit adds
 * nothing to an aspect's class path (docs/agent.md, "Writing an aspect").
 */
package secplane.aspect.testing;
