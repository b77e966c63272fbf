package secplane.testaspects;

import java.util.List;
import java.util.Set;
import secplane.aspect.AbstractAspect;
import secplane.aspect.Finding;
import secplane.aspect.JoinPoint;
import secplane.aspect.Mode;
import secplane.aspect.Rule;

/** Subscribes to a join point that does not exist. */
public final class UnknownJoinPointAspect extends AbstractAspect {
    @Override
    public Set<String> joinPoints() {
        return Set.of("sql.query");
    }

    @Override
    public List<Rule> rules() {
        return List.of(new Rule("x", Mode.BLOCK, "x"));
    }

    @Override
    public Finding inspect(JoinPoint jp) {
        return null;
    }
}
