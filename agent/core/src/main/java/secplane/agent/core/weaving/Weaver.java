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

    private final Instrumentation instrumentation;
    private final AgentLog log;
    private volatile ClassLoads classLoads;
    private final Set<String> woven = Collections.newSetFromMap(new ConcurrentHashMap<String, Boolean>());
    private final Set<Object> modulesWithReadEdge = Collections.newSetFromMap(new ConcurrentHashMap<Object, Boolean>());
    private volatile boolean installed;

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
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (isTarget(c) && instrumentation.isModifiableClass(c)) {
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
        if (className == null || className.startsWith("secplane/")) {
            return null;
        }
        try {
            List<Hook> hooks = HOOKS.get(className);
            if (hooks == null && className.contains("Script")) {
                hooks = engineHooks(classfileBuffer);
            }
            if (hooks == null) {
                return null;
            }
            byte[] woven = HookWriter.weave(classfileBuffer, hooks);
            if (woven == null) {
                return null;
            }
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

    private void ensureReadEdge(Class<?> woven) {
        try {
            Method getModule = Class.class.getMethod("getModule");
            Object module = getModule.invoke(woven);
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
        } catch (NoSuchMethodException e) {
            // Java 8: no modules
        } catch (Throwable e) {
            log.error("cannot let " + woven.getName() + "'s module read the trampoline", e);
        }
    }
}
