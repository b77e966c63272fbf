package secplane.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's own classes, stored in the agent jar under {@code inst/} as
 * {@code .classdata} entries so that no application class-path scanner, and not the bootstrap
 * loader either, ever sees them as classes. Its parent is the platform loader: the application's
 * classes are never visible to the agent by name, only as objects handed to join points.
 */
public final class IsolatedClassLoader extends ClassLoader {
    static final String PREFIX = "inst/";

    static {
        registerAsParallelCapable();
    }

    private final File jarPath;
    private final JarFile jar;
    private final ProtectionDomain domain;

    public IsolatedClassLoader(File jarPath, ClassLoader parent) throws IOException {
        super(parent);
        this.jarPath = jarPath;
        this.jar = new JarFile(jarPath, false);
        this.domain = new ProtectionDomain(new CodeSource(jarPath.toURI().toURL(), (Certificate[]) null), null, this, null);
    }

    public File jarPath() {
        return jarPath;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes;
        try {
            bytes = read(PREFIX + name.replace('.', '/') + ".classdata");
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String pkg = name.substring(0, dot);
            synchronized (this) {
                if (getPackage(pkg) == null) {
                    definePackage(pkg, null, null, null, null, null, null, null);
                }
            }
        }
        return defineClass(name, bytes, 0, bytes.length, domain);
    }

    /** Reads one resource of the agent (a class file under its {@code .class} name, or any other file). */
    public byte[] read(String entryName) throws IOException {
        JarEntry entry = jar.getJarEntry(entryName);
        if (entry == null) {
            return null;
        }
        InputStream in = jar.getInputStream(entry);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(entry.getSize(), 256));
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } finally {
            in.close();
        }
    }

    static String entryFor(String resource) {
        return resource.endsWith(".class") ? PREFIX + resource + "data" : PREFIX + resource;
    }

    @Override
    protected URL findResource(String name) {
        String entry = entryFor(name);
        if (jar.getJarEntry(entry) == null) {
            return null;
        }
        try {
            return new URL("jar:" + jarPath.toURI().toURL() + "!/" + entry);
        } catch (MalformedURLException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.<URL>emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }

    /** Served from the open jar directly, so that no cached JarURLConnection keeps the file alive after detach. */
    @Override
    public InputStream getResourceAsStream(String name) {
        InputStream parentStream = getParent() == null ? null : getParent().getResourceAsStream(name);
        if (parentStream != null) {
            return parentStream;
        }
        try {
            JarEntry entry = jar.getJarEntry(entryFor(name));
            return entry == null ? null : jar.getInputStream(entry);
        } catch (IOException e) {
            return null;
        }
    }

    public void close() {
        try {
            jar.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
