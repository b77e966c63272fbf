package secplane.agent.core.patches;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What this JVM has of some classes, found without loading, initialising or defining anything:
 * the loaded copies (one per defining loader) from {@code Instrumentation.getAllLoadedClasses},
 * and the class files that any loader of a loaded class finds as a resource
 * ({@code ClassLoader.getResource}; a {@code .class} resource is never encapsulated by a module).
 * The class files are read with ASM for their methods, never defined.
 */
final class ClassIndex {
    /** No class file is this large (the JVM's own limits stop far earlier). */
    private static final int MAX_CLASS_FILE = 16 * 1024 * 1024;
    /** Distinct class files read for one name, at most: enough for many webapps, bounded for a patch check. */
    private static final int MAX_FILES = 64;

    /** A class file of the wanted name and where it came from. */
    static final class ClassFile {
        final String source;
        final ClassLoader loader;
        final byte[] bytes;
        final Shape shape;

        ClassFile(String source, ClassLoader loader, byte[] bytes, Shape shape) {
            this.source = source;
            this.loader = loader;
            this.bytes = bytes;
            this.shape = shape;
        }
    }

    /** A class file's name, access flags and declared methods, read with ASM (code skipped). */
    static final class Shape {
        final String internalName;
        final int access;
        final List<MethodShape> methods;

        Shape(String internalName, int access, List<MethodShape> methods) {
            this.internalName = internalName;
            this.access = access;
            this.methods = methods;
        }

        static Shape read(byte[] bytes) {
            ClassReader r = new ClassReader(bytes);
            final List<MethodShape> methods = new ArrayList<>();
            r.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                    methods.add(new MethodShape(name, desc, access));
                    return null;
                }
            }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return new Shape(r.getClassName(), r.getAccess(), Collections.unmodifiableList(methods));
        }
    }

    static final class MethodShape {
        final String name;
        final String descriptor;
        final int access;

        MethodShape(String name, String descriptor, int access) {
            this.name = name;
            this.descriptor = descriptor;
            this.access = access;
        }
    }

    private final Map<String, List<Class<?>>> loaded;
    private final List<ClassLoader> loaders;

    private ClassIndex(Map<String, List<Class<?>>> loaded, List<ClassLoader> loaders) {
        this.loaded = loaded;
        this.loaders = loaders;
    }

    /**
     * @param all   every loaded class ({@code Instrumentation.getAllLoadedClasses})
     * @param names the binary names of interest
     */
    static ClassIndex of(Class<?>[] all, Set<String> names) {
        Map<String, List<Class<?>>> loaded = new LinkedHashMap<>();
        Map<ClassLoader, Boolean> loaders = new IdentityHashMap<>();
        List<ClassLoader> order = new ArrayList<>();
        ClassLoader system = ClassLoader.getSystemClassLoader();
        loaders.put(system, Boolean.TRUE);
        order.add(system);
        for (Class<?> c : all) {
            if (names.contains(c.getName())) {
                List<Class<?>> list = loaded.get(c.getName());
                if (list == null) {
                    list = new ArrayList<>();
                    loaded.put(c.getName(), list);
                }
                list.add(c);
            }
            ClassLoader l = c.getClassLoader();
            if (l != null && !loaders.containsKey(l)) {
                loaders.put(l, Boolean.TRUE);
                if (usefulForResources(l)) {
                    order.add(l);
                }
            }
        }
        return new ClassIndex(loaded, order);
    }

    /** Loaders that only ever delegate (reflection accessors) or that hold the agent itself find nothing new. */
    private static boolean usefulForResources(ClassLoader l) {
        String n = l.getClass().getName();
        return !n.endsWith(".DelegatingClassLoader") && !n.startsWith("secplane.");
    }

    /** The loaded classes of this name, one per defining loader. */
    List<Class<?>> loaded(String name) {
        List<Class<?>> l = loaded.get(name);
        return l == null ? Collections.<Class<?>>emptyList() : l;
    }

    /**
     * The class file of a loaded class, read from its own loader; null when that loader does not
     * hand it out as a resource (a class generated at run time, for instance).
     */
    ClassFile fileOf(Class<?> c) throws IOException {
        String resource = c.getName().replace('.', '/') + ".class";
        ClassLoader l = c.getClassLoader();
        InputStream in = l == null ? ClassLoader.getSystemResourceAsStream(resource) : l.getResourceAsStream(resource);
        if (in == null) {
            return null;
        }
        byte[] bytes = readAll(in);
        return new ClassFile(Loaders.describe(l), l, bytes, Shape.read(bytes));
    }

    /**
     * The distinct class files of a name that is not loaded, as every loader of a loaded class
     * would find them (the system loader first, which also asks the platform and bootstrap
     * loaders). Empty when no loader finds one.
     */
    List<ClassFile> findable(String name) throws IOException {
        String resource = name.replace('.', '/') + ".class";
        Set<String> seen = new LinkedHashSet<>();
        List<ClassFile> out = new ArrayList<>();
        for (ClassLoader l : loaders) {
            URL url;
            try {
                url = l.getResource(resource);
            } catch (RuntimeException e) {
                continue; // a loader that fails on a lookup finds nothing
            }
            if (url == null || !seen.add(url.toString())) {
                continue;
            }
            InputStream in = l.getResourceAsStream(resource);
            if (in == null) {
                continue;
            }
            byte[] bytes = readAll(in);
            out.add(new ClassFile(Loaders.describe(l) + " (" + url + ")", l, bytes, Shape.read(bytes)));
            if (out.size() >= MAX_FILES) {
                break;
            }
        }
        return out;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > MAX_CLASS_FILE) {
                    throw new IOException("class file larger than " + MAX_CLASS_FILE + " bytes");
                }
            }
            return out.toByteArray();
        } finally {
            in.close();
        }
    }

    /** Two copies of one jar in two webapps give equal bytes: read and check them once. */
    static List<ClassFile> distinct(List<ClassFile> files) {
        List<ClassFile> out = new ArrayList<>();
        for (ClassFile f : files) {
            boolean dup = false;
            for (ClassFile o : out) {
                if (Arrays.equals(o.bytes, f.bytes)) {
                    dup = true;
                    break;
                }
            }
            if (!dup) {
                out.add(f);
            }
        }
        return out;
    }
}
