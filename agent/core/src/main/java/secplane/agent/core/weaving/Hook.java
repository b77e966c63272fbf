package secplane.agent.core.weaving;

/**
 * One woven method: which join point it reaches, which of its arguments are handed over, and
 * whether the receiver is. The call inserted at the method's entry is, in Java terms:
 * <pre>
 * if ((Dispatcher.active &amp; (1 &lt;&lt; joinPoint)) != 0)
 *     Dispatcher.dispatch(joinPoint, passThis ? this : null, new Object[] {args..., constant});
 * </pre>
 * It touches only the trampoline on the bootstrap class path, so woven classes never refer to the
 * agent's isolated loader.
 */
final class Hook {
    final String method;
    /**
     * The exact descriptor; or a prefix when it lacks the return type (ends with ')' or has no ')'),
     * for methods whose return type or trailing parameters differ across versions.
     */
    final String descriptor;
    final int joinPoint;
    final int[] args;
    final boolean passThis;
    final String constant;

    Hook(String method, String descriptor, int joinPoint, int[] args, boolean passThis, String constant) {
        this.method = method;
        this.descriptor = descriptor;
        this.joinPoint = joinPoint;
        this.args = args;
        this.passThis = passThis;
        this.constant = constant;
    }

    static Hook of(String method, String descriptor, int joinPoint, int... args) {
        return new Hook(method, descriptor, joinPoint, args, false, null);
    }

    Hook withThis() {
        return new Hook(method, descriptor, joinPoint, args, true, constant);
    }

    Hook withConstant(String value) {
        return new Hook(method, descriptor, joinPoint, args, passThis, value);
    }

    boolean matches(String name, String desc) {
        if (!method.equals(name)) {
            return false;
        }
        if (descriptor == null) {
            return true;
        }
        boolean prefix = descriptor.indexOf(')') < 0 || descriptor.endsWith(")");
        return prefix ? desc.startsWith(descriptor) : desc.equals(descriptor);
    }
}
