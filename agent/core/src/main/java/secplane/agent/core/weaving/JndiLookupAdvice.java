package secplane.agent.core.weaving;

import net.bytebuddy.asm.Advice;
import secplane.bootstrap.Dispatcher;
import secplane.bootstrap.JoinPoints;

/** {@code jndi.lookup}: {@code InitialContext.lookup/lookupLink(String|Name)}; inlined, so it may only touch the trampoline. */
public final class JndiLookupAdvice {
    private JndiLookupAdvice() {
    }

    @Advice.OnMethodEnter
    static void enter(@Advice.Argument(0) Object name) {
        if ((Dispatcher.active & (1 << JoinPoints.JNDI_LOOKUP)) != 0) {
            Dispatcher.dispatch(JoinPoints.JNDI_LOOKUP, null, new Object[] {name});
        }
    }
}
