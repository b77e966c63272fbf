package secplane.agent.core.aspects;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * One class loader per aspect. It defines the aspect's classes from its jar in memory and sees,
 * besides them, only the aspect API (from the agent's loader) and the JDK: not the agent core,
 * not other aspects, not the application.
 */
final class AspectClassLoader extends ClassLoader {
    private static final String API = "secplane.aspect.";

    static {
        registerAsParallelCapable();
    }

    private final AspectPackage pkg;
    private final ClassLoader agentLoader;

    AspectClassLoader(AspectPackage pkg, ClassLoader agentLoader, ClassLoader platform) {
        super(platform);
        this.pkg = pkg;
        this.agentLoader = agentLoader;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(API)) {
            return agentLoader.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = pkg.entry(name.replace('.', '/') + ".class");
        if (bytes == null) {
            throw new ClassNotFoundException(name + " (aspect " + pkg.id() + ")");
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        byte[] bytes = pkg.entry(name);
        return bytes != null ? new ByteArrayInputStream(bytes) : super.getResourceAsStream(name);
    }

    @Override
    public String toString() {
        return "AspectClassLoader[" + pkg.id() + " " + pkg.version() + "]";
    }
}
