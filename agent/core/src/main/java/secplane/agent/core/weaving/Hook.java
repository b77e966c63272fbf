package secplane.agent.core.weaving;

/**
 * One woven method and what is inserted into it. The kinds:
 * <ul>
 *   <li>{@link Kind#ENTRY}, a join point: at the method's entry, in Java terms,
 *       <pre>
 * if ((Dispatcher.active &amp; (1 &lt;&lt; joinPoint)) != 0)
 *     Dispatcher.dispatch(joinPoint, passThis ? this : null, new Object[] {args..., constant});</pre>
 *   <li>{@link Kind#SOURCE}, a servlet entry point: {@code Dispatcher.requestEnter(arg0, arg1)} at the entry,
 *       and {@code Dispatcher.requestExit()} before every return and in a handler around the whole method
 *       that rethrows, so that every entry has exactly one exit;
 *   <li>{@link Kind#WRAP}, a task submission: {@code argN = (Type) Dispatcher.wrap(argN)} at the entry;
 *   <li>{@link Kind#BODY_BYTES} and {@link Kind#BODY_CHARS}, a request body stream's
 *       {@code int read(byte[]|char[], int, int)}: {@code return Dispatcher.bodyRead(n, this, buffer, offset)}
 *       instead of each {@code return n}.
 * </ul>
 * Only the trampoline on the bootstrap class path is ever called, so woven classes never refer to
 * the agent's isolated loader.
 */
final class Hook {
    enum Kind { ENTRY, SOURCE, WRAP, BODY_BYTES, BODY_CHARS, RESULT }

    /** In {@link #args}: the first parameter of type String, whatever its position in the descriptor. */
    static final int FIRST_STRING = -1;

    final Kind kind;
    final String method;
    /**
     * The exact descriptor; or a prefix when it lacks the return type (ends with ')' or has no ')');
     * or, with a '*', a prefix and a suffix (for example {@code (Ljava/lang/String;*)Z}).
     */
    final String descriptor;
    final int joinPoint;
    final int[] args;
    final boolean passThis;
    final String constant;
    /**
     * An {@link Kind#ENTRY} whose arguments the host may replace: after the dispatch each hooked reference or
     * {@code int} parameter is stored back from the array the aspects saw, so that a masked copy of a
     * {@code String} (which cannot be changed in place) is what the method goes on to write.
     */
    final boolean writeBack;

    private Hook(Kind kind, String method, String descriptor, int joinPoint, int[] args, boolean passThis, String constant) {
        this(kind, method, descriptor, joinPoint, args, passThis, constant, false);
    }

    private Hook(Kind kind, String method, String descriptor, int joinPoint, int[] args, boolean passThis, String constant, boolean writeBack) {
        this.kind = kind;
        this.method = method;
        this.descriptor = descriptor;
        this.joinPoint = joinPoint;
        this.args = args;
        this.passThis = passThis;
        this.constant = constant;
        this.writeBack = writeBack;
    }

    Hook(String method, String descriptor, int joinPoint, int[] args, boolean passThis, String constant) {
        this(Kind.ENTRY, method, descriptor, joinPoint, args, passThis, constant);
    }

    static Hook of(String method, String descriptor, int joinPoint, int... args) {
        return new Hook(Kind.ENTRY, method, descriptor, joinPoint, args, false, null);
    }

    /** A servlet entry point whose first two parameters are the request and the response. */
    static Hook source(String method, String descriptor) {
        return new Hook(Kind.SOURCE, method, descriptor, -1, new int[] {0, 1}, false, null);
    }

    /** A task submission: parameter {@code arg} is replaced by what {@code Dispatcher.wrap} returns. */
    static Hook wrap(String method, String descriptor, int arg) {
        return new Hook(Kind.WRAP, method, descriptor, -1, new int[] {arg}, false, null);
    }

    /** A request body stream's {@code int read(byte[], int, int)}. */
    static Hook bodyBytes(String method, String descriptor) {
        return new Hook(Kind.BODY_BYTES, method, descriptor, -1, new int[0], false, null);
    }

    /** A request body reader's {@code int read(char[], int, int)}. */
    static Hook bodyChars(String method, String descriptor) {
        return new Hook(Kind.BODY_CHARS, method, descriptor, -1, new int[0], false, null);
    }

    /** A result set's value getter with one {@code int} or {@code String} parameter, the column. */
    static Hook result(String method, String descriptor) {
        return new Hook(Kind.RESULT, method, descriptor, -1, new int[0], false, null);
    }

    Hook withThis() {
        return new Hook(kind, method, descriptor, joinPoint, args, true, constant, writeBack);
    }

    Hook withConstant(String value) {
        return new Hook(kind, method, descriptor, joinPoint, args, passThis, value, writeBack);
    }

    Hook withWriteBack() {
        return new Hook(kind, method, descriptor, joinPoint, args, passThis, constant, true);
    }

    boolean matches(String name, String desc) {
        if (!method.equals(name)) {
            return false;
        }
        if (descriptor == null) {
            return true;
        }
        int star = descriptor.indexOf('*');
        if (star >= 0) {
            String prefix = descriptor.substring(0, star);
            String suffix = descriptor.substring(star + 1);
            return desc.length() >= prefix.length() + suffix.length() && desc.startsWith(prefix) && desc.endsWith(suffix);
        }
        boolean prefix = descriptor.indexOf(')') < 0 || descriptor.endsWith(")");
        return prefix ? desc.startsWith(descriptor) : desc.equals(descriptor);
    }
}
