package secplane.aspects.process;

import static org.assertj.core.api.Assertions.assertThat;
import static secplane.aspect.testing.TestJoinPoint.frame;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import secplane.aspect.AspectConfig;
import secplane.aspect.Finding;
import secplane.aspect.Mode;
import secplane.aspect.testing.TestJoinPoint;
import secplane.aspects.TestContext;

class ProcessAspectTest {
    private static final String[] COMMAND = {"/bin/sh", "-c", "id"};

    private ProcessAspect aspect;

    @BeforeEach
    void load() throws Exception {
        aspect = new ProcessAspect();
        aspect.load(new TestContext(ProcessAspect.class));
        aspect.configure(AspectConfig.EMPTY);
    }

    /** A process start whose stack is, top first: ProcessBuilder.start, the given frame, an application frame. */
    private Finding start(StackTraceElement via) {
        StackTraceElement[] stack = {
            frame("java.lang.ProcessBuilder", "start"),
            via,
            frame("com.app.Controller", "handle"),
        };
        return aspect.inspect(TestJoinPoint.of("process.start", new Object[] {COMMAND, null}).withStack(stack));
    }

    @Test
    void declaresABlockingRuleAndANeverRuleThatIsOffByDefault() {
        assertThat(aspect.joinPoints()).containsExactly("process.start");
        assertThat(aspect.rules()).extracting(r -> r.id() + "=" + r.defaultMode())
                .containsExactly("process.exploit-frame=" + Mode.BLOCK, "process.never=" + Mode.OFF);
    }

    @ParameterizedTest
    @CsvSource({
        "java.io.ObjectInputStream, readObject, deserialization",
        "java.io.ObjectInputStream, readObject0, deserialization",
        "javax.naming.InitialContext, lookup, JNDI",
        "com.sun.jndi.ldap.Obj, decodeObject, JNDI",
        "org.springframework.expression.spel.ast.MethodReference, getValueInternal, SpEL expression",
        "javax.script.AbstractScriptEngine, eval, script engine",
        "ognl.OgnlRuntime, invokeMethod, OGNL expression",
        "java.beans.XMLDecoder, readObject, XML deserialization",
    })
    void processStartedBelowAnExploitFrameIsReported(String className, String method, String via) {
        Finding f = start(frame(className, method));

        assertThat(f.rule()).isEqualTo("process.exploit-frame");
        assertThat(f.evidence()).containsEntry("via", via).containsEntry("command", "/bin/sh -c id");
        assertThat(f.evidence().get("frame")).startsWith(className + "." + method);
        assertThat(f.message()).isEqualTo("process started from a " + via + " frame: /bin/sh -c id");
    }

    @Test
    void processStartedByOrdinaryCodeIsReportedUnderTheNeverRule() {
        Finding f = start(frame("com.app.Backup", "run"));

        assertThat(f.rule()).isEqualTo("process.never");
        assertThat(f.evidence()).containsEntry("command", "/bin/sh -c id");
    }

    @Test
    void lookAlikePackagesAreNotExploitFrames() {
        assertThat(start(frame("javax.namingx.Context", "lookup")).rule()).isEqualTo("process.never");
        assertThat(start(frame("java.io.ObjectInputStreamHelper", "read")).rule()).isEqualTo("process.never");
        assertThat(start(frame("java.io.ObjectInputStream", "close")).rule()).isEqualTo("process.never");
    }

    @Test
    void emptyStackIsReportedUnderTheNeverRule() {
        Finding f = aspect.inspect(TestJoinPoint.of("process.start", new Object[] {new String[] {"ls"}, "/tmp"})
                .withStack(new StackTraceElement[0]));

        assertThat(f.rule()).isEqualTo("process.never");
    }

    @Test
    void configuredFramePrefixIsAnExploitFrame() throws Exception {
        StackTraceElement engine = frame("com.acme.rules.Engine", "fire");
        assertThat(start(engine).rule()).isEqualTo("process.never");

        aspect.configure(new AspectConfig(Map.of("frames", List.of("com.acme.rules."))));

        Finding f = start(engine);
        assertThat(f.rule()).isEqualTo("process.exploit-frame");
        assertThat(f.evidence()).containsEntry("via", "configured frame");
        assertThat(start(frame("javax.naming.InitialContext", "lookup")).evidence()).as("defaults kept").containsEntry("via", "JNDI");
    }

    @org.junit.jupiter.api.Test
    void frameMatchingEqualsPrefixOfClassDotMethod() {
        String[][] cases = {
            {"java.io.ObjectInputStream", "readObject", "java.io.ObjectInputStream.readObject"},
            {"java.io.ObjectInputStream", "readObject0", "java.io.ObjectInputStream.readObject"},
            {"java.io.ObjectInputStream", "readFields", "java.io.ObjectInputStream.readObject"},
            {"java.io.ObjectInputStreamX", "readObject", "java.io.ObjectInputStream.readObject"},
            {"javax.naming.InitialContext", "lookup", "javax.naming."},
            {"javax.namingX.Y", "z", "javax.naming."},
            {"java.beans.XMLDecoder", "readObject", "java.beans.XMLDecoder"},
            {"ognl.Ognl", "getValue", "ognl."},
            {"a.B", "c", "a.B.cd"},
        };
        for (String[] c : cases) {
            boolean expected = (c[0] + "." + c[1]).startsWith(c[2]);
            org.assertj.core.api.Assertions.assertThat(ProcessAspect.matches(c[0], c[1], c[2]))
                    .as("%s.%s vs %s", c[0], c[1], c[2]).isEqualTo(expected);
        }
    }
}
