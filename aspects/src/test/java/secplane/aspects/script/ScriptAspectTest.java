package secplane.aspects.script;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import secplane.aspect.AspectConfig;
import secplane.aspect.Finding;
import secplane.aspect.Mode;
import secplane.aspect.testing.TestJoinPoint;
import secplane.aspects.TestContext;

class ScriptAspectTest {
    private ScriptAspect aspect;

    @BeforeEach
    void load() throws Exception {
        aspect = new ScriptAspect();
        aspect.load(new TestContext(ScriptAspect.class));
        aspect.configure(AspectConfig.EMPTY);
    }

    private Finding eval(String script) {
        return aspect.inspect(TestJoinPoint.of("script.eval", script).withTarget(new StringBuilder()));
    }

    @Test
    void declaresAnInventoryRuleOffByDefaultAndAnObservedJavaAccessRule() {
        assertThat(aspect.joinPoints()).containsExactly("script.eval");
        assertThat(aspect.rules()).extracting(r -> r.id() + "=" + r.defaultMode())
                .containsExactly("script.eval=" + Mode.OFF, "script.java-access=" + Mode.OBSERVE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "java.lang.Runtime.getRuntime().exec('id')",
        "Java.type(\"java.lang.ProcessBuilder\")",
        "var pb = new java.lang.ProcessBuilder(['id']); pb.start()",
        "importPackage(java.io)",
        "x.getClass().forName('a')",
        "java.lang.reflect.Array.newInstance(c, 1)",
        "Java.type ('x')",
        "new javax.script.ScriptEngineManager()",
    })
    void scriptReachingIntoJvmApisIsReportedAsJavaAccess(String script) {
        Finding f = eval(script);

        assertThat(f.rule()).as(script).isEqualTo("script.java-access");
        assertThat(f.evidence()).containsEntry("script", script).containsEntry("engine", StringBuilder.class.getName());
        assertThat(f.evidence().get("match")).isNotEmpty();
    }

    @Test
    void evidenceNamesWhatMatched() {
        assertThat(eval("java.lang.Runtime.getRuntime().exec('id')").evidence()).containsEntry("match", "java.lang.Runtime");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1+2", "user.name.toUpperCase()", "execute(x)", "'java.lang'", "Math.max(1, 2)", ""})
    void ordinaryScriptIsReportedOnlyAsAnEvaluation(String script) {
        Finding f = eval(script);

        assertThat(f.rule()).as(script).isEqualTo("script.eval");
        assertThat(f.evidence()).containsEntry("script", script);
    }

    @Test
    void engineIsEmptyWithoutATarget() {
        assertThat(aspect.inspect(TestJoinPoint.of("script.eval", "1+2")).evidence()).containsEntry("engine", "");
    }

    @Test
    void onlyTheFirst64KiCharactersAreScanned() {
        String padded = " ".repeat(65536) + "java.lang.Runtime.getRuntime()";

        assertThat(eval(padded).rule()).isEqualTo("script.eval");
        assertThat(eval(" ".repeat(1000) + "java.lang.Runtime").rule()).isEqualTo("script.java-access");
    }
}
