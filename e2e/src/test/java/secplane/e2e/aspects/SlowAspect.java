package secplane.e2e.aspects;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import secplane.aspect.AbstractAspect;
import secplane.aspect.Finding;
import secplane.aspect.JoinPoint;
import secplane.aspect.Mode;
import secplane.aspect.Rule;

/** Runs far past any sane time budget on every call. */
public final class SlowAspect extends AbstractAspect {
    @Override
    public Set<String> joinPoints() {
        return Collections.singleton("jndi.lookup");
    }

    @Override
    public List<Rule> rules() {
        return Collections.singletonList(new Rule("slow.never", Mode.BLOCK, "never reported"));
    }

    @Override
    public Finding inspect(JoinPoint joinPoint) {
        try {
            Thread.sleep(150);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
