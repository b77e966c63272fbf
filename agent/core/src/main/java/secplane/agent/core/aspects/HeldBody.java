package secplane.agent.core.aspects;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.util.concurrent.atomic.AtomicLong;
import secplane.agent.core.request.RequestContext;

/**
 * The body of one response the agent holds back instead of sending chunk by chunk: a designated export, which
 * an aspect can only mark (a watermark per recipient) once it has every row. Each write the application makes
 * is copied here and handed to the container with length 0; when the stream is closed, or the request ends,
 * the aspect gets the whole body once and the host writes its answer (or, when that fails, exactly the bytes
 * the application wrote) into the same stream.
 *
 * <p>Only writes of the woven {@code write(byte[]|char[]|String, int, int)} are held: they are how the
 * containers' own streams and writers, and the JSON and CSV libraries above them, send bodies.
 */
final class HeldBody {
    /** Bodies larger than this are released unmarked as soon as they reach it (the aspect needs the whole body in memory). */
    static final int MAX_BYTES = 32 << 20;
    private static final AtomicLong FAILURES = new AtomicLong();

    final LoadedAspect aspect;
    final RequestContext context;
    final Object stream;
    final String contentType;
    final Charset charset;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean released;

    HeldBody(LoadedAspect aspect, RequestContext context, Object stream, String contentType, Charset charset) {
        this.aspect = aspect;
        this.context = context;
        this.stream = stream;
        this.contentType = contentType;
        this.charset = charset;
    }

    /** Bodies that could not be released as the aspect answered (sent as the application wrote them) since start. */
    static long failures() {
        return FAILURES.get();
    }

    static void failed() {
        FAILURES.incrementAndGet();
    }

    /**
     * Copies the woven write's chunk and sets its length argument to 0, so that the container writes nothing now.
     *
     * @return false when the chunk cannot be held (unknown shape, over the size bound): it is then written as it is
     */
    synchronized boolean take(Object[] raw) {
        if (released || raw.length < 3 || !(raw[1] instanceof Integer) || !(raw[2] instanceof Integer)) {
            return false;
        }
        int off = (Integer) raw[1];
        int len = (Integer) raw[2];
        byte[] chunk;
        if (raw[0] instanceof byte[]) {
            byte[] b = (byte[]) raw[0];
            if (off < 0 || len < 0 || off + len > b.length) {
                return false;
            }
            chunk = java.util.Arrays.copyOfRange(b, off, off + len);
        } else if (raw[0] instanceof char[]) {
            chunk = new String((char[]) raw[0], off, len).getBytes(charset);
        } else if (raw[0] instanceof String) {
            chunk = ((String) raw[0]).substring(off, off + len).getBytes(charset);
        } else {
            return false;
        }
        if (bytes.size() + chunk.length > MAX_BYTES) {
            return false;
        }
        bytes.write(chunk, 0, chunk.length);
        raw[2] = Integer.valueOf(0);
        return true;
    }

    synchronized boolean released() {
        return released;
    }

    /** @return the held body, once; null when it was already released */
    synchronized byte[] release() {
        if (released) {
            return null;
        }
        released = true;
        return bytes.toByteArray();
    }

    /** Writes into the held stream with its own {@code write(byte[], int, int)} (or {@code write(char[], int, int)}, a writer). */
    void send(byte[] body) throws Exception {
        Class<?> c = stream.getClass();
        try {
            Method m = c.getMethod("write", byte[].class, int.class, int.class);
            m.invoke(stream, body, 0, body.length);
        } catch (NoSuchMethodException e) {
            char[] text = new String(body, charset).toCharArray();
            c.getMethod("write", char[].class, int.class, int.class).invoke(stream, text, 0, text.length);
        }
    }
}
