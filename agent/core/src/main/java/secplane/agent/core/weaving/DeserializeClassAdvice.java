package secplane.agent.core.weaving;

import java.io.ObjectStreamClass;
import net.bytebuddy.asm.Advice;
import secplane.bootstrap.Dispatcher;
import secplane.bootstrap.JoinPoints;

/**
 * {@code deserialize.class}: {@code ObjectStreamClass.initNonProxy}, which
 * {@code ObjectInputStream.readNonProxyDesc} calls for every class descriptor it reads, once,
 * whatever {@code resolveClass} override a subclass brings.
 */
public final class DeserializeClassAdvice {
    private DeserializeClassAdvice() {
    }

    @Advice.OnMethodEnter
    static void enter(@Advice.Argument(0) ObjectStreamClass model, @Advice.Argument(1) Class<?> resolved) {
        if ((Dispatcher.active & (1 << JoinPoints.DESERIALIZE_CLASS)) != 0) {
            Dispatcher.dispatch(JoinPoints.DESERIALIZE_CLASS, null, new Object[] {model.getName(), resolved});
        }
    }
}
