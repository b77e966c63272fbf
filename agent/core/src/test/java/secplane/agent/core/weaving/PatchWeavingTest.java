package secplane.agent.core.weaving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import secplane.bootstrap.BlockedException;
import secplane.bootstrap.Dispatcher;
import secplane.bootstrap.JoinPoints;
import secplane.testpatches.Target;

/**
 * The entry code {@link HookWriter} weaves for virtual patches, run for real: the fixture class is
 * woven, defined in a fresh loader (so the JVM verifies it) and called, with a handler standing in
 * for the agent behind the trampoline.
 */
class PatchWeavingTest {
    /** What the handler answers, by slot; absent: proceed. */
    private final Map<Integer, Object> answers = java.util.Collections.synchronizedMap(new java.util.HashMap<>());
    private final List<String> seen = new ArrayList<>();

    @BeforeEach
    void handler() {
        Dispatcher.installPatches((slot, target, args) -> {
            seen.add(slot + " " + (target == null ? "static" : target.toString()) + " " + Arrays.deepToString(args));
            Object a = answers.containsKey(slot) ? answers.get(slot) : Dispatcher.PROCEED;
            if (a instanceof RuntimeException) {
                throw (RuntimeException) a;
            }
            return a;
        });
    }

    /** The calls recorded by the woven copy of the fixture (a class of its own, with its own static list). */
    @SuppressWarnings("unchecked")
    private static List<String> calls(Class<?> woven) throws Exception {
        return (List<String>) woven.getField("CALLS").get(null);
    }

    @AfterEach
    void reset() {
        Dispatcher.uninstall();
    }

    private static byte[] original() throws Exception {
        try (InputStream in = Target.class.getResourceAsStream("Target.class")) {
            return in.readAllBytes();
        }
    }

    /** The fixture woven with these hooks, defined in its own loader. */
    private static Class<?> woven(List<Hook> hooks, PatchHook... patches) throws Exception {
        HookWriter.Result r = HookWriter.weave(original(), hooks, Arrays.asList(patches));
        assertThat(r).as("something was woven").isNotNull();
        byte[] bytes = r.bytes;
        ClassLoader loader = new ClassLoader(PatchWeavingTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(Target.class.getName())) {
                    synchronized (this) {
                        Class<?> c = findLoadedClass(name);
                        return c != null ? c : defineClass(name, bytes, 0, bytes.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        return loader.loadClass(Target.class.getName());
    }

    private static Class<?> woven(PatchHook... patches) throws Exception {
        return woven(List.of(), patches);
    }

    /** Overloads such as get(long) and get(int): the one whose parameters take the arguments as given (getMethods() has no order). */
    private static boolean accepts(Class<?>[] types, Object[] args) {
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i].isPrimitive() ? java.lang.invoke.MethodType.methodType(types[i]).wrap().returnType() : types[i];
            if (args[i] != null && !t.isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }

    private static Object call(Object target, String method, Object... args) throws Throwable {
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length && accepts(m.getParameterTypes(), args)) {
                try {
                    return m.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new AssertionError("no method " + method);
    }

    private static Object instance(Class<?> c, String name) throws Exception {
        Constructor<?> k = c.getConstructor(String.class);
        try {
            return k.newInstance(name);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    private static void activate(int... slots) {
        long mask = 0;
        for (int s : slots) {
            mask |= Dispatcher.patchBit(s);
        }
        Dispatcher.setPatches(mask);
    }

    @Test
    void aReturnPatchReturnsItsValueWithoutRunningTheMethodAndHandsOverTheReceiverAndArguments() throws Throwable {
        Class<?> c = woven(new PatchHook("lookup", "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/String;", 3));
        Object t = instance(c, "t1");
        activate(3);
        answers.put(3, "patched");

        assertThat(call(t, "lookup", null, "${jndi:ldap://x}")).isEqualTo("patched");
        assertThat(calls(c)).containsExactly("new t1");
        assertThat(seen).containsExactly("3 Target t1 [null, ${jndi:ldap://x}]");

        answers.put(3, null);
        assertThat(call(t, "lookup", null, "k")).as("null is a value too").isNull();
    }

    @Test
    void proceedRunsTheOriginalMethod() throws Throwable {
        Class<?> c = woven(new PatchHook("lookup", "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/String;", 0));
        Object t = instance(c, "t");
        activate(0);

        assertThat(call(t, "lookup", "e", "key")).isEqualTo("looked up key");
        assertThat(calls(c)).containsExactly("new t", "lookup key");
        assertThat(seen).hasSize(1);
    }

    @Test
    void aPatchWhoseGuardBitIsClearNeverReachesTheTrampoline() throws Throwable {
        Class<?> c = woven(new PatchHook("lookup", "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/String;", 5));
        Object t = instance(c, "t");
        answers.put(5, "patched");
        activate(4, 6);

        assertThat(call(t, "lookup", "e", "key")).isEqualTo("looked up key");
        assertThat(seen).isEmpty();
    }

    @Test
    void slotsFrom63UpShareTheLastGuardBit() throws Throwable {
        Class<?> c = woven(new PatchHook("lookup", "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/String;", 70));
        Object t = instance(c, "t");
        answers.put(70, "seventy");
        activate(63);

        assertThat(call(t, "lookup", "e", "key")).isEqualTo("seventy");
        assertThat(seen).singleElement().asString().startsWith("70 ");
    }

    @Test
    void everyReturnTypeGetsItsExactUnboxedValue() throws Throwable {
        String[][] methods = {
            {"count", "()I"}, {"get", "(J)J"}, {"enabled", "()Z"}, {"grade", "()C"}, {"small", "()B"}, {"medium", "()S"},
            {"ratio", "()F"}, {"precise", "()D"}, {"names", "()[Ljava/lang/String;"}, {"anything", "()Ljava/lang/Object;"},
            {"boxed", "()Ljava/lang/Integer;"}, {"text", "()Ljava/lang/CharSequence;"}, {"run", "()V"},
        };
        Object[] values = {42, 7L, false, 'x', (byte) -1, (short) 300, 1.5f, 0.1, null, 12L, 13, "text", null};
        PatchHook[] hooks = new PatchHook[methods.length];
        for (int i = 0; i < methods.length; i++) {
            hooks[i] = new PatchHook(methods[i][0], methods[i][1], i);
            answers.put(i, values[i]);
        }
        answers.put(8, null);
        answers.put(12, null);
        Class<?> c = woven(hooks);
        Object t = instance(c, "t");
        activate(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);

        assertThat(call(t, "count")).isEqualTo(42);
        assertThat(call(t, "get", 1L)).isEqualTo(7L);
        assertThat(call(t, "enabled")).isEqualTo(false);
        assertThat(call(t, "grade")).isEqualTo('x');
        assertThat(call(t, "small")).isEqualTo((byte) -1);
        assertThat(call(t, "medium")).isEqualTo((short) 300);
        assertThat(call(t, "ratio")).isEqualTo(1.5f);
        assertThat(call(t, "precise")).isEqualTo(0.1);
        assertThat(call(t, "names")).isNull();
        assertThat(call(t, "anything")).isEqualTo(12L);
        assertThat(call(t, "boxed")).isEqualTo(13);
        assertThat(call(t, "text")).isEqualTo("text");
        assertThat(call(t, "run")).isNull();
        assertThat(calls(c)).as("no original body ran").containsExactly("new t");
    }

    @Test
    void argumentsOfEveryPrimitiveKindArriveBoxed() throws Throwable {
        Class<?> c = woven(new PatchHook("mixed", "(IJDFCBSZLjava/lang/String;)Ljava/lang/String;", 1));
        activate(1);
        Method mixed = Arrays.stream(c.getMethods()).filter(m -> m.getName().equals("mixed")).findFirst().orElseThrow();

        Object result = mixed.invoke(null, 1, 2L, 3.5, 4.5f, 'c', (byte) 6, (short) 7, true, "s");

        assertThat(result).isEqualTo("1 2 3.5 4.5 c 6 7 true s");
        assertThat(seen).containsExactly("1 static [1, 2, 3.5, 4.5, c, 6, 7, true, s]");
    }

    @Test
    void aThrowFromTheTrampolineReachesTheCallerAndAnyOtherFailureLetsTheMethodRun() throws Throwable {
        Class<?> c = woven(new PatchHook("render", "(Ljava/lang/String;)Ljava/lang/String;", 2));
        Method render = c.getMethod("render", String.class);
        activate(2);

        answers.put(2, new BlockedException("blocked by secplane virtual patch p", "ev-1"));
        assertThatThrownBy(() -> {
            try {
                render.invoke(null, "x");
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }).isInstanceOf(SecurityException.class).hasMessage("blocked by secplane virtual patch p");

        answers.put(2, new IllegalStateException("a bug in patch logic"));
        assertThat(render.invoke(null, "y")).as("the dispatcher's firewall").isEqualTo("rendered y");
        assertThat(calls(c)).containsExactly("render y");
    }

    @Test
    void severalPatchesOnOneMethodRunInOrderAndTheFirstThatDecidesWins() throws Throwable {
        String desc = "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/String;";
        Class<?> c = woven(new PatchHook("lookup", desc, 1), new PatchHook("lookup", desc, 2), new PatchHook("lookup", desc, 3));
        Object t = instance(c, "t");
        activate(1, 2, 3);
        answers.put(2, "second");
        answers.put(3, "third");

        assertThat(call(t, "lookup", null, "k")).isEqualTo("second");
        assertThat(seen).extracting(s -> s.substring(0, 1)).containsExactly("1", "2");
    }

    @Test
    void aPatchComposesWithAJoinPointHookOnTheSameMethod() throws Throwable {
        List<Object> dispatched = new ArrayList<>();
        Dispatcher.install((jp, target, args) -> dispatched.add(JoinPoints.name(jp) + " " + Arrays.toString(args)), () -> { });
        Dispatcher.setActive(1 << JoinPoints.PROBE);
        Class<?> c = woven(List.of(Hook.of("render", "(Ljava/lang/String;)Ljava/lang/String;", JoinPoints.PROBE, 0)),
                new PatchHook("render", "(Ljava/lang/String;)Ljava/lang/String;", 4));
        activate(4);
        answers.put(4, "patched");

        assertThat(c.getMethod("render", String.class).invoke(null, "x")).isEqualTo("patched");
        assertThat(dispatched).as("the join point first, then the patch").containsExactly("probe [x]");
        assertThat(seen).hasSize(1);
    }

    @Test
    void aConstructorPatchCanStopConstructionOrLetItRun() throws Throwable {
        Class<?> c = woven(new PatchHook("<init>", "(Ljava/lang/String;)V", 6));
        activate(6);

        assertThat(instance(c, "fine").toString()).isEqualTo("Target fine");
        assertThat(seen).containsExactly("6 static [fine]");

        answers.put(6, new BlockedException("no", null));
        assertThatThrownBy(() -> instance(c, "evil")).isInstanceOf(SecurityException.class);
        assertThat(calls(c)).containsExactly("new fine");
    }

    @Test
    void aMethodWhoseFirstInstructionIsALoopHeadStaysValid() throws Throwable {
        Class<?> c = woven(new PatchHook("loop", "(I)I", 0));
        activate(0);

        assertThat(c.getMethod("loop", int.class).invoke(null, 20)).isEqualTo(8);
        answers.put(0, 99);
        assertThat(c.getMethod("loop", int.class).invoke(null, 20)).isEqualTo(99);
    }

    @Test
    void onlyTheNamedDescriptorIsWovenAndTheResultSaysWhichSlots() throws Exception {
        HookWriter.Result r = HookWriter.weave(original(), List.of(),
                List.of(new PatchHook("get", "(I)I", 8), new PatchHook("nothing", "()V", 9)));

        assertThat(r.slots).containsExactly(8);
        assertThat(HookWriter.weave(original(), List.of(), List.of(new PatchHook("nothing", "()V", 9)))).isNull();
    }

    @Test
    void nativeMethodsAreNeverWoven() throws Exception {
        assertThat(HookWriter.weave(original(), List.of(), List.of(new PatchHook("nativeCall", "()V", 1)))).isNull();
    }
}
