package secplane.agent.core.weaving;

/**
 * One method a virtual patch changes: the call inserted at its entry is, in Java terms,
 * <pre>
 * if ((Dispatcher.patches &amp; Dispatcher.patchBit(slot)) != 0) {
 *     Object r = Dispatcher.patch(slot, isStatic ? null : this, new Object[] {every argument, boxed});
 *     if (r != Dispatcher.PROCEED) return (ReturnType) r;   // unboxed for a primitive; just return for void
 * }
 * </pre>
 * A constructor (which may not return before its super call) only calls the trampoline, which
 * throws or returns; whatever it returns is dropped. Several hooks on one method run in order,
 * each complete in itself.
 */
public final class PatchHook {
    final String method;
    final String descriptor;
    final int slot;

    /**
     * @param method     the method's name, or {@code <init>}
     * @param descriptor its exact JVM descriptor
     * @param slot       the patch's slot ({@link secplane.bootstrap.Dispatcher#patch})
     */
    public PatchHook(String method, String descriptor, int slot) {
        this.method = method;
        this.descriptor = descriptor;
        this.slot = slot;
    }

    public String method() {
        return method;
    }

    public String descriptor() {
        return descriptor;
    }

    public int slot() {
        return slot;
    }

    boolean matches(String name, String desc) {
        return method.equals(name) && descriptor.equals(desc);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PatchHook)) {
            return false;
        }
        PatchHook h = (PatchHook) o;
        return h.slot == slot && h.method.equals(method) && h.descriptor.equals(descriptor);
    }

    @Override
    public int hashCode() {
        return (method.hashCode() * 31 + descriptor.hashCode()) * 31 + slot;
    }

    @Override
    public String toString() {
        return method + descriptor + "@" + slot;
    }
}
