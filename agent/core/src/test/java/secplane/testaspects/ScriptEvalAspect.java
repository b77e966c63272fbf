package secplane.testaspects;

import java.util.List;
import java.util.Set;
import secplane.aspect.AbstractAspect;
import secplane.aspect.Finding;
import secplane.aspect.JoinPoint;
import secplane.aspect.Mode;
import secplane.aspect.Rule;

/** Subscribes to script.eval and process.start and never reports: for join point bit tests. */
public final class ScriptEvalAspect extends AbstractAspect {
    @Override
    public Set<String> joinPoints() {
        return Set.of("script.eval", "process.start");
    }

    @Override
    public List<Rule> rules() {
        return List.of(new Rule("eval.seen", Mode.OBSERVE, "never reported"));
    }

    @Override
    public Finding inspect(JoinPoint jp) {
        return null;
    }
}
