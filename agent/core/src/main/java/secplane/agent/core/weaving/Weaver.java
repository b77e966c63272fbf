package secplane.agent.core.weaving;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import secplane.agent.core.AgentLog;
import secplane.bootstrap.Dispatcher;
import secplane.bootstrap.JoinPoints;

/**
 * Installs the join points: a retransformation-capable {@link ClassFileTransformer} that
 * inserts an entry call to the trampoline into a fixed set of methods (see {@link #HOOKS}),
 * chosen by class name, plus script engines recognised by their supertype.
 *
 * <p>A class is woven at most once: the JVM hands a retransformation-capable transformer the
 * class's original bytes on every retransformation, and this is the only transformer the agent
 * installs. Detaching removes it and retransforms every woven class, which restores the original
 * bytecode.
 *
 * <p>The weaving uses ASM directly rather than a higher-level library: the agent's start-up cost
 * is dominated by the classes it loads, and this weaver needs a handful of ASM classes.
 */
public final class Weaver implements ClassFileTransformer {
    private static final Map<String, List<Hook>> HOOKS = new HashMap<>();

    static {
        hook("javax/naming/InitialContext",
                Hook.of("lookup", "(Ljava/lang/String;)Ljava/lang/Object;", JoinPoints.JNDI_LOOKUP, 0),
                Hook.of("lookup", "(Ljavax/naming/Name;)Ljava/lang/Object;", JoinPoints.JNDI_LOOKUP, 0),
                Hook.of("lookupLink", "(Ljava/lang/String;)Ljava/lang/Object;", JoinPoints.JNDI_LOOKUP, 0),
                Hook.of("lookupLink", "(Ljavax/naming/Name;)Ljava/lang/Object;", JoinPoints.JNDI_LOOKUP, 0));
        // ObjectInputStream.readNonProxyDesc/readProxyDesc call these once per class descriptor,
        // after resolveClass, whatever a subclass overrides
        hook("java/io/ObjectStreamClass",
                Hook.of("initNonProxy", "(Ljava/io/ObjectStreamClass;Ljava/lang/Class;Ljava/lang/ClassNotFoundException;Ljava/io/ObjectStreamClass;)V",
                        JoinPoints.DESERIALIZE_CLASS, 0, 1),
                Hook.of("initProxy", "(Ljava/lang/Class;Ljava/lang/ClassNotFoundException;Ljava/io/ObjectStreamClass;)V",
                        JoinPoints.DESERIALIZE_CLASS, 0).withConstant("proxy"));
        // the last Java frame before the native fork, on Java 9+ and on Java 8
        Hook process = Hook.of("<init>", "([B[BI[BI[B", JoinPoints.PROCESS_START, 0, 1, 5);
        hook("java/lang/ProcessImpl", process);
        hook("java/lang/UNIXProcess", process);
        hook("java/io/FileOutputStream", Hook.of("<init>", "(Ljava/io/File;Z)V", JoinPoints.FILE_WRITE, 0, 1));
        hook("java/io/RandomAccessFile",
                Hook.of("<init>", "(Ljava/io/File;Ljava/lang/String;)V", JoinPoints.FILE_WRITE, 0, 1).withConstant("raf"));
        hook("java/io/File", Hook.of("renameTo", "(Ljava/io/File;)Z", JoinPoints.FILE_WRITE, 0).withConstant("rename"));
        Hook[] nio = {
            Hook.of("newByteChannel", "(Ljava/nio/file/Path;Ljava/util/Set;", JoinPoints.FILE_WRITE, 0, 1),
            Hook.of("newFileChannel", "(Ljava/nio/file/Path;Ljava/util/Set;", JoinPoints.FILE_WRITE, 0, 1),
            Hook.of("newAsynchronousFileChannel", "(Ljava/nio/file/Path;Ljava/util/Set;", JoinPoints.FILE_WRITE, 0, 1),
            Hook.of("copy", "(Ljava/nio/file/Path;Ljava/nio/file/Path;[Ljava/nio/file/CopyOption;)V", JoinPoints.FILE_WRITE, 1).withConstant("copy"),
            Hook.of("move", "(Ljava/nio/file/Path;Ljava/nio/file/Path;[Ljava/nio/file/CopyOption;)V", JoinPoints.FILE_WRITE, 1).withConstant("move"),
        };
        hook("sun/nio/fs/UnixFileSystemProvider", nio);
        hook("sun/nio/fs/WindowsFileSystemProvider", nio);
        // the two public entries of property binding; neither calls the other, so one property
        // path is dispatched once (DataBinder -> setPropertyValues -> setPropertyValue(PropertyValue))
        hook("org/springframework/beans/AbstractNestablePropertyAccessor",
                Hook.of("setPropertyValue", "(Ljava/lang/String;Ljava/lang/Object;)V", JoinPoints.SPRING_BIND, 0).withThis(),
                Hook.of("setPropertyValue", "(Lorg/springframework/beans/PropertyValue;)V", JoinPoints.SPRING_BIND, 0).withThis());
    }

    /**
     * In a concrete engine, the two {@code eval} methods every engine must implement and into which
     * AbstractScriptEngine's other overloads delegate: one evaluation, one dispatch.
     */
    private static Hook[] scriptHooks() {
        return new Hook[] {
            Hook.of("eval", "(Ljava/lang/String;Ljavax/script/ScriptContext;)", JoinPoints.SCRIPT_EVAL, 0).withThis(),
            Hook.of("eval", "(Ljava/io/Reader;Ljavax/script/ScriptContext;)", JoinPoints.SCRIPT_EVAL, 0).withThis(),
        };
    }

    private static void hook(String internalName, Hook... hooks) {
        HOOKS.put(internalName, Collections.unmodifiableList(Arrays.asList(hooks)));
    }

    /**
     * Told of every class the JVM defines through a class loader (the inventory's change check).
     * It runs inside class loading, so it must be cheap and must not throw.
     */
    public interface ClassLoads {
        void loaded(String internalName, ProtectionDomain protectionDomain);
    }

    /** The agent's own packages: never woven, never patched. */
    private static final String[] AGENT_PACKAGES = {
        "secplane.bootstrap.", "secplane.agent.", "secplane.aspect.", "secplane.aspects.", "secplane.protocol.", "secplane.shaded.",
    };
    private static final int[] NO_SLOTS = new int[0];

    private final Instrumentation instrumentation;
    private final AgentLog log;
    private volatile ClassLoads classLoads;
    private final Set<String> woven = Collections.newSetFromMap(new ConcurrentHashMap<String, Boolean>());
    private final Set<Object> modulesWithReadEdge = Collections.newSetFromMap(new ConcurrentHashMap<Object, Boolean>());
    private volatile boolean installed;
    /** Virtual patches by internal class name; replaced whole by {@link #patchHooks(Map)}. */
    private volatile Map<String, List<PatchHook>> patchHooks = Collections.emptyMap();
    /** Every class name that ever had patch hooks, so that the transformer keeps its record up to date. */
    private volatile Set<String> patchNames = Collections.emptySet();
    /**
     * What the transformer last wove into each class, by defining loader: the patch slots. A class
     * the JVM refused to retransform gets its previous record back ({@link #retransform(Class)}).
     */
    private final Map<ClassLoader, Map<String, int[]>> patchedByLoader = new java.util.WeakHashMap<>();
    private final Map<String, int[]> patchedByBootstrap = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger patchGeneration = new java.util.concurrent.atomic.AtomicInteger();

    public Weaver(Instrumentation instrumentation, AgentLog log) {
        this.instrumentation = instrumentation;
        this.log = log;
    }

    public synchronized void install() {
        if (installed) {
            return;
        }
        long t0 = System.nanoTime();
        installed = true;
        instrumentation.addTransformer(this, true);
        List<Class<?>> loaded = new ArrayList<>();
        Map<String, List<PatchHook>> patched = patchHooks;
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if ((isTarget(c) || patched.containsKey(c.getName().replace('.', '/'))) && instrumentation.isModifiableClass(c)) {
                loaded.add(c);
            }
        }
        retransform(loaded);
        log.info("weaving installed in " + (System.nanoTime() - t0) / 1_000_000 + " ms; " + loaded.size()
                + " loaded classes retransformed");
    }

    /** @param listener told of each class defined from now on, or null to stop */
    public void classLoads(ClassLoads listener) {
        this.classLoads = listener;
    }

    /** Removes the transformer and retransforms every woven class back to its original bytecode. */
    public synchronized void reset() {
        if (!installed) {
            return;
        }
        installed = false;
        classLoads = null;
        instrumentation.removeTransformer(this);
        List<Class<?>> restore = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (woven.contains(c.getName()) && instrumentation.isModifiableClass(c)) {
                restore.add(c);
            }
        }
        retransform(restore);
        woven.clear();
        patchHooks = Collections.emptyMap();
        synchronized (patchedByLoader) {
            patchedByLoader.clear();
            patchedByBootstrap.clear();
        }
    }

    public boolean installed() {
        return installed;
    }

    /**
     * Sets the virtual patches to weave, by internal class name. Classes already loaded are not
     * touched here: the caller retransforms those whose hooks changed ({@link #retransform(Class)}).
     */
    public void patchHooks(Map<String, List<PatchHook>> byClass) {
        Map<String, List<PatchHook>> copy = new HashMap<>();
        for (Map.Entry<String, List<PatchHook>> e : byClass.entrySet()) {
            copy.put(e.getKey(), Collections.unmodifiableList(new ArrayList<>(e.getValue())));
        }
        Set<String> names = new HashSet<>(patchNames);
        names.addAll(copy.keySet());
        patchNames = Collections.unmodifiableSet(names);
        patchHooks = Collections.unmodifiableMap(copy);
    }

    public Map<String, List<PatchHook>> patchHooks() {
        return patchHooks;
    }

    /**
     * Retransforms one loaded class, so that it gets exactly the hooks now configured (the JVM hands
     * this transformer the class's original bytes).
     *
     * @return null when the JVM took the new class, else why it did not (the class keeps its bytecode)
     */
    public String retransform(Class<?> c) {
        if (!installed) {
            return "the agent's weaving is not installed";
        }
        if (!instrumentation.isModifiableClass(c)) {
            return "the JVM does not allow " + c.getName() + " to be retransformed";
        }
        String name = c.getName().replace('.', '/');
        int[] before = patchSlots(c);
        try {
            instrumentation.retransformClasses(c);
            return null;
        } catch (Throwable e) {
            record(c.getClassLoader(), name, before);
            log.error("retransforming " + c.getName() + " failed; it keeps its current bytecode", e);
            return String.valueOf(e);
        }
    }

    /** The patch slots the transformer wove into this loaded class, in ascending order; empty if none. */
    public int[] patchSlots(Class<?> c) {
        ClassLoader loader = c.getClassLoader();
        String name = c.getName().replace('.', '/');
        synchronized (patchedByLoader) {
            Map<String, int[]> m = loader == null ? patchedByBootstrap : patchedByLoader.get(loader);
            int[] slots = m == null ? null : m.get(name);
            return slots == null ? NO_SLOTS : slots;
        }
    }

    /** Changes whenever the transformer's record of patched classes changes (a class loaded and was patched). */
    public int patchGeneration() {
        return patchGeneration.get();
    }

    private void record(ClassLoader loader, String internalName, int[] slots) {
        synchronized (patchedByLoader) {
            Map<String, int[]> m;
            if (loader == null) {
                m = patchedByBootstrap;
            } else {
                m = patchedByLoader.get(loader);
                if (m == null) {
                    if (slots.length == 0) {
                        return;
                    }
                    m = new HashMap<>();
                    patchedByLoader.put(loader, m);
                }
            }
            int[] old = slots.length == 0 ? m.remove(internalName) : m.put(internalName, slots);
            if (!Arrays.equals(old == null ? NO_SLOTS : old, slots)) {
                patchGeneration.incrementAndGet();
            }
        }
    }

    /** True for the agent's own classes (binary or internal names), which are never woven or patched. */
    public static boolean isAgentClass(String name) {
        String binary = name.replace('/', '.');
        for (String p : AGENT_PACKAGES) {
            if (binary.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private void retransform(List<Class<?>> classes) {
        for (Class<?> c : classes) {
            try {
                instrumentation.retransformClasses(c);
            } catch (Throwable e) {
                log.error("retransforming " + c.getName() + " failed; it keeps its current bytecode", e);
            }
        }
    }

    /** The classes woven so far (names), for status and tests. */
    public Set<String> woven() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(woven));
    }

    private static boolean isTarget(Class<?> c) {
        if (HOOKS.containsKey(c.getName().replace('.', '/'))) {
            return true;
        }
        if (!c.getName().contains("Script") || c.isInterface()) {
            return false;
        }
        Class<?> superclass = c.getSuperclass();
        if (superclass != null && (superclass.getName().equals("javax.script.AbstractScriptEngine")
                || superclass.getName().equals("javax.script.CompiledScript"))) {
            return true;
        }
        for (Class<?> i : c.getInterfaces()) {
            if (i.getName().equals("javax.script.ScriptEngine")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        ClassLoads listener = classLoads;
        // the bootstrap loader's classes are the JDK's, and a listener that loads one cannot recurse here
        if (listener != null && loader != null && classBeingRedefined == null) {
            try {
                listener.loaded(className, protectionDomain);
            } catch (Throwable ignored) {
                // the inventory must never fail a class load
            }
        }
        if (className == null || isAgentClass(className)) {
            return null;
        }
        boolean patchable = patchNames.contains(className);
        try {
            List<Hook> hooks = HOOKS.get(className);
            if (hooks == null && className.contains("Script")) {
                hooks = engineHooks(classfileBuffer);
            }
            List<PatchHook> patches = patchable ? patchHooks.get(className) : null;
            if (hooks == null && patches == null) {
                if (patchable) {
                    record(loader, className, NO_SLOTS);
                    this.woven.remove(className.replace('/', '.'));
                }
                return null;
            }
            HookWriter.Result result = HookWriter.weave(classfileBuffer, hooks == null ? Collections.<Hook>emptyList() : hooks,
                    patches == null ? Collections.<PatchHook>emptyList() : patches);
            if (patchable) {
                record(loader, className, result == null ? NO_SLOTS : result.slots);
            }
            if (result == null) {
                return null;
            }
            byte[] woven = result.bytes;
            if (classBeingRedefined != null) {
                ensureReadEdge(classBeingRedefined);
            } else if (loader != null && !className.startsWith("java/") && !className.startsWith("javax/")
                    && !className.startsWith("sun/") && !className.startsWith("jdk/")) {
                // code in an unnamed module reads every module; a named library module (rare for
                // these targets) gets its edge when it is first retransformed
                log.debug("woven at load " + className);
            }
            this.woven.add(className.replace('/', '.'));
            log.debug("woven " + className.replace('/', '.'));
            return woven;
        } catch (Throwable e) {
            if (patchable) {
                record(loader, className, NO_SLOTS);
            }
            log.error("weaving " + className + " failed; it runs unprotected", e);
            return null;
        }
    }

    /** Concrete script engines and compiled scripts: their {@code eval} methods. */
    private static List<Hook> engineHooks(byte[] bytes) {
        ClassReader r = new ClassReader(bytes);
        if ((r.getAccess() & org.objectweb.asm.Opcodes.ACC_INTERFACE) != 0) {
            return null;
        }
        String superName = r.getSuperName();
        boolean engine = "javax/script/AbstractScriptEngine".equals(superName);
        for (String i : r.getInterfaces()) {
            engine |= i.equals("javax/script/ScriptEngine");
        }
        if (engine) {
            return Arrays.asList(scriptHooks());
        }
        if ("javax/script/CompiledScript".equals(superName)) {
            return Collections.singletonList(Hook.of("eval", "(Ljavax/script/ScriptContext;)", JoinPoints.SCRIPT_EVAL, 0).withThis());
        }
        return null;
    }

    /**
     * Woven code in a named module (the JDK's own java.base and java.naming) calls
     * the trampoline in the bootstrap loader's unnamed module, which a named module does not read
     * unless told to. Java 9+ only, through reflection since the agent is Java 8 bytecode.
     */
    public void addReadEdges() {
        for (String probe : new String[] {"java.lang.Object", "javax.naming.InitialContext"}) {
            try {
                ensureReadEdge(Class.forName(probe, false, null));
            } catch (ClassNotFoundException ignored) {
                // module not present in this runtime
            }
        }
    }

    /**
     * Gives the named module of a JDK class that is not loaded yet a read edge to the trampoline,
     * so that a patch woven into it when it loads can call it (Java 9+; nothing on Java 8, and
     * nothing for classes outside the boot layer's named modules).
     */
    public void ensureReadEdgeFor(String binaryClassName) {
        int dot = binaryClassName.lastIndexOf('.');
        if (dot < 0) {
            return;
        }
        String pkg = binaryClassName.substring(0, dot);
        try {
            Class<?> layerClass = Class.forName("java.lang.ModuleLayer");
            Object boot = layerClass.getMethod("boot").invoke(null);
            for (Object module : (Set<?>) layerClass.getMethod("modules").invoke(boot)) {
                Set<?> packages = (Set<?>) module.getClass().getMethod("getPackages").invoke(module);
                if (packages.contains(pkg)) {
                    addReadEdge(module, binaryClassName);
                    return;
                }
            }
        } catch (ClassNotFoundException e) {
            // Java 8: no modules
        } catch (Throwable e) {
            log.error("cannot find the module of " + binaryClassName, e);
        }
    }

    private void addReadEdge(Object module, String what) {
        try {
            Method getModule = Class.class.getMethod("getModule");
            Object target = getModule.invoke(Dispatcher.class);
            boolean named = (Boolean) module.getClass().getMethod("isNamed").invoke(module);
            if (!named || !modulesWithReadEdge.add(module)) {
                return;
            }
            Class<?> moduleClass = Class.forName("java.lang.Module");
            Method redefine = Instrumentation.class.getMethod("redefineModule", moduleClass, Set.class, Map.class,
                    Map.class, Set.class, Map.class);
            redefine.invoke(instrumentation, module, new HashSet<>(Collections.singleton(target)),
                    Collections.emptyMap(), Collections.emptyMap(), Collections.emptySet(), Collections.emptyMap());
        } catch (Throwable e) {
            log.error("cannot let the module of " + what + " read the trampoline", e);
        }
    }

    private void ensureReadEdge(Class<?> woven) {
        Object module;
        try {
            module = Class.class.getMethod("getModule").invoke(woven);
        } catch (NoSuchMethodException e) {
            return; // Java 8: no modules
        } catch (Throwable e) {
            log.error("cannot find the module of " + woven.getName(), e);
            return;
        }
        addReadEdge(module, woven.getName());
    }
}
