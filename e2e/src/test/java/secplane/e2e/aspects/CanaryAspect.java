package secplane.e2e.aspects;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import secplane.aspect.AbstractAspect;
import secplane.aspect.Finding;
import secplane.aspect.JoinPoint;
import secplane.aspect.Mode;
import secplane.aspect.Rule;

/** Observes every deserialized java.lang.Long and says which version of itself saw it. */
public final class CanaryAspect extends AbstractAspect {
    @Override
    public Set<String> joinPoints() {
        return Collections.singleton("deserialize.class");
    }

    @Override
    public List<Rule> rules() {
        return Collections.singletonList(new Rule("canary.seen", Mode.OBSERVE, "a Long was deserialized"));
    }

    @Override
    public Finding inspect(JoinPoint joinPoint) {
        if (!"java.lang.Long".equals(joinPoint.args()[0])) {
            return null;
        }
        return Finding.of("canary.seen", "seen by canary " + context().aspectVersion(), "version", context().aspectVersion());
    }
}
