package secplane.e2e.aspects;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import secplane.aspect.AbstractAspect;
import secplane.aspect.Finding;
import secplane.aspect.JoinPoint;
import secplane.aspect.Mode;
import secplane.aspect.Rule;

/** Throws on every call: the host must contain it and quarantine it. */
public final class BrokenAspect extends AbstractAspect {
    @Override
    public Set<String> joinPoints() {
        return Collections.singleton("jndi.lookup");
    }

    @Override
    public List<Rule> rules() {
        return Collections.singletonList(new Rule("broken.never", Mode.BLOCK, "never reported"));
    }

    @Override
    public Finding inspect(JoinPoint joinPoint) {
        throw new IllegalStateException("deliberately broken aspect");
    }
}
