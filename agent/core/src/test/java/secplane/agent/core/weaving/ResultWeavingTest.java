package secplane.agent.core.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import secplane.bootstrap.Dispatcher;
import secplane.bootstrap.JoinPoints;
import secplane.testrequests.Rows;

/**
 * The jdbc.result hook run for real: a result set's getters woven, defined in a fresh loader (so the JVM verifies
 * them) and called, with a recording handler behind the trampoline; and which class files are result sets.
 */
class ResultWeavingTest {
    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void reset() {
        Dispatcher.uninstall();
    }

    private static Class<?> woven() throws Exception {
        byte[] original;
        try (InputStream in = Rows.class.getResourceAsStream("Rows.class")) {
            original = in.readAllBytes();
        }
        byte[] bytes = HookWriter.weave(original, List.of(Hook.result("getString", "(I)Ljava/lang/String;"),
                Hook.result("getString", "(Ljava/lang/String;)Ljava/lang/String;"), Hook.result("getObject", "(I)Ljava/lang/Object;")));
        assertThat(bytes).isNotNull();
        ClassLoader loader = new ClassLoader(ResultWeavingTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(Rows.class.getName())) {
                    synchronized (this) {
                        Class<?> c = findLoadedClass(name);
                        return c != null ? c : defineClass(name, bytes, 0, bytes.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        return loader.loadClass(Rows.class.getName());
    }

    @Test
    void everyReturnedValueReachesTheJoinPointUnchangedWithItsColumn() throws Exception {
        Dispatcher.install((jp, target, args) -> seen.add(JoinPoints.name(jp) + " " + Arrays.toString(args) + " " + (target != null)), null);
        Dispatcher.setActive(1 << JoinPoints.JDBC_RESULT);
        Class<?> rows = woven();
        Object r = rows.getConstructor().newInstance();
        assertThat(rows.getMethod("getString", int.class).invoke(r, 3)).isEqualTo("value 3");
        assertThat(rows.getMethod("getString", int.class).invoke(r, 300)).isEqualTo("big 300");
        assertThat(rows.getMethod("getString", int.class).invoke(r, 0)).as("a null is returned, not dispatched").isNull();
        assertThat(rows.getMethod("getString", String.class).invoke(r, "mobile")).isEqualTo("value 6");
        assertThat(rows.getMethod("getObject", int.class).invoke(r, 7)).isEqualTo(13812345678L);
        assertThat(seen).containsExactly("jdbc.result [value 3, 3] true", "jdbc.result [big 300, 300] true",
                "jdbc.result [value 6, 6] true", "jdbc.result [value 6, mobile] true", "jdbc.result [13812345678, 7] true");

        seen.clear();
        Dispatcher.setActive(0);
        assertThat(rows.getMethod("getString", int.class).invoke(r, 3)).isEqualTo("value 3");
        assertThat(seen).as("idle: nothing dispatched").isEmpty();
    }

    @Test
    void aHandlerThatThrowsNeverReachesTheApplication() throws Exception {
        Dispatcher.install((jp, target, args) -> {
            throw new secplane.bootstrap.BlockedException("no", "ev-1");
        }, null);
        Dispatcher.setActive(1 << JoinPoints.JDBC_RESULT);
        Object r = woven().getConstructor().newInstance();
        assertThat(r.getClass().getMethod("getString", int.class).invoke(r, 3)).isEqualTo("value 3");
    }

    private static byte[] classFile(int access, String... interfaces) {
        ClassWriter w = new ClassWriter(0);
        w.visit(Opcodes.V1_8, access, "org/example/db/Rs", null, "java/lang/Object", interfaces);
        w.visitEnd();
        return w.toByteArray();
    }

    @Test
    void resultSetsAreRecognisedFromTheirClassFileByInterface() {
        assertThat(Weaver.resultSet(classFile(Opcodes.ACC_PUBLIC, "java/sql/ResultSet"))).isTrue();
        assertThat(Weaver.resultSet(classFile(Opcodes.ACC_PUBLIC, "com/mysql/cj/jdbc/result/ResultSetInternalMethods"))).isTrue();
        assertThat(Weaver.resultSet(classFile(Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT, "java/sql/ResultSet"))).isFalse();
        assertThat(Weaver.resultSet(classFile(Opcodes.ACC_PUBLIC, "java/sql/Statement"))).isFalse();
        assertThat(Weaver.resultSet(classFile(Opcodes.ACC_PUBLIC, "java/io/Serializable"))).isFalse();
    }
}
