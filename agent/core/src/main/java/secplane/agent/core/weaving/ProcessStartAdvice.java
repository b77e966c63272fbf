package secplane.agent.core.weaving;

import net.bytebuddy.asm.Advice;
import secplane.bootstrap.Dispatcher;
import secplane.bootstrap.JoinPoints;

/**
 * {@code process.start}: the constructor of {@code java.lang.ProcessImpl} (Java 9+) or
 * {@code java.lang.UNIXProcess} (Java 8), the last Java frame before the native fork. Runtime.exec,
 * ProcessBuilder and reflective calls into the internal classes all pass here.
 */
public final class ProcessStartAdvice {
    private ProcessStartAdvice() {
    }

    @Advice.OnMethodEnter
    static void enter(@Advice.Argument(0) byte[] program, @Advice.Argument(1) byte[] argBlock,
            @Advice.Argument(5) byte[] dir) {
        if ((Dispatcher.active & (1 << JoinPoints.PROCESS_START)) != 0) {
            Dispatcher.dispatch(JoinPoints.PROCESS_START, null, new Object[] {program, argBlock, dir});
        }
    }
}
