package secplane.bench.patches;

import java.lang.instrument.Instrumentation;

/**
 * A second, tiny agent ({@code Premain-Class} of a jar {@link PatchBench} writes) that only keeps
 * the JVM's {@link Instrumentation}, so that {@link RetransformMain} can time
 * {@code retransformClasses} itself, with secplane's transformer installed beside it.
 */
public final class InstrumentationHolder {
    private static volatile Instrumentation instrumentation;

    private InstrumentationHolder() {
    }

    public static void premain(String args, Instrumentation inst) {
        instrumentation = inst;
    }

    static Instrumentation get() {
        if (instrumentation == null) {
            throw new IllegalStateException("run with -javaagent:<jar whose Premain-Class is " + InstrumentationHolder.class.getName() + ">");
        }
        return instrumentation;
    }
}
