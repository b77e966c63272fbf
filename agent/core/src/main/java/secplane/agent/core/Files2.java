package secplane.agent.core;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The few file operations the agent needs, on java.io only (Java 8, no NIO provider surprises). */
public final class Files2 {
    static final long MAX_READ = 16L * 1024 * 1024;

    private Files2() {
    }

    public static byte[] readAll(InputStream in) throws IOException {
        return readAll(in, MAX_READ, "file");
    }

    /** Reads and closes the stream; more than {@code maxBytes} is an error naming {@code what}. */
    public static byte[] readAll(InputStream in, long maxBytes, String what) throws IOException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > maxBytes) {
                    throw new IOException(what + " larger than " + maxBytes + " bytes");
                }
            }
            return out.toByteArray();
        } finally {
            in.close();
        }
    }

    public static byte[] readAll(File f) throws IOException {
        return readAll(new java.io.FileInputStream(f));
    }

    static void writeAtomically(File target, String text, AgentLog log) {
        try {
            replace(target, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.warn("writing " + target + " failed: " + e);
        }
    }

    /** Writes {@code bytes} aside and renames them over {@code target}: readers see the old or the new file, never half of one. */
    public static void replace(File target, byte[] bytes) throws IOException {
        File tmp = new File(target.getPath() + ".tmp");
        FileOutputStream out = new FileOutputStream(tmp);
        try {
            out.write(bytes);
            out.getFD().sync();
        } finally {
            out.close();
        }
        if (!tmp.renameTo(target)) {
            target.delete();
            if (!tmp.renameTo(target)) {
                throw new IOException("cannot rename " + tmp + " to " + target);
            }
        }
    }
}
