package secplane.agent.core.patches;

import java.util.Collections;
import java.util.List;

/**
 * The patches of a policy checked against this JVM: for each one in scope, the exact methods to
 * weave and the value each returns; the ones for other instances, to report as out of scope.
 * Made by {@link PatchPlanner}, applied by {@link VirtualPatches}.
 */
public final class PatchPlan {
    public static final PatchPlan EMPTY = new PatchPlan(Collections.<Planned>emptyList(), Collections.<PatchSpec>emptyList());

    final List<Planned> patches;
    final List<PatchSpec> outOfScope;

    PatchPlan(List<Planned> patches, List<PatchSpec> outOfScope) {
        this.patches = Collections.unmodifiableList(patches);
        this.outOfScope = Collections.unmodifiableList(outOfScope);
    }

    public boolean isEmpty() {
        return patches.isEmpty() && outOfScope.isEmpty();
    }

    /** One in-scope patch and what it changes here. */
    static final class Planned {
        final PatchSpec spec;
        final List<Target> targets;
        /** Where the class was found when it is not loaded yet, for the report; null when it is loaded. */
        final String foundBy;

        Planned(PatchSpec spec, List<Target> targets, String foundBy) {
            this.spec = spec;
            this.targets = Collections.unmodifiableList(targets);
            this.foundBy = foundBy;
        }
    }

    /** One method descriptor a patch weaves, and what the trampoline returns for it. */
    static final class Target {
        final String method;
        final String descriptor;
        /** For a return action: the exact box (or value) to return. */
        final Object returnValue;

        Target(String method, String descriptor, Object returnValue) {
            this.method = method;
            this.descriptor = descriptor;
            this.returnValue = returnValue;
        }
    }
}
