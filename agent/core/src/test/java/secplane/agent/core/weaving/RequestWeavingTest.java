package secplane.agent.core.weaving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import secplane.bootstrap.Dispatcher;
import secplane.bootstrap.JoinPoints;
import secplane.testrequests.Body;
import secplane.testrequests.Chain;
import secplane.testrequests.Submitter;

/**
 * The code {@link HookWriter} weaves for the request source, task wrapping and the body tee, run for
 * real: fixture classes are woven, defined in a fresh loader (so the JVM verifies them) and called,
 * with a recording handler behind the trampoline.
 */
class RequestWeavingTest {
    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void handler() {
        Dispatcher.installRequests(new Dispatcher.RequestHandler() {
            @Override
            public void enter(Object request, Object response) {
                seen.add("enter " + request + " " + response);
            }

            @Override
            public void exit() {
                seen.add("exit");
            }

            @Override
            public Object propagate(Object task) {
                seen.add("wrap " + task);
                return (Runnable) () -> seen.add("wrapped ran");
            }

            @Override
            public void bodyRead(Object stream, byte[] b, int off, int n) {
                seen.add("read " + new String(b, off, n, java.nio.charset.StandardCharsets.UTF_8));
            }

            @Override
            public void bodyRead(Object stream, char[] c, int off, int n) {
                seen.add("chars " + new String(c, off, n));
            }
        });
        Dispatcher.setActive(1 << JoinPoints.HTTP_REQUEST);
    }

    @AfterEach
    void reset() {
        Dispatcher.uninstall();
    }

    private static Class<?> woven(Class<?> fixture, Hook... hooks) throws Exception {
        byte[] original;
        try (InputStream in = fixture.getResourceAsStream(fixture.getSimpleName() + ".class")) {
            original = in.readAllBytes();
        }
        byte[] bytes = HookWriter.weave(original, List.of(hooks));
        assertThat(bytes).as("something was woven").isNotNull();
        ClassLoader loader = new ClassLoader(RequestWeavingTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(fixture.getName())) {
                    synchronized (this) {
                        Class<?> c = findLoadedClass(name);
                        return c != null ? c : defineClass(name, bytes, 0, bytes.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        return loader.loadClass(fixture.getName());
    }

    /** The calls recorded by the woven copy of the chain (a class of its own, with its own static list). */
    @SuppressWarnings("unchecked")
    private static List<String> calls(Class<?> woven) throws Exception {
        return (List<String>) woven.getField("CALLS").get(null);
    }

    private static final Hook CHAIN = Hook.source("doFilter", "(Ljavax/servlet/ServletRequest;Ljavax/servlet/ServletResponse;)V");

    private void doFilter(Class<?> chain, String mode) throws Throwable {
        Object c = chain.getConstructor().newInstance();
        chain.getField("mode").set(c, mode);
        Method m = chain.getMethod("doFilter", javax.servlet.ServletRequest.class, javax.servlet.ServletResponse.class);
        try {
            m.invoke(c, null, null);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void everyWayOutOfAWovenEntryPointExitsExactlyOnce() throws Throwable {
        Class<?> chain = woven(Chain.class, CHAIN);
        for (String mode : new String[] {"return", "early", "caught"}) {
            seen.clear();
            doFilter(chain, mode);
            assertThat(seen).as(mode).containsExactly("enter null null", "exit");
        }
        seen.clear();
        assertThatThrownBy(() -> doFilter(chain, "throw")).hasMessage("boom");
        assertThat(seen).containsExactly("enter null null", "exit");
        assertThat(calls(chain)).as("the original code ran, its own handler included").containsExactly(
                "end 3.0", "early", "caught inside", "end 3.0");
    }

    @Test
    void theEntryPointRunsUnchangedWithoutTheAgent() throws Throwable {
        Class<?> chain = woven(Chain.class, CHAIN);
        Dispatcher.uninstall();
        doFilter(chain, "return");
        assertThat(seen).isEmpty();
        assertThat(calls(chain)).containsExactly("end 3.0");
    }

    @Test
    void aSubmittedTaskIsReplacedByWhatTheAgentReturns() throws Exception {
        Class<?> s = woven(Submitter.class, Hook.wrap("submit", "(Ljava/lang/Runnable;)V", 0),
                Hook.wrap("call", "(JLjava/util/concurrent/Callable;)", 1));
        Object submitter = s.getConstructor().newInstance();
        Runnable task = () -> seen.add("original ran");
        s.getMethod("submit", Runnable.class).invoke(submitter, task);
        Runnable last = (Runnable) s.getField("last").get(submitter);
        assertThat(last).isNotSameAs(task);
        last.run();
        assertThat(seen).hasSize(2).last().isEqualTo("wrapped ran");

        Dispatcher.setActive(0);
        s.getMethod("submit", Runnable.class).invoke(submitter, task);
        assertThat(s.getField("last").get(submitter)).as("idle: the task itself").isSameAs(task);
    }

    @Test
    void whatABodyStreamReadsIsReportedAndReturnedUnchanged() throws Exception {
        Class<?> body = woven(Body.class, Hook.bodyBytes("read", "([BII)I"));
        Object stream = body.getConstructor(byte[].class).newInstance((Object) "name=alice".getBytes());
        Method read = body.getMethod("read", byte[].class, int.class, int.class);
        byte[] buf = new byte[16];
        assertThat(read.invoke(stream, buf, 2, 4)).isEqualTo(4);
        assertThat(read.invoke(stream, buf, 0, 16)).isEqualTo(6);
        assertThat(read.invoke(stream, buf, 0, 16)).isEqualTo(-1);
        assertThat(seen).containsExactly("read name", "read =alice");
    }
}
