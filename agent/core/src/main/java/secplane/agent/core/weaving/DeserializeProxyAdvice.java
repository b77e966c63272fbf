package secplane.agent.core.weaving;

import net.bytebuddy.asm.Advice;
import secplane.bootstrap.Dispatcher;
import secplane.bootstrap.JoinPoints;

/** {@code deserialize.class} for dynamic proxies: {@code ObjectStreamClass.initProxy}, with the proxy class. */
public final class DeserializeProxyAdvice {
    private DeserializeProxyAdvice() {
    }

    @Advice.OnMethodEnter
    static void enter(@Advice.Argument(0) Class<?> proxy) {
        if ((Dispatcher.active & (1 << JoinPoints.DESERIALIZE_CLASS)) != 0 && proxy != null) {
            Dispatcher.dispatch(JoinPoints.DESERIALIZE_CLASS, null, new Object[] {proxy.getName(), proxy});
        }
    }
}
