package secplane.agent.core.patches;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import secplane.agent.core.policy.Policy;
import secplane.agent.core.policy.PolicyException;
import secplane.agent.core.policy.PolicyParser;
import secplane.testpatches.AbstractTarget;
import secplane.testpatches.Target;

/**
 * Each reason a patch is refused against the running JVM before anything changes, and what a
 * valid one plans. The "loaded classes" are the ones each test names; class files come from the
 * test class path and the JDK, read with ASM.
 */
class PatchPlannerTest {
    private static final String TARGET = "secplane.testpatches.Target";
    private final Set<Class<?>> unmodifiable = new HashSet<>();

    private static List<PatchSpec> specs(String patches) throws PolicyException {
        Policy p = PolicyParser.parse("p.json", "{\"patches\": [" + patches + "]}", java.util.Map.of());
        return p.patches();
    }

    private PatchPlan plan(String patches, Class<?>... loaded) throws PolicyException {
        return PatchPlanner.plan(specs(patches), "orders-1", loaded, c -> !unmodifiable.contains(c));
    }

    private String refusal(String patches, Class<?>... loaded) {
        try {
            plan(patches, loaded);
        } catch (PolicyException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + patches);
    }

    private static String patch(String cls, String method, String rest) {
        return "{\"id\": \"p\", \"class\": \"" + cls + "\", \"method\": \"" + method + "\", " + rest + "}";
    }

    @Test
    void aClassThatIsNeitherLoadedNorFindableIsRefused() {
        assertThat(refusal(patch("org.example.Missing", "lookup", "\"action\": \"return\"")))
                .isEqualTo("p.json:1:35: /patches/0/class: org.example.Missing is not in this JVM (not loaded, no class loader finds "
                        + "org/example/Missing.class); nothing was changed");
    }

    @Test
    void aMethodTheClassDoesNotDeclareIsRefused() {
        assertThat(refusal(patch(TARGET, "lookupp", "\"action\": \"return\""), Target.class))
                .endsWith("/patches/0/method: secplane.testpatches.Target (app) declares no method 'lookupp'; nothing was changed");
    }

    @Test
    void aDescriptorTheClassDoesNotDeclareIsRefusedWithTheOnesItDoes() {
        assertThat(refusal(patch(TARGET, "get", "\"descriptor\": \"(Ljava/lang/String;)I\", \"action\": \"return\", \"value\": 1"), Target.class))
                .endsWith("/patches/0/descriptor: secplane.testpatches.Target (app) declares no get(Ljava/lang/String;)I; it declares get "
                        + "with [(J)J, (I)I]; nothing was changed");
    }

    @Test
    void aValueTheReturnTypeCannotHoldIsRefused() {
        assertThat(refusal(patch(TARGET, "count", "\"action\": \"return\", \"value\": \"three\""), Target.class))
                .endsWith("/patches/0/value: Target.count()I: \"three\" (a string) cannot be returned as int; expected a whole number "
                        + "from -2147483648 to 2147483647; nothing was changed");
        assertThat(refusal(patch(TARGET, "count", "\"action\": \"return\""), Target.class))
                .as("no value is null, which an int cannot be").contains("null cannot be returned as int");
        assertThat(refusal(patch(TARGET, "run", "\"action\": \"return\", \"value\": false"), Target.class))
                .contains("/patches/0/value: Target.run()V: false cannot be returned by a void method");
    }

    @Test
    void withoutADescriptorTheValueMustFitEveryOverload() throws Exception {
        PatchPlan plan = plan(patch(TARGET, "get", "\"action\": \"return\", \"value\": 7"), Target.class);

        assertThat(plan.patches).singleElement().satisfies(p -> {
            assertThat(p.targets).extracting(t -> t.descriptor).containsExactly("(J)J", "(I)I");
            assertThat(p.targets).extracting(t -> t.returnValue).containsExactly(7L, 7);
        });
        assertThat(refusal(patch(TARGET, "get", "\"action\": \"return\", \"value\": 3000000000"), Target.class))
                .contains("/patches/0/value: Target.get(I)I: 3000000000 cannot be returned as int");
    }

    @Test
    void anArgumentIndexOutOfRangeIsRefused() {
        assertThat(refusal(patch(TARGET, "lookup", "\"action\": \"block-if\", \"arg\": 2, \"matches\": \"x\""), Target.class))
                .endsWith("/patches/0/arg: argument 2 is out of range: Target.lookup(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/String; "
                        + "takes 2 arguments (0 to 1); nothing was changed");
        assertThat(refusal(patch(TARGET, "count", "\"action\": \"block-if\", \"arg\": 0, \"matches\": \"x\""), Target.class))
                .contains("takes no arguments");
    }

    @Test
    void abstractAndNativeMethodsAreRefused() {
        assertThat(refusal(patch("secplane.testpatches.AbstractTarget", "resolve", "\"action\": \"return\""), AbstractTarget.class))
                .endsWith("/patches/0/method: AbstractTarget.resolve(Ljava/lang/String;)Ljava/lang/String; is abstract: patch the classes "
                        + "that implement it; nothing was changed");
        assertThat(refusal(patch(TARGET, "nativeCall", "\"action\": \"throw\""), Target.class))
                .contains("Target.nativeCall()V is native: it has no bytecode to patch; patch its Java caller");
    }

    @Test
    void aConstructorCannotReturnAValue() throws Exception {
        assertThat(refusal(patch(TARGET, "<init>", "\"action\": \"return\""), Target.class))
                .endsWith("/patches/0/action: a constructor cannot return a value; use throw or block-if; nothing was changed");
        assertThat(plan(patch(TARGET, "<init>", "\"action\": \"throw\""), Target.class).patches).hasSize(1);
    }

    @Test
    void objectStringTheEntryCodesOwnClassesAndTheAgentsAreRefused() {
        assertThat(refusal(patch("java.lang.String", "length", "\"action\": \"return\", \"value\": 0"), String.class))
                .contains("/patches/0/class: java.lang.String cannot be patched: the agent's own entry code runs through it");
        assertThat(refusal(patch("java.lang.Object", "hashCode", "\"action\": \"return\", \"value\": 0"), Object.class))
                .contains("java.lang.Object cannot be patched");
        assertThat(refusal(patch("java.lang.Integer", "valueOf", "\"action\": \"throw\""), Integer.class))
                .contains("java.lang.Integer cannot be patched");
        assertThat(refusal(patch("secplane.agent.core.patches.VirtualPatches", "onPatch", "\"action\": \"throw\""), VirtualPatches.class))
                .contains("secplane.agent.core.patches.VirtualPatches is one of secplane's own classes and cannot be patched");
        assertThat(refusal(patch("secplane.bootstrap.Dispatcher", "patch", "\"action\": \"throw\"")))
                .contains("is one of secplane's own classes");
    }

    @Test
    void aLoadedClassTheJvmCannotRetransformIsRefused() {
        unmodifiable.add(Target.class);
        assertThat(refusal(patch(TARGET, "count", "\"action\": \"return\", \"value\": 1"), Target.class))
                .endsWith("/patches/0/class: secplane.testpatches.Target (loader: app) cannot be retransformed by this JVM; nothing was changed");
    }

    @Test
    void aClassFoundByALoaderButNotLoadedIsPlannedToBeWovenWhenItLoads() throws Exception {
        PatchPlan plan = plan(patch("secplane.testpatches.NeverLoaded", "lookup", "\"action\": \"return\", \"value\": \"x\""));

        assertThat(plan.patches).singleElement().satisfies(p -> {
            assertThat(p.foundBy).startsWith("app (").contains("secplane/testpatches/NeverLoaded.class");
            assertThat(p.targets).singleElement().satisfies(t -> assertThat(t.returnValue).isEqualTo("x"));
        });
    }

    @Test
    void aJdkClassIsFoundThroughTheJdksOwnModules() throws Exception {
        PatchPlan plan = plan(patch("javax.sql.rowset.serial.SerialClob", "getSubString", "\"action\": \"return\", \"value\": \"\""));

        assertThat(plan.patches).singleElement().satisfies(p -> assertThat(p.foundBy).contains("jrt:/java.sql.rowset/"));
    }

    @Test
    void aPatchForOtherInstancesIsNotCheckedHere() throws Exception {
        PatchPlan plan = plan("{\"id\": \"elsewhere\", \"class\": \"org.example.Missing\", \"method\": \"m\", \"action\": \"throw\","
                + " \"instances\": [\"orders-2\"]}");

        assertThat(plan.patches).isEmpty();
        assertThat(plan.outOfScope).extracting(PatchSpec::id).containsExactly("elsewhere");
    }

    @Test
    void theFirstRefusedPatchNamesItsIndex() {
        List<String> patches = new ArrayList<>();
        patches.add(patch(TARGET, "count", "\"action\": \"return\", \"value\": 1").replace("\"p\"", "\"a\""));
        patches.add(patch(TARGET, "nope", "\"action\": \"throw\"").replace("\"p\"", "\"b\""));
        assertThat(refusal(String.join(",", patches), Target.class)).contains("/patches/1/method: ");
    }
}
