package secplane.agent.core.inventory;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Reads jars for the inventory: SHA-256 of every byte, Maven coordinates from each
 * {@code META-INF/maven/**}{@code /pom.properties}, else from the manifest, else from the file
 * name, and the catalogue's marker classes, relocated or not.
 *
 * <p>A jar on disk is hashed by streaming it through one reused buffer and then looked into
 * through its central directory ({@link ZipFile}), which reads only the entries wanted. A jar
 * nested in another (Spring Boot's {@code BOOT-INF/lib/*.jar}, a war's {@code WEB-INF/lib/*.jar})
 * is read as a stream of the outer entry, never extracted to disk nor held in memory (see
 * {@link #scanNested}). One scanner serves one collection on one thread, then is closed.
 */
final class JarScanner {
    static final int BUFFER = 64 * 1024;
    /** Directories in a fat jar or war whose jars a launcher puts on the class path. */
    private static final String[] LIB_DIRS = {"BOOT-INF/lib/", "WEB-INF/lib/", "WEB-INF/lib-provided/"};
    private static final String[] CLASS_DIRS = {"BOOT-INF/classes", "WEB-INF/classes"};

    private final byte[] buffer = new byte[BUFFER];
    private final byte[] input = new byte[16 * 1024];
    private final byte[] header = new byte[30];
    private final MessageDigest sha256;
    private final Markers markers;
    private final int tailCapacity;
    /** For nested jars, made at the first one. */
    private Tail tail;
    private Inflater inflater;

    JarScanner(Markers markers) {
        this(markers, Tail.CAPACITY);
    }

    /** @param tailCapacity bytes kept of a nested jar's end: its central directory must fit, else it is read as a stream */
    JarScanner(Markers markers, int tailCapacity) {
        this.markers = markers;
        this.tailCapacity = tailCapacity;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Releases the inflater's native memory; the scanner is not used after. */
    void close() {
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
        tail = null;
    }

    /** What one file on disk holds: the file itself, and the jars and class directories found inside. */
    static final class FileScan {
        final Jar jar;
        /** Inventory path of each nested jar or class directory read -> its entry. */
        final Map<String, Jar> inside;

        FileScan(Jar jar, Map<String, Jar> inside) {
            this.jar = jar;
            this.inside = inside;
        }
    }

    /**
     * @param path   the inventory path of the file (absolute, normalised)
     * @param wanted entries inside that code sources name ({@code BOOT-INF/lib/x.jar}, {@code BOOT-INF/classes})
     * @param fatJar true if the JVM runs this jar: all of its {@code BOOT-INF/lib} and {@code WEB-INF/lib} jars are read
     *               (also true when its manifest names a Spring Boot {@code Start-Class})
     */
    FileScan scanFile(File file, String path, Set<String> wanted, boolean fatJar) {
        long size;
        String hash;
        sha256.reset();
        try {
            size = hash(new FileInputStream(file));
            hash = hex(sha256.digest());
        } catch (IOException e) {
            return new FileScan(Jar.unreadable(path, "cannot be read: " + e.getMessage()), Collections.<String, Jar>emptyMap());
        }
        Contents contents = new Contents(markers);
        Map<String, Jar> inside = new LinkedHashMap<>();
        ZipFile zip;
        try {
            zip = new ZipFile(file);
        } catch (IOException | RuntimeException e) {
            return new FileScan(new Jar(path, Jar.JAR, size, hash, contents.components(file.getName()), "not a readable jar: "
                    + e.getMessage()), inside);
        }
        String error = null;
        try {
            List<String> libs = new ArrayList<>();
            Set<String> classDirs = new TreeSet<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                for (String dir : CLASS_DIRS) {
                    if (name.startsWith(dir) && name.length() > dir.length() && name.charAt(dir.length()) == '/') {
                        classDirs.add(dir);
                    }
                }
                if (e.isDirectory()) {
                    continue;
                }
                if (isLib(name)) {
                    libs.add(name);
                } else if (name.endsWith(".class")) {
                    contents.classFile(name);
                } else if (Contents.isPom(name) || Contents.isManifest(name)) {
                    try {
                        int n = readAndClose(zip.getInputStream(e));
                        if (Contents.isPom(name)) {
                            contents.pom(name, buffer, n);
                        } else {
                            contents.manifest(buffer, n);
                        }
                    } catch (IOException x) {
                        // one damaged entry: the rest of the jar still counts
                        error = error != null ? error : name + " cannot be read: " + x.getMessage();
                    }
                }
            }
            boolean runs = fatJar || contents.attribute("Start-Class") != null;
            for (String w : wanted) {
                runs |= isLib(w);
            }
            Set<String> nested = new TreeSet<>(wanted);
            if (runs) {
                nested.addAll(libs);
                for (String d : classDirs) {
                    nested.add(d);
                }
            }
            for (String entry : nested) {
                String nestedPath = path + "!/" + entry;
                if (!entry.endsWith(".jar")) {
                    inside.put(nestedPath, Jar.dir(nestedPath));
                    continue;
                }
                ZipEntry e = zip.getEntry(entry);
                if (e == null) {
                    inside.put(nestedPath, Jar.unreadable(nestedPath, "no entry " + entry + " in " + path));
                    continue;
                }
                inside.put(nestedPath, scanNested(zip, e, nestedPath));
            }
        } catch (RuntimeException e) {
            // ZipFile reports a damaged central directory entry this way
            error = "cannot be read completely: " + e;
        } finally {
            try {
                zip.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
        return new FileScan(new Jar(path, Jar.JAR, size, hash, contents.components(file.getName()), error), inside);
    }

    /**
     * A jar inside another, read from its entry's stream and never extracted nor held whole: one
     * pass through the digest, keeping only the last {@link Tail#CAPACITY} bytes, where the central
     * directory and its end record are; the central directory gives every entry's name and where
     * pom.properties and the manifest start, which a second pass reads alone. Entries are not
     * inflated to be skipped, as a {@link ZipInputStream} would, so a nested jar costs about what
     * hashing it costs. A central directory larger than the tail is read with a
     * {@code ZipInputStream} instead.
     */
    Jar scanNested(ZipFile outer, ZipEntry entry, String path) {
        String fileName = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
        sha256.reset();
        if (tail == null) {
            tail = new Tail(tailCapacity);
        }
        tail.reset();
        long size = 0;
        InputStream in = null;
        try {
            in = outer.getInputStream(entry);
            int n;
            while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
                sha256.update(buffer, 0, n);
                tail.add(buffer, 0, n);
                size += n;
            }
        } catch (IOException | RuntimeException e) {
            return Jar.unreadable(path, "cannot be read: " + e);
        } finally {
            close(in);
        }
        String hash = hex(sha256.digest());
        Contents contents = new Contents(markers);
        String error;
        try {
            List<Local> wanted = new ArrayList<>();
            error = centralDirectory(size, contents, wanted);
            if (error == CENTRAL_DIRECTORY_TOO_LARGE) {
                contents = new Contents(markers);
                error = streamed(outer, entry, contents);
            } else if (error == null && !wanted.isEmpty()) {
                error = readLocals(outer, entry, wanted, contents);
            }
        } catch (IOException | RuntimeException e) {
            error = "not a readable jar: " + e;
        }
        return new Jar(path, Jar.JAR, size, hash, contents.components(fileName), error);
    }

    /** An entry the second pass reads: pom.properties or the manifest. */
    private static final class Local implements Comparable<Local> {
        final String name;
        final long offset;
        final long compressedSize;
        final int method;

        Local(String name, long offset, long compressedSize, int method) {
            this.name = name;
            this.offset = offset;
            this.compressedSize = compressedSize;
            this.method = method;
        }

        @Override
        public int compareTo(Local o) {
            return Long.compare(offset, o.offset);
        }
    }

    private static final String CENTRAL_DIRECTORY_TOO_LARGE = "central directory larger than the tail kept";
    private static final long LOC = 0x04034b50L;
    private static final long CEN = 0x02014b50L;
    private static final long END = 0x06054b50L;
    private static final long END64 = 0x06064b50L;
    private static final long END64_LOCATOR = 0x07064b50L;
    /** A pom.properties or manifest larger than this is not one worth reading. */
    private static final long MAX_LOCAL = 1024 * 1024;

    /**
     * Reads the central directory from the tail (APPNOTE.TXT 4.3.12, 4.3.14-16): entry names into
     * {@code contents}, pom.properties and the manifest into {@code wanted}.
     *
     * @param total bytes in the stream
     * @return null, an error, or {@link #CENTRAL_DIRECTORY_TOO_LARGE}
     */
    private String centralDirectory(long total, Contents contents, List<Local> wanted) {
        byte[] b = tail.bytes;
        int length = tail.length;
        int end = -1;
        for (int i = length - 22; i >= 0 && i >= length - 22 - 0xFFFF; i--) {
            if (u32(b, i) == END && i + 22 + u16(b, i + 20) == length) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            return "truncated or not a jar: no end of central directory record";
        }
        long entries = u16(b, end + 10);
        long cenSize = u32(b, end + 12);
        long cenOffset = u32(b, end + 16);
        int cenEnd = end;
        if (entries == 0xFFFF || cenSize == 0xFFFFFFFFL || cenOffset == 0xFFFFFFFFL) {
            int locator = end - 20;
            int record = locator - 56;
            if (record < 0 || u32(b, locator) != END64_LOCATOR || u32(b, record) != END64) {
                return record < 0 && total > length ? CENTRAL_DIRECTORY_TOO_LARGE : "zip64 end of central directory record not found";
            }
            entries = u64(b, record + 32);
            cenSize = u64(b, record + 40);
            cenOffset = u64(b, record + 48);
            cenEnd = record;
        }
        long cenStart = cenEnd - cenSize;
        if (cenStart < 0) {
            return total > length ? CENTRAL_DIRECTORY_TOO_LARGE : "central directory larger than the jar";
        }
        // bytes before the first entry (a launcher script) shift every offset the directory gives
        long shift = (total - length + cenStart) - cenOffset;
        if (shift < 0) {
            return "central directory offset " + cenOffset + " beyond where it is";
        }
        int p = (int) cenStart;
        for (long k = 0; k < entries; k++) {
            if (p + 46 > cenEnd || u32(b, p) != CEN) {
                return "central directory entry " + k + " of " + entries + " is damaged";
            }
            int flags = u16(b, p + 8);
            int method = u16(b, p + 10);
            long compressed = u32(b, p + 20);
            long uncompressed = u32(b, p + 24);
            int nameLength = u16(b, p + 28);
            int extraLength = u16(b, p + 30);
            int commentLength = u16(b, p + 32);
            long offset = u32(b, p + 42);
            if (p + 46 + nameLength + extraLength > cenEnd) {
                return "central directory entry " + k + " of " + entries + " is damaged";
            }
            String name = new String(b, p + 46, nameLength, (flags & 0x800) != 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            boolean pom = Contents.isPom(name);
            if (pom || Contents.isManifest(name)) {
                // zip64 extended information (4.5.3): the fields that are 0xFFFFFFFF above, in this order
                int x = p + 46 + nameLength;
                while (x + 4 <= p + 46 + nameLength + extraLength) {
                    int id = u16(b, x);
                    int size = u16(b, x + 2);
                    if (id == 1) {
                        int f = x + 4;
                        if (uncompressed == 0xFFFFFFFFL) {
                            f += 8;
                        }
                        if (compressed == 0xFFFFFFFFL) {
                            compressed = u64(b, f);
                            f += 8;
                        }
                        if (offset == 0xFFFFFFFFL) {
                            offset = u64(b, f);
                        }
                    }
                    x += 4 + size;
                }
                wanted.add(new Local(name, offset + shift, compressed, method));
            } else if (name.endsWith(".class")) {
                contents.classFile(name);
            }
            p += 46 + nameLength + extraLength + commentLength;
        }
        return null;
    }

    /** The second pass: skips to each wanted entry's local header and reads its data alone. */
    private String readLocals(ZipFile outer, ZipEntry entry, List<Local> wanted, Contents contents) throws IOException {
        Collections.sort(wanted);
        boolean seekable = entry.getMethod() == ZipEntry.STORED;
        InputStream in = outer.getInputStream(entry);
        try {
            long pos = 0;
            for (Local l : wanted) {
                if (l.offset < pos || l.compressedSize > MAX_LOCAL) {
                    continue;
                }
                skip(in, l.offset - pos, seekable);
                pos = l.offset;
                readFully(in, header, 30);
                if (u32(header, 0) != LOC) {
                    return l.name + ": no local header where the central directory says";
                }
                int skip = u16(header, 26) + u16(header, 28);
                skip(in, skip, seekable);
                pos += 30 + skip;
                int n;
                if (l.method == ZipEntry.STORED) {
                    n = (int) Math.min(l.compressedSize, buffer.length);
                    readFully(in, buffer, n);
                    skip(in, l.compressedSize - n, seekable);
                } else if (l.method == ZipEntry.DEFLATED) {
                    n = inflate(in, l.compressedSize, l.name, seekable);
                } else {
                    skip(in, l.compressedSize, seekable);
                    continue;
                }
                pos += l.compressedSize;
                if (Contents.isPom(l.name)) {
                    contents.pom(l.name, buffer, n);
                } else {
                    contents.manifest(buffer, n);
                }
            }
            return null;
        } finally {
            close(in);
        }
    }

    /** Inflates an entry's data (all {@code compressed} bytes are consumed) into the buffer, up to its size. */
    private int inflate(InputStream in, long compressed, String name, boolean seekable) throws IOException {
        if (inflater == null) {
            inflater = new Inflater(true);
        }
        inflater.reset();
        long remaining = compressed;
        int out = 0;
        boolean padded = false;
        try {
            while (out < buffer.length && !inflater.finished()) {
                if (inflater.needsInput()) {
                    if (remaining == 0) {
                        if (padded) {
                            break;
                        }
                        // zlib may want one byte past the end of raw deflate data
                        inflater.setInput(new byte[1], 0, 1);
                        padded = true;
                        continue;
                    }
                    int r = in.read(input, 0, (int) Math.min(input.length, remaining));
                    if (r < 0) {
                        throw new EOFException(name + ": data ends early");
                    }
                    remaining -= r;
                    inflater.setInput(input, 0, r);
                }
                int n = inflater.inflate(buffer, out, buffer.length - out);
                if (n == 0 && (inflater.needsDictionary() || (!inflater.needsInput() && !inflater.finished()))) {
                    break;
                }
                out += n;
            }
        } catch (DataFormatException e) {
            throw new IOException(name + ": " + e.getMessage());
        }
        skip(in, remaining, seekable);
        return out;
    }

    /** A nested jar whose central directory does not fit the tail: its entries read as a stream. */
    private String streamed(ZipFile outer, ZipEntry entry, Contents contents) throws IOException {
        InputStream raw = outer.getInputStream(entry);
        try {
            ZipInputStream zip = new ZipInputStream(new BufferedInputStream(raw, BUFFER));
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                if (Contents.isPom(name)) {
                    contents.pom(name, buffer, read(zip));
                } else if (Contents.isManifest(name)) {
                    contents.manifest(buffer, read(zip));
                } else if (name.endsWith(".class")) {
                    contents.classFile(name);
                }
                while (zip.read(buffer, 0, buffer.length) > 0) {
                    // inflated to find the next entry
                }
            }
            return null;
        } finally {
            close(raw);
        }
    }

    private void skip(InputStream in, long n, boolean seekable) throws IOException {
        long left = n;
        while (left > 0) {
            // a stored entry's stream seeks; an inflating one would skip through a 512-byte buffer
            long s = seekable ? in.skip(left) : in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (s <= 0) {
                int r = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (r < 0) {
                    throw new EOFException("data ends " + left + " bytes early");
                }
                s = r;
            }
            left -= s;
        }
    }

    private static void readFully(InputStream in, byte[] b, int n) throws IOException {
        int done = 0;
        while (done < n) {
            int r = in.read(b, done, n - done);
            if (r < 0) {
                throw new EOFException("data ends " + (n - done) + " bytes early");
            }
            done += r;
        }
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int i) {
        return (u16(b, i) | (long) u16(b, i + 2) << 16) & 0xFFFFFFFFL;
    }

    private static long u64(byte[] b, int i) {
        return u32(b, i) | u32(b, i + 4) << 32;
    }

    static boolean isLib(String entry) {
        if (!entry.endsWith(".jar")) {
            return false;
        }
        for (String dir : LIB_DIRS) {
            if (entry.startsWith(dir) && entry.indexOf('/', dir.length()) < 0) {
                return true;
            }
        }
        return false;
    }

    /** Streams {@code in} into the digest and closes it. */
    private long hash(InputStream in) throws IOException {
        long total = 0;
        try {
            int n;
            while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
                sha256.update(buffer, 0, n);
                total += n;
            }
        } finally {
            in.close();
        }
        return total;
    }

    /** Reads at most {@link #BUFFER} bytes of an entry into the buffer (pom.properties and a manifest's main section fit). */
    private int read(InputStream in) throws IOException {
        int n = 0;
        int r;
        while (n < buffer.length && (r = in.read(buffer, n, buffer.length - n)) > 0) {
            n += r;
        }
        return n;
    }

    private int readAndClose(InputStream in) throws IOException {
        try {
            return read(in);
        } finally {
            in.close();
        }
    }

    private static void close(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = Character.forDigit((bytes[i] >> 4) & 0xF, 16);
            out[2 * i + 1] = Character.forDigit(bytes[i] & 0xF, 16);
        }
        return new String(out);
    }

    /** The last bytes of a stream: where a zip's central directory and end record are. */
    static final class Tail {
        /** Enough for the central directory of about 10,000 entries. */
        static final int CAPACITY = 1024 * 1024;
        private final int capacity;
        final byte[] bytes;
        /** The last {@code length} bytes of the stream (at least {@code capacity} of them, if there are) are {@code bytes[0, length)}. */
        int length;

        Tail(int capacity) {
            this.capacity = capacity;
            this.bytes = new byte[2 * capacity];
        }

        void reset() {
            length = 0;
        }

        void add(byte[] b, int off, int n) {
            if (n >= capacity) {
                System.arraycopy(b, off + n - capacity, bytes, 0, capacity);
                length = capacity;
                return;
            }
            if (length + n > bytes.length) {
                int keep = Math.min(length, capacity);
                System.arraycopy(bytes, length - keep, bytes, 0, keep);
                length = keep;
            }
            System.arraycopy(b, off, bytes, length, n);
            length += n;
        }
    }

    /** What one jar's entries say about its components. */
    static final class Contents {
        /** Main attributes of a manifest that name a component or a launcher. */
        private static final String[] ATTRIBUTES = {"Implementation-Vendor-Id", "Implementation-Version", "Implementation-Title",
            "Bundle-SymbolicName", "Bundle-Version", "Automatic-Module-Name", "Start-Class"};

        private final Markers markers;
        private final List<Component> poms = new ArrayList<>(1);
        private final Map<String, String> manifest = new HashMap<>();
        /** Per marker: the prefixes it was found under ("" = its own path), or null. */
        private final Set<String>[] found;

        @SuppressWarnings("unchecked")
        Contents(Markers markers) {
            this.markers = markers;
            this.found = new Set[markers.size()];
        }

        static boolean isPom(String name) {
            return name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties");
        }

        static boolean isManifest(String name) {
            return name.equals("META-INF/MANIFEST.MF");
        }

        String attribute(String name) {
            return manifest.get(name);
        }

        /** {@code META-INF/maven/<group>/<artifact>/pom.properties}: its keys, else the path's segments. */
        void pom(String entry, byte[] bytes, int length) throws IOException {
            Properties p = new Properties();
            try {
                p.load(new ByteArrayInputStream(bytes, 0, length));
            } catch (IllegalArgumentException e) {
                // a malformed unicode escape: the path still names the component
                p.clear();
            }
            String[] segments = entry.split("/");
            String group = trim(p.getProperty("groupId"));
            String artifact = trim(p.getProperty("artifactId"));
            if (group == null && segments.length == 5) {
                group = segments[2];
            }
            if (artifact == null && segments.length == 5) {
                artifact = segments[3];
            }
            if (artifact != null) {
                poms.add(new Component(group, artifact, trim(p.getProperty("version")), Component.POM, null));
            }
        }

        /** The main section only (up to the first empty line), with continuation lines; the rest describes entries. */
        void manifest(byte[] bytes, int length) {
            String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
            String key = null;
            for (String line : text.split("\r\n|\r|\n", -1)) {
                if (line.isEmpty()) {
                    break;
                }
                if (line.charAt(0) == ' ') {
                    if (key != null) {
                        manifest.put(key, manifest.get(key) + line.substring(1));
                    }
                    continue;
                }
                key = null;
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    String name = line.substring(0, colon);
                    for (String wanted : ATTRIBUTES) {
                        if (wanted.equalsIgnoreCase(name)) {
                            key = wanted;
                            manifest.put(key, line.substring(colon + 2));
                        }
                    }
                }
            }
        }

        void classFile(String name) {
            int i = markers.match(name);
            if (i >= 0) {
                if (found[i] == null) {
                    found[i] = new TreeSet<>();
                }
                found[i].add(Markers.prefix(name, markers.get(i)));
            }
        }

        /**
         * Coordinates from every pom.properties, else from the manifest, else from the file name;
         * then, for each marker found: a copy at its own path that no coordinates account for, and
         * every relocated copy, as a {@code shaded} component (with the version of its surviving
         * pom.properties or manifest, if any). A pom.properties whose component's classes were only
         * found relocated describes that relocated copy, and is reported as it.
         */
        List<Component> components(String fileName) {
            List<Component> out = new ArrayList<>(poms);
            if (out.isEmpty()) {
                Component c = fromManifest(fileName);
                if (c == null) {
                    c = fromFileName(fileName);
                }
                if (c != null) {
                    out.add(c);
                }
            }
            List<Component> shaded = new ArrayList<>();
            for (int i = 0; i < found.length; i++) {
                if (found[i] == null) {
                    continue;
                }
                Markers.Marker m = markers.get(i);
                String version = null;
                boolean identified = false;
                for (int j = 0; j < out.size(); j++) {
                    Component c = out.get(j);
                    if (m.identifies(c)) {
                        identified = true;
                        if (version == null && !Component.FILENAME.equals(c.source)) {
                            version = c.version;
                        }
                        if (c.group == null && found[i].contains("")) {
                            // the marker class at its own path settles the group a file name cannot give
                            out.set(j, c.withGroup(m.group));
                        }
                    }
                }
                for (String prefix : found[i]) {
                    if (prefix.isEmpty()) {
                        if (!identified) {
                            shaded.add(new Component(m.group, m.artifact, null, Component.SHADED, null));
                        }
                    } else {
                        shaded.add(new Component(m.group, m.artifact, version, Component.SHADED, prefix));
                    }
                }
                if (!found[i].contains("")) {
                    for (int j = out.size() - 1; j >= 0; j--) {
                        if (Component.POM.equals(out.get(j).source) && m.identifies(out.get(j))) {
                            out.remove(j);
                        }
                    }
                }
            }
            out.addAll(shaded);
            return out;
        }

        /**
         * Implementation-Vendor-Id or Bundle-SymbolicName, with Implementation-Version or
         * Bundle-Version. The artifact is the file name's when the file is named
         * {@code <artifact>-<that version>.jar}, as Maven names it, else the Bundle-SymbolicName or,
         * lacking one, the Implementation-Title or Automatic-Module-Name.
         */
        private Component fromManifest(String fileName) {
            String vendor = trim(manifest.get("Implementation-Vendor-Id"));
            String bundle = trim(manifest.get("Bundle-SymbolicName"));
            if (bundle != null && bundle.indexOf(';') >= 0) {
                bundle = trim(bundle.substring(0, bundle.indexOf(';')));
            }
            String version = trim(manifest.get("Implementation-Version"));
            if (version == null) {
                version = trim(manifest.get("Bundle-Version"));
            }
            if ((vendor == null && bundle == null) || version == null) {
                return null;
            }
            String artifact;
            String[] named = splitFileName(fileName);
            if (named != null && named[1].equals(version)) {
                artifact = named[0];
            } else if (bundle != null) {
                artifact = bundle;
            } else {
                artifact = identifier(manifest.get("Implementation-Title"));
                if (artifact == null) {
                    artifact = identifier(manifest.get("Automatic-Module-Name"));
                }
            }
            return artifact == null ? null : new Component(vendor, artifact, version, Component.MANIFEST, null);
        }

        private static Component fromFileName(String fileName) {
            String[] named = splitFileName(fileName);
            return named == null ? null : new Component(null, named[0], named[1], Component.FILENAME, null);
        }

        /** {@code log4j-core-2.14.1.jar} -> {log4j-core, 2.14.1}: the version starts at the first '-' before a digit. */
        static String[] splitFileName(String fileName) {
            String base = fileName;
            int dot = base.lastIndexOf('.');
            if (dot > 0) {
                base = base.substring(0, dot);
            }
            for (int i = 1; i < base.length() - 1; i++) {
                if (base.charAt(i) == '-' && Character.isDigit(base.charAt(i + 1))) {
                    return new String[] {base.substring(0, i), base.substring(i + 1)};
                }
            }
            return null;
        }

        private static String identifier(String s) {
            s = trim(s);
            if (s == null) {
                return null;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!Character.isLetterOrDigit(c) && c != '.' && c != '-' && c != '_') {
                    return null;
                }
            }
            return s;
        }

        private static String trim(String s) {
            if (s == null) {
                return null;
            }
            s = s.trim();
            return s.isEmpty() ? null : s;
        }
    }
}
