package secplane.agent.core.weaving;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;
import secplane.agent.core.AgentLog;
import secplane.bootstrap.Dispatcher;

/**
 * Installs the join points. Every join point is advice inlined into the target method that
 * touches only the trampoline ({@link Dispatcher}), so the woven classes never refer to the
 * agent's isolated loader and detaching ({@link #reset}) restores the original bytecode.
 *
 * <p>A class is woven at most once: ByteBuddy applies each transformer to the original class
 * file on retransformation, and we install a single transformer (tested by weaving twice).
 */
public final class Weaver {
    private final Instrumentation instrumentation;
    private final AgentLog log;
    private final Set<String> woven = Collections.newSetFromMap(new ConcurrentHashMap<String, Boolean>());
    private volatile ResettableClassFileTransformer transformer;

    public Weaver(Instrumentation instrumentation, AgentLog log) {
        this.instrumentation = instrumentation;
        this.log = log;
    }

    public synchronized void install() {
        if (transformer != null) {
            return;
        }
        AgentBuilder builder = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
                .with(new Listener())
                .assureReadEdgeFromAndTo(instrumentation, Dispatcher.class)
                .ignore(nameStartsWith("secplane.").or(nameStartsWith("net.bytebuddy."))
                        .or(nameStartsWith("jdk.internal.reflect.")).or(nameStartsWith("sun.reflect."))
                        .or(nameContains("$$Lambda")).or(isSynthetic()));

        builder = weave(builder, namedOneOf("javax.naming.InitialContext"),
                JndiLookupAdvice.class, namedOneOf("lookup", "lookupLink").and(takesArguments(1)));
        builder = weave(builder, named("java.io.ObjectStreamClass"),
                DeserializeClassAdvice.class, named("initNonProxy").and(takesArguments(4)));
        builder = weave(builder, named("java.io.ObjectStreamClass"),
                DeserializeProxyAdvice.class, named("initProxy").and(takesArguments(3)));
        builder = weave(builder, namedOneOf("java.lang.ProcessImpl", "java.lang.UNIXProcess"),
                ProcessStartAdvice.class, isConstructor().and(takesArgument(0, byte[].class))
                        .and(takesArgument(1, byte[].class)).and(takesArgument(5, byte[].class)));
        builder = weave(builder,
                nameContains("Script").and(not(isInterface()))
                        .and(hasSuperType(namedOneOf("javax.script.ScriptEngine", "javax.script.CompiledScript"))),
                ScopedAdvice.ScriptEval.class, named("eval").and(not(isAbstract())));
        builder = weave(builder, named("org.springframework.beans.AbstractNestablePropertyAccessor"),
                ScopedAdvice.SpringBind.class,
                named("getPropertyAccessorForPropertyPath").and(takesArguments(String.class)));
        builder = weave(builder, named("java.io.FileOutputStream"), FileWriteAdvice.OutputStreamOpen.class,
                isConstructor().and(takesArguments(File.class, boolean.class)));
        builder = weave(builder, named("java.io.RandomAccessFile"), FileWriteAdvice.RandomAccessOpen.class,
                isConstructor().and(takesArguments(File.class, String.class)));
        builder = weave(builder, nameStartsWith("sun.nio.fs.").and(nameContains("FileSystemProvider")),
                FileWriteAdvice.ChannelOpen.class,
                namedOneOf("newByteChannel", "newFileChannel", "newAsynchronousFileChannel").and(not(isAbstract())));
        builder = weave(builder, nameStartsWith("sun.nio.fs.").and(nameContains("FileSystemProvider")),
                FileWriteAdvice.Relocate.class, namedOneOf("copy", "move").and(takesArguments(3)).and(not(isAbstract())));
        builder = weave(builder, named("java.io.File"), FileWriteAdvice.Relocate.class,
                named("renameTo").and(takesArguments(File.class)));

        transformer = builder.installOn(instrumentation);
        log.info("weaving installed");
    }

    private static AgentBuilder weave(AgentBuilder builder, ElementMatcher<? super TypeDescription> types,
            final Class<?> advice, final ElementMatcher<? super MethodDescription> methods) {
        final AsmVisitorWrapper visitor = Advice.to(advice).on(methods);
        return builder.type(types).transform(new AgentBuilder.Transformer() {
            @Override
            public DynamicType.Builder<?> transform(DynamicType.Builder<?> b, TypeDescription type, ClassLoader loader,
                    JavaModule module, java.security.ProtectionDomain domain) {
                return b.visit(visitor);
            }
        });
    }

    /** The classes woven so far (names), for status and tests. */
    public Set<String> woven() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(woven));
    }

    /** Removes the transformer and retransforms every woven class back to its original bytecode. */
    public synchronized void reset() {
        ResettableClassFileTransformer t = transformer;
        transformer = null;
        if (t != null) {
            try {
                t.reset(instrumentation, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
            } catch (Throwable e) {
                log.error("restoring original bytecode failed", e);
            }
        }
        woven.clear();
    }

    private final class Listener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                DynamicType dynamicType) {
            woven.add(type.getName());
            log.debug("woven " + type.getName());
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            log.error("weaving " + typeName + " failed; it runs unprotected", error);
        }
    }
}
