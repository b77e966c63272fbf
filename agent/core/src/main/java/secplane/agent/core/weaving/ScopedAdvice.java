package secplane.agent.core.weaving;

import net.bytebuddy.asm.Advice;
import secplane.bootstrap.Dispatcher;
import secplane.bootstrap.JoinPoints;

/**
 * Join points whose methods call each other (a script engine's {@code eval} overloads, Spring's
 * recursive property-path resolution): only the outermost call on a thread is dispatched.
 */
public final class ScopedAdvice {
    private ScopedAdvice() {
    }

    /** {@code script.eval}: any non-abstract {@code eval} of a {@code javax.script} engine or compiled script. */
    public static final class ScriptEval {
        private ScriptEval() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This Object engine, @Advice.AllArguments Object[] args) {
            if (Dispatcher.enter(JoinPoints.SCRIPT_EVAL)
                    && (Dispatcher.active & (1 << JoinPoints.SCRIPT_EVAL)) != 0) {
                try {
                    Dispatcher.dispatch(JoinPoints.SCRIPT_EVAL, engine, args);
                } catch (RuntimeException blocked) {
                    Dispatcher.exit(JoinPoints.SCRIPT_EVAL);
                    throw blocked;
                }
            }
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit() {
            Dispatcher.exit(JoinPoints.SCRIPT_EVAL);
        }
    }

    /** {@code spring.bind}: {@code AbstractNestablePropertyAccessor.getPropertyAccessorForPropertyPath(String)}. */
    public static final class SpringBind {
        private SpringBind() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This Object accessor, @Advice.Argument(0) String propertyPath) {
            if (Dispatcher.enter(JoinPoints.SPRING_BIND)
                    && (Dispatcher.active & (1 << JoinPoints.SPRING_BIND)) != 0) {
                try {
                    Dispatcher.dispatch(JoinPoints.SPRING_BIND, accessor, new Object[] {propertyPath});
                } catch (RuntimeException blocked) {
                    Dispatcher.exit(JoinPoints.SPRING_BIND);
                    throw blocked;
                }
            }
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit() {
            Dispatcher.exit(JoinPoints.SPRING_BIND);
        }
    }
}
