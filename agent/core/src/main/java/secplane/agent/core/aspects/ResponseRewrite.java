package secplane.agent.core.aspects;

import java.nio.charset.Charset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a masked response chunk back into the buffer the application is about to send, in place:
 * the woven {@code write(byte[]|char[], off, len)} then sends the masked bytes; for
 * {@code write(String, off, len)} (Tomcat's and Undertow's writers) the argument itself is replaced by a
 * masked copy, which the woven method takes back before it runs. Only a replacement of
 * exactly the same encoded length can be written this way, and only when the chunk's bytes decode and
 * re-encode to themselves (no multi-byte character cut at the chunk's edge); anything else leaves the
 * chunk as the application wrote it and is counted, so a rewrite never breaks a response.
 */
public final class ResponseRewrite {
    private static final AtomicLong FAILURES = new AtomicLong();

    private ResponseRewrite() {
    }

    /** Chunks that could not be rewritten since start (sent unmasked). */
    public static long failures() {
        return FAILURES.get();
    }

    /**
     * @param raw      the woven write's arguments: buffer, offset, length
     * @param original the chunk as the aspects saw it
     * @param masked   its replacement
     */
    static boolean apply(Object[] raw, String original, String masked, Charset charset) {
        try {
            if (raw.length >= 3 && masked.length() == original.length() && raw[1] instanceof Integer) {
                int off = (Integer) raw[1];
                if (raw[0] instanceof byte[]) {
                    byte[] buffer = (byte[]) raw[0];
                    byte[] before = original.getBytes(charset);
                    byte[] after = masked.getBytes(charset);
                    if (after.length == before.length && off + before.length <= buffer.length && same(buffer, off, before)) {
                        System.arraycopy(after, 0, buffer, off, after.length);
                        return true;
                    }
                } else if (raw[0] instanceof String) {
                    // the woven write(String, int, int) takes raw[0] back after the dispatch (Hook.writeBack):
                    // the same string with the chunk's characters replaced, so offset and length still hold
                    String s = (String) raw[0];
                    if (off >= 0 && off + original.length() <= s.length() && s.regionMatches(off, original, 0, original.length())) {
                        raw[0] = s.substring(0, off) + masked + s.substring(off + masked.length());
                        return true;
                    }
                } else if (raw[0] instanceof char[]) {
                    char[] buffer = (char[]) raw[0];
                    if (off + masked.length() <= buffer.length) {
                        masked.getChars(0, masked.length(), buffer, off);
                        return true;
                    }
                }
            }
        } catch (RuntimeException e) {
            // fall through: sent as written
        }
        FAILURES.incrementAndGet();
        return false;
    }

    private static boolean same(byte[] buffer, int off, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (buffer[off + i] != bytes[i]) {
                return false;
            }
        }
        return true;
    }
}
