package secplane.agent.core.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import secplane.bootstrap.Dispatcher;
import secplane.bootstrap.JoinPoints;
import secplane.testrequests.Out;

/**
 * A join point whose arguments are written back ({@link Hook#withWriteBack}): a {@code write(String, int, int)}
 * woven, verified by the JVM and called, with a handler behind the trampoline that replaces the string.
 */
class WriteBackWeavingTest {
    @AfterEach
    void reset() {
        Dispatcher.uninstall();
    }

    private static Object wovenOut(Hook hook) throws Exception {
        byte[] original;
        try (InputStream in = Out.class.getResourceAsStream("Out.class")) {
            original = in.readAllBytes();
        }
        byte[] bytes = HookWriter.weave(original, List.of(hook));
        assertThat(bytes).isNotNull();
        ClassLoader loader = new ClassLoader(WriteBackWeavingTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(Out.class.getName())) {
                    synchronized (this) {
                        Class<?> c = findLoadedClass(name);
                        return c != null ? c : defineClass(name, bytes, 0, bytes.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        return loader.loadClass(Out.class.getName()).getConstructor().newInstance();
    }

    private static String write(Object out, String s, int off, int len) throws Exception {
        out.getClass().getMethod("write", String.class, int.class, int.class).invoke(out, s, off, len);
        return out.getClass().getField("sent").get(out).toString();
    }

    private static void handler(java.util.function.Consumer<Object[]> onCall) {
        Dispatcher.install((joinPoint, target, args) -> onCall.accept(args), () -> { });
        Dispatcher.setActive(1 << JoinPoints.HTTP_RESPONSE);
    }

    @Test
    void aReplacedStringIsWhatTheWovenMethodWrites() throws Exception {
        handler(args -> args[0] = ((String) args[0]).replace("13812345678", "138****5678"));
        Object out = wovenOut(Hook.of("write", "(Ljava/lang/String;II)V", JoinPoints.HTTP_RESPONSE, 0, 1, 2).withWriteBack());
        assertThat(write(out, "xx{\"m\":\"13812345678\"}yy", 2, 19)).isEqualTo("{\"m\":\"138****5678\"}");
    }

    @Test
    void intArgumentsAreWrittenBackToo() throws Exception {
        handler(args -> args[2] = 0);
        Object out = wovenOut(Hook.of("write", "(Ljava/lang/String;II)V", JoinPoints.HTTP_RESPONSE, 0, 1, 2).withWriteBack());
        assertThat(write(out, "held back", 0, 9)).isEmpty();
    }

    @Test
    void withoutWriteBackAReplacementIsIgnored() throws Exception {
        handler(args -> args[0] = "replaced!");
        Object out = wovenOut(Hook.of("write", "(Ljava/lang/String;II)V", JoinPoints.HTTP_RESPONSE, 0, 1, 2));
        assertThat(write(out, "original!", 0, 9)).isEqualTo("original!");
    }

    @Test
    void anInactiveJoinPointWritesTheArgumentsAsGiven() throws Exception {
        handler(args -> args[0] = "replaced!");
        Dispatcher.setActive(0);
        Object out = wovenOut(Hook.of("write", "(Ljava/lang/String;II)V", JoinPoints.HTTP_RESPONSE, 0, 1, 2).withWriteBack());
        assertThat(write(out, "original!", 0, 9)).isEqualTo("original!");
    }
}
