package secplane.agent.core.inventory;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Where classes come from, as a file on disk and, for a fat jar, the entry inside it. Parsed from
 * the string form of a code source's URL, never from the {@link java.net.URL} object: its
 * {@code equals} and {@code hashCode} resolve host names.
 *
 * <pre>
 * file:/srv/lib/x.jar                                   /srv/lib/x.jar
 * file:/srv/classes/                                    /srv/classes
 * jar:file:/srv/app.jar!/BOOT-INF/lib/x.jar!/           /srv/app.jar  BOOT-INF/lib/x.jar   (Spring Boot 1.x, 2.x)
 * jar:file:/srv/app.jar!/BOOT-INF/classes!/             /srv/app.jar  BOOT-INF/classes
 * nested:/srv/app.jar/!BOOT-INF/lib/x.jar               /srv/app.jar  BOOT-INF/lib/x.jar   (Spring Boot 3.2+)
 * jar:nested:/srv/app.jar/!BOOT-INF/lib/x.jar!/         the same
 * wsjar:file:/... (WebSphere), zip:/... (WebLogic)      as jar:file:
 * </pre>
 */
final class Location {
    /** The file or directory on disk, absolute and normalised. */
    final String file;
    /** A jar or class directory inside {@link #file} ({@code BOOT-INF/lib/x.jar}, {@code BOOT-INF/classes}), or null. */
    final String entry;

    Location(String file, String entry) {
        this.file = file;
        this.entry = entry;
    }

    /** The path the inventory reports: {@code /srv/app.jar!/BOOT-INF/lib/x.jar}. */
    String key() {
        return entry == null ? file : file + "!/" + entry;
    }

    /** @return the location of a code source, or null if it is not a local file (the JDK's {@code jrt:}, a remote URL) */
    static Location ofUrl(String url) {
        if (url == null) {
            return null;
        }
        String s = url;
        for (String wrapper : new String[] {"jar:", "wsjar:", "zip:"}) {
            if (s.startsWith(wrapper)) {
                s = s.substring(wrapper.length());
                break;
            }
        }
        while (s.endsWith("!/")) {
            s = s.substring(0, s.length() - 2);
        }
        if (s.startsWith("nested:")) {
            String rest = decode(s.substring("nested:".length()));
            int bang = rest.lastIndexOf("/!");
            return bang < 0 ? of(rest, null) : of(rest.substring(0, bang), rest.substring(bang + 2));
        }
        if (s.startsWith("file:")) {
            int bang = s.indexOf("!/");
            String file = bang < 0 ? s : s.substring(0, bang);
            String entry = bang < 0 ? null : decode(s.substring(bang + 2));
            if (entry != null && entry.indexOf("!/") >= 0) {
                // a jar in a jar in a jar: the first level is what is on disk
                entry = entry.substring(0, entry.indexOf("!/"));
            }
            return of(filePath(file), entry);
        }
        if (s.startsWith("/")) {
            // WebLogic's zip:/path!/...
            int bang = s.indexOf("!/");
            return bang < 0 ? of(s, null) : of(s.substring(0, bang), s.substring(bang + 2));
        }
        return null;
    }

    /** A class path entry as the JVM was given it. */
    static Location ofPath(String path) {
        return path == null || path.trim().isEmpty() ? null : of(path, null);
    }

    private static Location of(String file, String entry) {
        String e = entry;
        while (e != null && e.endsWith("/")) {
            e = e.substring(0, e.length() - 1);
        }
        return new Location(normalise(file), e == null || e.isEmpty() ? null : e);
    }

    static String normalise(String path) {
        try {
            return new File(path).toPath().toAbsolutePath().normalize().toString();
        } catch (RuntimeException e) {
            return new File(path).getAbsolutePath();
        }
    }

    private static String filePath(String fileUrl) {
        try {
            URI uri = new URI(fileUrl);
            if (uri.getAuthority() == null) {
                return new File(uri).getPath();
            }
        } catch (Exception ignored) {
            // unencoded spaces and the like, as some class loaders build their URLs
        }
        String p = fileUrl.substring("file:".length());
        if (p.startsWith("///")) {
            p = p.substring(2);
        } else if (p.startsWith("//localhost/")) {
            p = p.substring("//localhost".length());
        }
        return decode(p);
    }

    /** Percent-decoding as UTF-8; a '%' not followed by two hex digits stays as it is. */
    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int hi;
            int lo;
            if (bytes[i] == '%' && i + 2 < bytes.length && (hi = Character.digit(bytes[i + 1], 16)) >= 0
                    && (lo = Character.digit(bytes[i + 2], 16)) >= 0) {
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return key();
    }
}
