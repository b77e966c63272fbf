package secplane.agent.core.patches;

import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link Instrumentation} for tests in one JVM without an agent: it reports the loaded classes
 * a test names, and "retransforms" a class by running the installed transformers on its original
 * class file, as the JVM would, without redefining it. What the transformer wove is recorded; the
 * class itself keeps running its old code.
 */
public final class FakeInstrumentation {
    public final List<Class<?>> loaded = new CopyOnWriteArrayList<>();
    public final Set<Class<?>> unmodifiable = ConcurrentHashMap.newKeySet();
    /** Classes whose retransformation the "JVM" refuses. */
    public final Set<Class<?>> refused = ConcurrentHashMap.newKeySet();
    public final List<String> retransformed = new CopyOnWriteArrayList<>();
    /** The bytes the transformers returned at the last retransformation, by class name (null: unchanged). */
    public final java.util.Map<String, byte[]> lastBytes = new ConcurrentHashMap<>();
    private final List<ClassFileTransformer> transformers = new CopyOnWriteArrayList<>();

    public FakeInstrumentation(Class<?>... loaded) {
        this.loaded.addAll(List.of(loaded));
    }

    public Instrumentation proxy() {
        return (Instrumentation) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Instrumentation.class},
                (p, m, args) -> {
                    switch (m.getName()) {
                        case "getAllLoadedClasses":
                            return loaded.toArray(new Class<?>[0]);
                        case "isModifiableClass":
                            return !unmodifiable.contains((Class<?>) args[0]);
                        case "isRetransformClassesSupported":
                        case "isRedefineClassesSupported":
                            return true;
                        case "addTransformer":
                            transformers.add((ClassFileTransformer) args[0]);
                            return null;
                        case "removeTransformer":
                            return transformers.remove(args[0]);
                        case "retransformClasses":
                            for (Class<?> c : (Class<?>[]) args[0]) {
                                retransform(c);
                            }
                            return null;
                        case "redefineModule":
                            return null;
                        case "hashCode":
                            return System.identityHashCode(p);
                        case "equals":
                            return p == args[0];
                        case "toString":
                            return "FakeInstrumentation";
                        default:
                            throw new UnsupportedOperationException(m.getName());
                    }
                });
    }

    private void retransform(Class<?> c) throws Exception {
        retransformed.add(c.getName());
        byte[] bytes;
        try (InputStream in = c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        byte[] result = null;
        for (ClassFileTransformer t : new ArrayList<>(transformers)) {
            byte[] b = t.transform(c.getClassLoader(), c.getName().replace('.', '/'), c, c.getProtectionDomain(),
                    result == null ? bytes : result);
            if (b != null) {
                result = b;
            }
        }
        if (refused.contains(c)) {
            throw new UnmodifiableClassException("refused by the test: " + c.getName());
        }
        if (result == null) {
            lastBytes.remove(c.getName());
        } else {
            lastBytes.put(c.getName(), result);
        }
    }

    /** A class loading: the transformers see it, as the JVM would show it to them. */
    public byte[] load(Class<?> c) throws Exception {
        loaded.add(c);
        byte[] bytes;
        try (InputStream in = c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        byte[] result = null;
        for (ClassFileTransformer t : transformers) {
            byte[] b = t.transform(c.getClassLoader(), c.getName().replace('.', '/'), null, c.getProtectionDomain(),
                    result == null ? bytes : result);
            if (b != null) {
                result = b;
            }
        }
        return result;
    }
}
