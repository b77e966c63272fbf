package secplane.agent.core.patches;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import secplane.agent.core.policy.PolicyException;
import secplane.agent.core.weaving.Weaver;

/**
 * Checks a policy's patches against this JVM before anything changes, so that a patch that cannot
 * work is refused with the reason and the policy is not half-applied: the class must be loaded or
 * findable by a class loader, every copy of it must declare the method (a concrete one), a return
 * value must fit the return type exactly and a {@code block-if} argument index must exist. The
 * class files are read with ASM; nothing is loaded, initialised or defined.
 */
public final class PatchPlanner {
    /**
     * Classes never patched: {@code Object} and {@code String}, which everything runs through, and
     * the classes the woven entry code and the trampoline themselves use before the agent's
     * re-entry guard is up (boxing the arguments, unboxing the result, the guard's thread-local),
     * where a patch would call itself without end.
     */
    static final Set<String> REFUSED = new HashSet<>(Arrays.asList(
            "java.lang.Object", "java.lang.String", "java.lang.Thread", "java.lang.ThreadLocal",
            "java.lang.ThreadLocal$ThreadLocalMap", "java.lang.ThreadLocal$ThreadLocalMap$Entry",
            "java.lang.ref.Reference", "java.lang.ref.WeakReference",
            "java.lang.Boolean", "java.lang.Character", "java.lang.Byte", "java.lang.Short", "java.lang.Integer",
            "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Number"));

    /** Whether the JVM may retransform a loaded class ({@code Instrumentation.isModifiableClass}). */
    public interface Modifiable {
        boolean test(Class<?> c);
    }

    private PatchPlanner() {
    }

    /**
     * @param specs      the policy's patches, checked for form by the parser
     * @param instanceId this agent's instance id, for each patch's {@code instances}
     * @param loaded     every loaded class
     * @throws PolicyException naming the patch field, what is wrong and that nothing was changed
     */
    public static PatchPlan plan(List<PatchSpec> specs, String instanceId, Class<?>[] loaded, Modifiable modifiable)
            throws PolicyException {
        if (specs.isEmpty()) {
            return PatchPlan.EMPTY;
        }
        List<PatchSpec> inScope = new ArrayList<>();
        List<PatchSpec> outOfScope = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (PatchSpec s : specs) {
            if (s.inScope(instanceId)) {
                inScope.add(s);
                names.add(s.className());
            } else {
                outOfScope.add(s);
            }
        }
        ClassIndex index = ClassIndex.of(inScope.isEmpty() ? new Class<?>[0] : loaded, names);
        List<PatchPlan.Planned> planned = new ArrayList<>();
        for (PatchSpec s : inScope) {
            planned.add(plan(s, index, modifiable));
        }
        return new PatchPlan(planned, outOfScope);
    }

    private static PatchPlan.Planned plan(PatchSpec s, ClassIndex index, Modifiable modifiable) throws PolicyException {
        String name = s.className();
        if (REFUSED.contains(name)) {
            throw error(s, "class", name + " cannot be patched: the agent's own entry code runs through it");
        }
        if (Weaver.isAgentClass(name)) {
            throw error(s, "class", name + " is one of secplane's own classes and cannot be patched");
        }
        List<Class<?>> copies = index.loaded(name);
        List<ClassIndex.ClassFile> files = new ArrayList<>();
        String foundBy = null;
        try {
            for (Class<?> c : copies) {
                if (!modifiable.test(c)) {
                    throw error(s, "class", name + " (loader: " + Loaders.describe(c.getClassLoader())
                            + ") cannot be retransformed by this JVM");
                }
                ClassIndex.ClassFile f = index.fileOf(c);
                if (f == null) {
                    throw error(s, "class", name + " is loaded by " + Loaders.describe(c.getClassLoader())
                            + ", which does not give out its class file, so its methods cannot be checked without loading anything");
                }
                files.add(f);
            }
            if (copies.isEmpty()) {
                files = index.findable(name);
                if (files.isEmpty()) {
                    throw error(s, "class", name + " is not in this JVM (not loaded, no class loader finds "
                            + s.internalName() + ".class)");
                }
                foundBy = files.get(0).source;
            }
        } catch (IOException e) {
            throw error(s, "class", "the class file of " + name + " cannot be read: " + e.getMessage());
        } catch (RuntimeException e) {
            // ASM refuses a malformed class file
            throw error(s, "class", "the class file of " + name + " cannot be read: " + e);
        }
        Map<String, PatchPlan.Target> targets = new LinkedHashMap<>();
        for (ClassIndex.ClassFile f : ClassIndex.distinct(files)) {
            if (!f.shape.internalName.equals(s.internalName())) {
                throw error(s, "class", "the class file " + f.source + " holds " + f.shape.internalName.replace('/', '.')
                        + ", not " + name);
            }
            List<ClassIndex.MethodShape> matching = new ArrayList<>();
            List<String> sameName = new ArrayList<>();
            for (ClassIndex.MethodShape m : f.shape.methods) {
                if (m.name.equals(s.method())) {
                    sameName.add(m.descriptor);
                    if (s.descriptor() == null || s.descriptor().equals(m.descriptor)) {
                        matching.add(m);
                    }
                }
            }
            if (matching.isEmpty()) {
                String where = files.size() > 1 || !copies.isEmpty() ? " (" + f.source + ")" : "";
                if (sameName.isEmpty()) {
                    throw error(s, "method", name + where + " declares no method '" + s.method() + "'");
                }
                throw error(s, "descriptor", name + where + " declares no " + s.method() + s.descriptor() + "; it declares "
                        + s.method() + " with " + sameName);
            }
            for (ClassIndex.MethodShape m : matching) {
                if ((m.access & Opcodes.ACC_ABSTRACT) != 0) {
                    throw error(s, s.descriptor() == null ? "method" : "descriptor", s.shortName() + m.descriptor
                            + " is abstract: patch the classes that implement it");
                }
                if ((m.access & Opcodes.ACC_NATIVE) != 0) {
                    throw error(s, s.descriptor() == null ? "method" : "descriptor", s.shortName() + m.descriptor
                            + " is native: it has no bytecode to patch; patch its Java caller");
                }
                if (!targets.containsKey(m.descriptor)) {
                    targets.put(m.descriptor, target(s, m.descriptor));
                }
            }
        }
        return new PatchPlan.Planned(s, new ArrayList<>(targets.values()), foundBy);
    }

    private static PatchPlan.Target target(PatchSpec s, String descriptor) throws PolicyException {
        Object value = null;
        switch (s.action()) {
            case RETURN:
                if (s.method().equals("<init>")) {
                    throw error(s, "action", "a constructor cannot return a value; use throw or block-if");
                }
                try {
                    value = ReturnValues.coerce(s.value(), descriptor);
                } catch (ReturnValues.Refused e) {
                    throw error(s, "value", s.shortName() + descriptor + ": " + e.getMessage());
                }
                break;
            case BLOCK_IF:
                int count = Type.getArgumentTypes(descriptor).length;
                if (s.arg() >= count) {
                    throw error(s, "arg", "argument " + s.arg() + " is out of range: " + s.shortName() + descriptor + " takes "
                            + (count == 0 ? "no arguments" : count + " argument" + (count == 1 ? "" : "s") + " (0 to " + (count - 1) + ")"));
                }
                break;
            default:
                break;
        }
        return new PatchPlan.Target(s.method(), descriptor, value);
    }

    private static PolicyException error(PatchSpec s, String field, String message) {
        return new PolicyException(s.where(field) + ": " + message + "; nothing was changed");
    }
}
